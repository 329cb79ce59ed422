"""Into a class: the links of a class (the students' link, the Teacher link), what
opening one does, Start a class for the teacher and the Join form for a student."""

import streamlit as st

from classroom import ClassError, ClassNotFound, format_code, normalise_code
from classroom.names import MAX_LENGTH
from playground import navigation
from playground.class_mode import common, seat, state

def class_links(page_url, code, token=None):
    """``(students' link, teacher link or None)`` of class ``code``, built on the URL
    the page is seen at (``st.context.url``; None in tests: a relative link)."""
    base = (page_url or "").split("?")[0].rstrip("/")
    if not base.endswith(navigation.CLASS.url):
        base += navigation.CLASS.url
    students = f"{base}?code={code}"
    return students, (f"{students}&teacher={token}" if token else None)


def open_link(query):
    """Act on the link the Class page was opened with: a Teacher link (``?code=&teacher=``)
    makes this session the class's teacher if its token is right; a students' link
    (``?code=``) pre-fills the join form. The address bar then shows the students'
    link, never the token."""
    code_text, token = query.get("code"), query.get("teacher")
    membership = state.class_membership()
    if token and not (membership and membership.teacher_token == token
                      and common.same_class(membership.code, code_text)):
        try:
            is_teacher = common.store().check_teacher(code_text or "", token)
        except ClassNotFound:
            st.error("This teacher link is for a class that does not exist any more (or "
                     "the link was cut short).", icon=common.ICONS["error"])
            is_teacher = None
        except ClassError as error:
            st.error(str(error), icon=common.ICONS["error"])
            return
        if is_teacher:
            code = format_code(normalise_code(code_text))
            state.teach_class(code, token, cookie=seat.teacher_cookie(code, token))
            state.tell("class", "success", "You are the teacher of this class on this "
                                             "device.")
        elif is_teacher is False:
            st.error("This teacher link is not right: its secret part does not match the "
                     "class. Copy the whole link again.", icon=common.ICONS["error"])
    membership = state.class_membership()
    if membership is not None and code_text and not common.same_class(membership.code, code_text):
        other = normalise_code(code_text)
        st.info(("The link you opened is for another class, " + format_code(other) if other
                 else "The link you opened has no valid class code")
                + f". You are in class {membership.code}: leave it to join another one.",
                icon=common.ICONS["info"])
        return
    state.keep_class_link(membership.code if membership else None)


def _start_class():
    try:
        new = common.store().create_class()
    except ClassError as error:
        state.tell("start", "error", str(error))
        return
    state.teach_class(new.code, new.teacher_token,
                      cookie=seat.teacher_cookie(new.code, new.teacher_token))
    state.tell("class", "success", "Your class has started. Show the class code (or the "
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
        common.show_notice("start")


def _join():
    code_text = st.session_state.get("join_code") or ""
    name = st.session_state.get("join_name") or ""
    if not code_text.strip():
        state.tell("join", "error", "Type the class code your teacher shows.")
        return
    left = state.left_seat()  # this browser's student, back: the same student again
    token = left[1] if left and common.same_class(left[0], code_text) else None
    try:
        member = common.store().join(code_text, name, token=token)
    except ClassError as error:
        state.tell("join", "error", str(error))
        return
    code = format_code(normalise_code(code_text))
    state.join_class(code, member, cookie=seat.student_cookie(code, member.token))
    state.tell("class", "success", "You joined the class. Share a run from Train or a "
                                     "drawing from Draw, and watch the board below.")


def join_form(code_from_link):
    """For a student: Class code, Your name, Join."""
    with st.form("join_class", border=True, enter_to_submit=True):
        st.header("Join a class", anchor=False)
        st.text_input("Class code", placeholder="K7Q-XM4-RP2",
                      help="The code your teacher shows (capitals or not, dashes or not).",
                      **state.join_code_widget(code_from_link))
        st.text_input("Your name", key="join_name", placeholder="First name is enough",
                      max_chars=MAX_LENGTH,
                      help=f"1 to {MAX_LENGTH} characters, as the class will see it on the "
                           "board.")
        st.form_submit_button("Join", type="primary", icon=":material/login:",
                              on_click=_join)
    common.show_notice("join")
