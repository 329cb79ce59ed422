"""The teacher's controls (only the session holding the class's Teacher link): remove a
run or a drawing, close the class, delete it."""

import streamlit as st

from classroom import ClassError, ClassNotFound
from playground.class_mode import common, seat, state

def _teacher_action(action, *args, said):
    """Call the store's ``action`` (a method name) with the class's code, the teacher's
    token and ``args``; True if it was done. What it ``said`` (or the error) is told at
    "teacher"."""
    membership = state.class_membership()
    if membership is None or not membership.teacher:
        return False
    try:
        result = getattr(common.store(), action)(membership.code, membership.teacher_token, *args)
    except ClassNotFound:
        state.leave_class(cookie=seat.FORGET)
        state.tell("class", "warning", "That class does not exist any more.")
        return False
    except ClassError as error:
        state.tell("teacher", "error", str(error))
        return False
    if result is False:
        state.tell("teacher", "warning", "That entry had already been removed.")
        return False
    state.tell("teacher", "success", said)
    return True


def _remove_run():
    run_id = st.session_state.get("class_remove_run")
    if run_id is not None:
        _teacher_action("remove_run", run_id, said="Run removed from the board.")


def _remove_drawing():
    drawing_id = st.session_state.get("class_remove_drawing")
    if drawing_id is not None:
        _teacher_action("remove_drawing", drawing_id,
                        said="Drawing removed from the board.")


def _close():
    _teacher_action("close_class",
                    said="The class is closed: the board stays, nothing can be added.")


def _delete():
    if _teacher_action("delete_class", said=""):
        state.take_notice("teacher")
        state.leave_class(cookie=seat.FORGET)
        state.tell("class", "success", "The class was deleted, with everything shared "
                                         "in it.")


def teacher_controls(board):
    """Remove an entry, close the class, delete it (the teacher's session only)."""
    with st.expander("Teacher's controls: remove an entry, close or delete the class",
                     icon=":material/admin_panel_settings:", expanded=False):
        common.show_notice("teacher")
        runs = {r.id: r for r in board.runs}
        drawings = {d.id: d for d in board.drawings}
        left, right = st.columns(2, gap="large")
        with left:
            st.selectbox("A run", list(runs), key="class_remove_run", index=None,
                         placeholder="Choose a run to remove",
                         format_func=lambda k: f"{runs[k].name} · "
                                               "{} vs {}".format(*runs[k].pair) + " · "
                                               f"{100 * runs[k].test_accuracy:.1f}%")
            st.button("Remove run", icon=":material/delete:", on_click=_remove_run,
                      disabled=not runs, key="class_remove_run_button")
        with right:
            st.selectbox("A drawing", list(drawings), key="class_remove_drawing", index=None,
                         placeholder="Choose a drawing to remove",
                         format_func=lambda k: f"{drawings[k].name} · meant "
                                               f"{drawings[k].intended_digit} · #{k}")
            st.button("Remove drawing", icon=":material/delete:", on_click=_remove_drawing,
                      disabled=not drawings, key="class_remove_drawing_button")
        st.divider()
        with st.container(horizontal=True):
            with st.popover("Close the class", icon=":material/lock:",
                            disabled=board.info.closed):
                st.markdown("Nobody can join or share any more; the board stays visible. "
                            "A closed class cannot be opened again.")
                st.button("Close it now", key="class_close", on_click=_close)
            with st.popover("Delete the class", icon=":material/delete_forever:"):
                st.markdown("The class, its students, runs and drawings are deleted now, "
                            "for everyone. This cannot be undone.")
                st.button("Delete everything now", key="class_delete", type="primary",
                          on_click=_delete)
