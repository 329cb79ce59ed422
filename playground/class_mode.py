"""Class mode's widgets: start or join a class, the shared board, and the Share buttons
of Train and Draw.

The store (``classroom``, through ``playground.class_store``) keeps everything a class
shares; the session (``playground.session``) only remembers which class it is in. Every
``ClassError`` becomes a short message on the page, never a traceback, and every
student's name is shown as text (``st.text``, a table cell, escaped plotly text), never
as Markdown or HTML.

Actions are button callbacks: they run before the page is drawn, call the store, and
leave a notice (``session.tell``) that the page shows where the button is. A Share
button's widget key holds the idempotency key of its next share, so a click that
reaches the server twice finds the same key (the store keeps one share) or no button
at all (the key was replaced after the first delivery succeeded), while a new click
on the new button is a new share.
"""

from datetime import timezone

import numpy as np
import pandas as pd
import streamlit as st

from classroom import ClassError, ClassNotFound, format_code, normalise_code
from playground import cached, class_figures, class_store, session
from playground.figures import CHART_CONFIG

REFRESH_SECONDS = 3  # how often an open board asks whether anything changed
PAGE_PATH = "class"  # the Class page's url_path (app.py)
_ICONS = {"success": ":material/check_circle:", "error": ":material/error:",
          "warning": ":material/warning:", "info": ":material/info:"}


def _store():
    """The process's store; ``StoreUnavailable`` (a ClassError) if it cannot be opened."""
    return class_store.store()


def show_notice(where, toast=False):
    """Show what the last action at ``where`` said, once."""
    notice = session.take_notice(where)
    if notice is None:
        return
    kind, text = notice
    getattr(st, kind)(text, icon=_ICONS[kind])
    if toast and kind == "success":
        st.toast(text, icon=_ICONS[kind])


def _same_class(code_a, code_b):
    return normalise_code(code_a or "") is not None and \
        normalise_code(code_a or "") == normalise_code(code_b or "")


# ---- links ---------------------------------------------------------------------------------

def class_links(page_url, code, token=None):
    """``(students' link, teacher link or None)`` of class ``code``, built on the URL
    the page is seen at (``st.context.url``; None in tests: a relative link)."""
    base = (page_url or "").split("?")[0].rstrip("/")
    if not base.endswith("/" + PAGE_PATH):
        base += "/" + PAGE_PATH
    students = f"{base}?code={code}"
    return students, (f"{students}&teacher={token}" if token else None)


def open_link(query):
    """Act on the link the Class page was opened with: a Teacher link (``?code=&teacher=``)
    makes this session the class's teacher if its token is right; a students' link
    (``?code=``) pre-fills the join form. The address bar then shows the students'
    link, never the token."""
    code_text, token = query.get("code"), query.get("teacher")
    membership = session.class_membership()
    if token and not (membership and membership.teacher_token == token
                      and _same_class(membership.code, code_text)):
        try:
            is_teacher = _store().check_teacher(code_text or "", token)
        except ClassNotFound:
            st.error("This teacher link is for a class that does not exist any more (or "
                     "the link was cut short).", icon=_ICONS["error"])
            is_teacher = None
        except ClassError as error:
            st.error(str(error), icon=_ICONS["error"])
            return
        if is_teacher:
            session.teach_class(format_code(normalise_code(code_text)), token)
            session.tell("class", "success", "You are the teacher of this class on this "
                                             "device.")
        elif is_teacher is False:
            st.error("This teacher link is not right: its secret part does not match the "
                     "class. Copy the whole link again.", icon=_ICONS["error"])
    membership = session.class_membership()
    if membership is not None and code_text and not _same_class(membership.code, code_text):
        other = normalise_code(code_text)
        st.info(("The link you opened is for another class, " + format_code(other) if other
                 else "The link you opened has no valid class code")
                + f". You are in class {membership.code}: leave it to join another one.",
                icon=_ICONS["info"])
        return
    session.keep_class_link(membership.code if membership else None)


# ---- on every page ---------------------------------------------------------------------------

def class_badge(class_page, shown_page):
    """A line at the top of every page but the Class page itself saying which class the
    session is in (a link to the Class page), and as whom."""
    membership = session.class_membership()
    if membership is None or shown_page.url_path == class_page.url_path:
        return
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.page_link(class_page, label=f"Class {membership.code}", icon=":material/groups:")
        st.text("you are the teacher" if membership.teacher
                else f"joined as {membership.name}")


# ---- start or join ----------------------------------------------------------------------------

def _start_class():
    try:
        new = _store().create_class()
    except ClassError as error:
        session.tell("start", "error", str(error))
        return
    session.teach_class(new.code, new.teacher_token)
    session.tell("class", "success", "Your class has started. Show the class code (or the "
                                     "students' link) to the room, and keep the Teacher link "
                                     "for yourself.")


def start_class_panel(for_students=False):
    """For the teacher: Start a class (less prominent on a students' link)."""
    with st.container(border=True):
        st.header("Teach a class", anchor=False)
        st.markdown("Start a class and show its code: each student joins with it and a "
                    "name, and what they share appears on this page's board.")
        st.button("Start a class", type="secondary" if for_students else "primary",
                  icon=":material/add_circle:",
                  on_click=_start_class, key="start_class",
                  help="Makes a new class with its own code, and a Teacher link that "
                       "only you get: the key to removing entries, closing or deleting it.")
        show_notice("start")


def _join():
    code_text = st.session_state.get("join_code") or ""
    name = st.session_state.get("join_name") or ""
    if not code_text.strip():
        session.tell("join", "error", "Type the class code your teacher shows.")
        return
    try:
        member = _store().join(code_text, name)
    except ClassError as error:
        session.tell("join", "error", str(error))
        return
    session.join_class(format_code(normalise_code(code_text)), member)
    session.tell("class", "success", "You joined the class. Share a run from Train or a "
                                     "drawing from Draw, and watch the board below.")


def join_form(code_from_link):
    """For a student: Class code, Your name, Join."""
    with st.form("join_class", border=True, enter_to_submit=True):
        st.header("Join a class", anchor=False)
        st.text_input("Class code", placeholder="K7Q-XM4-RP2",
                      help="The code your teacher shows (capitals or not, dashes or not).",
                      **session.join_code_widget(code_from_link))
        st.text_input("Your name", key="join_name", placeholder="First name is enough",
                      help="1 to 24 characters, as the class will see it on the board.")
        st.form_submit_button("Join", type="primary", icon=":material/login:",
                              on_click=_join)
    show_notice("join")


# ---- the class header -------------------------------------------------------------------------

def _leave():
    session.leave_class()


def class_header(membership):
    """The class's code, its links, who this session is, and Leave."""
    students_link, teacher_link = class_links(st.context.url, membership.code,
                                              membership.teacher_token)
    code_col, link_col, me_col = st.columns([1.7, 1.6, 1.1], gap="medium")
    # the code is read off a projector at the back of the room: large, bold, never cut
    # short (the style of the "class_code" container is in playground/app.css)
    with code_col.container(key="class_code"):
        st.metric("Class code", membership.code,
                  help="Students type it on this page (Join), with any capitals and "
                       "dashes.")
    with link_col:
        st.markdown("**Students' link**: opens this page with the code filled in")
        st.code(students_link, language=None, wrap_lines=True)
    with me_col:
        if membership.teacher:
            st.link_button("Teacher link", teacher_link, icon=":material/key:",
                           type="primary",
                           help="Your key to this class: opens its board with the "
                                "teacher's controls, on any device, also tomorrow.")
            st.caption("Save it now (open it and bookmark it, or copy it): it is shown "
                       "only here and cannot be made again. Keep it secret: whoever has "
                       "it can manage the class.")
        else:
            st.markdown("**You are in this class as**")
            st.text(membership.name)
            st.caption("Share a run from Train and a drawing from Draw: they appear on "
                       "this board for the whole class.")
        st.button("Leave", key="leave_class", icon=":material/logout:", on_click=_leave,
                  help="Leave this class on this device (what was shared stays on the "
                       "board)." + (" Come back with the Teacher link." if membership.teacher
                                   else ""))


# ---- the board ----------------------------------------------------------------------------------

def current_board(membership):
    """The board of the session's class, read only when it changed (shared by the whole
    class through ``cached.class_board``); None if it cannot be read now. A class that
    is gone (deleted or expired) ends the membership."""
    try:
        version = _store().board_version(membership.code)
        return cached.class_board(class_store.database(), membership.code, version)
    except ClassNotFound:
        session.leave_class()
        session.tell("class", "warning", "That class does not exist any more: its teacher "
                                         "deleted it, or it expired.")
        st.rerun()
    except ClassError as error:
        st.warning(str(error), icon=_ICONS["warning"])
        return None


@st.fragment(run_every=REFRESH_SECONDS)
def watch_board(code, seen):
    """Every few seconds, one small query: has the board changed since ``seen``? Only
    then is the page drawn again (with the new board), so an open board follows the
    class without reloading and without redrawing what did not change."""
    try:
        version = _store().board_version(code)
    except ClassNotFound:
        version = "gone"
    except ClassError:
        return  # the database is busy or down: ask again at the next tick
    if version != seen:
        st.rerun(scope="app")


def board_status(board):
    students = [s.name for s in board.students]
    if board.info.closed:
        st.info("This class is closed: its board can still be seen, but no one can join "
                "or share any more.", icon=":material/lock:")
    st.markdown(f"**{len(students)} student{'s' if len(students) != 1 else ''}** · "
                f"{len(board.runs)} run{'s' if len(board.runs) != 1 else ''} · "
                f"{len(board.drawings)} drawing{'s' if len(board.drawings) != 1 else ''}"
                f" · the board updates by itself")
    if students:
        st.text(", ".join(students))


def _best_first(runs):
    """Runs by pair, and within a pair the best test accuracy first (then the fewest
    iterations, then the first shared)."""
    return sorted(runs, key=lambda r: (r.pair, -r.test_accuracy, r.iteration, r.id))


def runs_table(board):
    st.header("Runs", anchor=False)
    if not board.runs:
        st.info("No runs yet. Students: train a neuron on the Train page, then press "
                "**Share this run**.", icon=":material/model_training:")
        return
    rows = [{"Name": r.name, "Pair": f"{r.negative} vs {r.positive}",
             "Learning rate": r.learning_rate, "Iterations": r.iteration,
             "Test accuracy": 100 * r.test_accuracy} for r in _best_first(board.runs)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="class_runs_table",
                 column_config={  # widths in pixels: all five fit half a projector
                     "Name": st.column_config.TextColumn(width=150),
                     "Pair": st.column_config.TextColumn(width=62),
                     "Learning rate": st.column_config.NumberColumn(format="%g", width=104),
                     "Iterations": st.column_config.NumberColumn(format="%d", width=84),
                     "Test accuracy": st.column_config.NumberColumn(format="%.1f%%",
                                                                    width=112)})
    st.caption("Best first for each pair: the highest test accuracy, then the fewest "
               "iterations.")


def weight_pictures(board):
    if not board.runs:
        return
    st.header("Weight pictures", anchor=False)
    counts = {}
    for r in board.runs:
        counts[r.pair] = counts.get(r.pair, 0) + 1
    pairs = sorted(counts, key=lambda p: (-counts[p], p))
    labels = [f"{a} vs {b}" for a, b in pairs]
    chosen = st.selectbox("Pair", labels, key="class_pair",
                          help="The runs of one pair, side by side.")
    negative, positive = pairs[labels.index(chosen)] if chosen in labels else pairs[0]
    runs = [r for r in _best_first(board.runs) if r.pair == (negative, positive)]
    st.caption(f"{len(runs)} run{'s' if len(runs) != 1 else ''} of {negative} vs {positive}, "
               f"best first. Red pixels push toward {positive}, blue toward {negative}; "
               "each picture is scaled to its own strongest weight. " + (
                   "Different learning rates and iterations, yet the pictures look alike: "
                   "why? (They all learned where the two digits' ink differs.)"
                   if len(runs) > 1 else "Share more runs of this pair to compare them."))
    st.plotly_chart(class_figures.weight_pictures([r.weights for r in runs],
                                                  [r.name for r in runs],
                                                  [r.test_accuracy for r in runs]),
                    config=CHART_CONFIG, key="class_weights")


def drawings_section(board):
    st.header("Our handwriting", anchor=False)
    if not board.drawings:
        st.info("No drawings yet. Students: draw a digit on the Draw page, choose the digit "
                "you meant under **I meant**, and press **Share this drawing**.",
                icon=":material/draw:")
        return
    drawings = board.drawings
    X = np.array([d.features for d in drawings], dtype=float).T  # (64, k)
    meant = np.array([d.intended_digit for d in drawings])
    model, dataset_accuracy = cached.ten_digit_model()
    answers = model.predict(X)  # (k,) the ten-digit model's reading of each drawing
    ours = float(np.mean(answers == meant))
    c1, c2, c3 = st.columns([1, 1, 1.2])
    c1.metric("Accuracy on our handwriting", f"{100 * ours:.0f}%",
              help=f"The ten-digit model's answers on the class's {len(drawings)} drawings: "
                   "how often it reads the digit that was meant.")
    c2.metric("On the dataset's test images", f"{100 * dataset_accuracy:.1f}%",
              help="The same model on the dataset's 360 held-out test images.")
    with c3:
        st.button("Retrain with our drawings", icon=":material/model_training:",
                  on_click=session.ask_retrain, key="class_retrain_button",
                  help="Train the ten-digit model again with half of the class's drawings "
                       "added to its training images, and measure it on the other half.")
    if session.retrain_asked():
        _retrain_result(board.info.code, drawings, X, meant)
    st.plotly_chart(class_figures.drawings_by_digit(
        X.T, meant, answers, [d.name for d in drawings]), config=CHART_CONFIG,
        key="class_drawings")
    st.caption("Each row is the digit the students meant, with how many of them the "
               "ten-digit model read right; under each drawing, its answer (✓ right, "
               "✗ wrong). The newest drawings first.")


def _points(change, decimals):
    """A change of accuracy in percentage points for a metric's delta (None: none)."""
    shown = f"{100 * change:+.{decimals}f}"
    return None if float(shown) == 0 else f"{shown} points"


def _retrain_result(code, drawings, X, meant):
    if len(drawings) < 2:
        st.info("Share at least two drawings first: half to learn from, half to measure on.",
                icon=":material/info:")
        return
    result = cached.class_retrain(code, tuple(d.id for d in drawings), X, meant)
    with st.container(border=True):
        b, a, d = st.columns(3)
        b.metric("Before: on our held-out drawings", f"{100 * result.before:.0f}%")
        a.metric("After retraining", f"{100 * result.after:.0f}%",
                 delta=_points(result.after - result.before, 0))
        d.metric("After, on the dataset's test images", f"{100 * result.dataset_after:.1f}%",
                 delta=_points(result.dataset_after - result.dataset_before, 1))
        st.caption(f"The ten-digit model trained again as before, on the dataset's training "
                   f"images plus {result.n_added} of your drawings (every other one of each "
                   "digit, each also redrawn as the dataset's images are), and measured on "
                   f"the other {result.n_held_out}, which it never saw. The dataset's digits "
                   "were written by other people, scanned another way: a model reads best "
                   "what looks like what it learned from.")


# ---- the teacher's controls --------------------------------------------------------------------

def _teacher_action(action, *args, said):
    """Call the store's ``action`` (a method name) with the class's code, the teacher's
    token and ``args``; True if it was done. What it ``said`` (or the error) is told at
    "teacher"."""
    membership = session.class_membership()
    if membership is None or not membership.teacher:
        return False
    try:
        result = getattr(_store(), action)(membership.code, membership.teacher_token, *args)
    except ClassNotFound:
        session.leave_class()
        session.tell("class", "warning", "That class does not exist any more.")
        return False
    except ClassError as error:
        session.tell("teacher", "error", str(error))
        return False
    if result is False:
        session.tell("teacher", "warning", "That entry had already been removed.")
        return False
    session.tell("teacher", "success", said)
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
        session.take_notice("teacher")
        session.leave_class()
        session.tell("class", "success", "The class was deleted, with everything shared "
                                         "in it.")


def teacher_controls(board):
    """Remove an entry, close the class, delete it (the teacher's session only)."""
    with st.expander("Teacher's controls: remove an entry, close or delete the class",
                     icon=":material/admin_panel_settings:", expanded=False):
        show_notice("teacher")
        runs = {r.id: r for r in board.runs}
        drawings = {d.id: d for d in board.drawings}
        left, right = st.columns(2, gap="large")
        with left:
            st.selectbox("A run", list(runs), key="class_remove_run", index=None,
                         placeholder="Choose a run to remove",
                         format_func=lambda k: f"{runs[k].name} · {runs[k].negative} vs "
                                               f"{runs[k].positive} · "
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


def expiry_note(board=None):
    """How long classes are kept (the store's setting), and when this one ends."""
    try:
        days = _store().days
    except ClassError:
        return
    ends = "" if board is None else f" This one ends on {when(board.info.expires_at)}."
    st.caption(f"Classes are kept for {days:g} day{'s' if days != 1 else ''}, then deleted "
               "with everything shared in them." + ends + " Only what students share is "
               "stored, under the name they typed: nothing else about them.")


# ---- sharing, from Train and Draw -----------------------------------------------------------------

def _student():
    membership = session.class_membership()
    return membership if membership is not None and not membership.teacher else None


def run_to_share(run):
    """A ``logreg.run.TrainingRun`` as the dict ``classroom.payloads`` describes."""
    latest, curves = run.latest, run.curves()
    return dict(
        negative=run.pair.negative, positive=run.pair.positive,
        learning_rate=run.learning_rate, iterations=run.num_iterations,
        test_size=run.pair.test_size, l2=run.l2,
        batch="full" if run.batch_size is None else run.batch_size,
        init=run.init, seed=run.seed, iteration=run.iteration,
        train_accuracy=latest.train_accuracy, test_accuracy=latest.test_accuracy,
        train_cost=latest.train_cost, test_cost=latest.test_cost,
        curve_iterations=curves["iteration"].astype(int).tolist(),
        curve_costs=curves["train_cost"].tolist(),
        weights=np.asarray(latest.w, dtype=float).reshape(64).tolist(), bias=float(latest.b))


def _shared(where, kind, key, membership, share):
    """Call ``share()`` (a store call with idempotency key ``key``); say how it went."""
    try:
        share()
    except ClassNotFound:
        session.tell(where, "error", "Your class does not exist any more: its teacher "
                                     "deleted it, or it expired.")
        return False
    except ClassError as error:
        session.tell(where, "error", str(error))
        return False
    session.rotate_share_key(kind, key)
    return True


def _share_run(key):
    membership, run = _student(), session.trained_run()
    if membership is None or run is None:
        return
    payload = run_to_share(run)
    if _shared("share_run", "run", key, membership, lambda: _store().share_run(
            membership.code, membership.member_id, payload, key)):
        session.tell("share_run", "success",
                     f"Shared with class {membership.code}: {run.pair.negative} vs "
                     f"{run.pair.positive}, {run.iteration} iterations, test accuracy "
                     f"{100 * payload['test_accuracy']:.1f}%. It is on the board now.")


def share_run_button(run):
    """Train: Share this run, for a student in a class, once the run has trained."""
    membership = _student()
    if membership is None or run is None or run.iteration == 0:
        return
    key = session.share_key("run")
    st.button("Share this run", key=f"share_run_{key}", icon=":material/ios_share:",
              on_click=_share_run, args=(key,),
              help=f"Post this run (its settings, accuracies, cost curve and weights) to "
                   f"the board of class {membership.code}, under your name.")
    show_notice("share_run", toast=True)


def _share_drawing(features, model_answer, key):
    membership, meant = _student(), st.session_state.get("class_meant")
    if membership is None:
        return
    if meant is None:
        session.tell("share_drawing", "warning", "Choose the digit you meant first.")
        return
    if _shared("share_drawing", "drawing", key, membership, lambda: _store().share_drawing(
            membership.code, membership.member_id, features, int(meant), model_answer, key)):
        session.drawing_shared()
        session.tell("share_drawing", "success",
                     f"Shared with class {membership.code}: your {int(meant)} (the model "
                     f"read {model_answer}). It is on the board now.")


def share_drawing_panel(features, model_answer):
    """Draw: I meant (a digit) and Share this drawing, for a student in a class.
    ``features`` are the 64 values (0-1) the model read; ``model_answer`` its answer."""
    membership = _student()
    if membership is None:
        return
    features = np.asarray(features, dtype=float).reshape(64).tolist()
    key = session.share_key("drawing")
    with st.container(border=True):
        meant = st.pills("I meant", list(range(10)), key="class_meant",
                         help="The digit you meant to draw: the class board compares it "
                              "with the ten-digit model's answer.")
        st.button("Share this drawing", key=f"share_drawing_{key}", icon=":material/ios_share:",
                  on_click=_share_drawing, args=(features, int(model_answer), key),
                  disabled=meant is None,
                  help=f"Post this drawing (as the 8×8 image the model reads), the digit "
                       f"you meant and the model's answer to class {membership.code}'s "
                       "board." if meant is not None else "Choose the digit you meant first.")
        show_notice("share_drawing", toast=True)


def when(timestamp):
    """A record's time (an aware ``datetime``) as the date people read: 3 January 2026
    (UTC)."""
    timestamp = timestamp.astimezone(timezone.utc)
    return f"{timestamp.day} {timestamp:%B %Y} (UTC)"
