"""Who this session is in class mode: the line on every page, and the class header on
the Class page (its code, its links, Leave)."""

import streamlit as st

from playground import navigation
from playground.class_mode import seat, state
from playground.class_mode.entry import class_links


def class_badge(shown_page):
    """A line at the top of every page but the Class page itself saying which class the
    session is in (a link to the Class page), and as whom."""
    membership = state.class_membership()
    if membership is None or shown_page.url_path == navigation.CLASS.url_path:
        return
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.page_link(navigation.CLASS.script, label=f"Class {membership.code}",
                     icon=":material/groups:")
        st.text("you are the teacher" if membership.teacher
                else f"joined as {membership.name}")


def _leave():
    membership = state.class_membership()
    if membership is None or membership.teacher:
        state.leave_class(cookie=seat.FORGET)  # the Teacher link brings the teacher back
    else:  # joining this class again from this browser is the same student
        state.leave_class(cookie=seat.left_cookie(membership.code, membership.member_token),
                          left=(membership.code, membership.member_token))


def class_header(membership, closed=False):
    """The class's code, who this session is and Leave, then the students' link (a row
    of its own: on a projector it is never broken in the middle of the code)."""
    students_link, teacher_link = class_links(st.context.url, membership.code,
                                              membership.teacher_token)
    code_col, me_col = st.columns([2.2, 1.1], gap="medium")
    # the code is read off a projector at the back of the room: large, bold, never cut
    # short (the style of the "class_code" container is in playground/app.css)
    with code_col.container(key="class_code"):
        st.metric("Class code", membership.code,
                  help="Students type it on this page (Join), with any capitals and "
                       "dashes.")
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
            st.caption("The class is closed: its board stays to be seen." if closed else
                       "Share a run from Train and a drawing from Draw: they appear on "
                       "this board for the whole class.")
        st.button("Leave", key="leave_class", icon=":material/logout:", on_click=_leave,
                  help="Leave this class on this device (what was shared stays on the "
                       "board)." + (" Come back with the Teacher link." if membership.teacher
                                   else ""))
    with st.container(key="students_link"):  # room for the copy icon: playground/app.css
        st.markdown("**Students' link**: opens this page with the code filled in")
        st.code(students_link, language=None, wrap_lines=True)
