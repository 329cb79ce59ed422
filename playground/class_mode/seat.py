"""A seat in a class that outlives a connection: the browser keeps it in a cookie.

A Streamlit session lives in one server process and one connection: a reload, a new tab,
a link opened in the same browser, a network drop the server did not wait out, or the
death of its server process start a fresh session, which knows nothing. What must
survive is in the database (the class, the student, the hash of their member token)
and, in the browser, the token itself, in the cookie ``playground_class``:
``CODE.ROLE.TOKEN``, where ROLE is ``t`` (the teacher's token), ``s`` (a student's member
token) or ``x`` (a student who left: joining that class again from this browser is the
same student).

A fresh session reads it (``st.context.cookies``: the cookies of the WebSocket's
handshake) once, and asks the store who that is: only a token the store knows for that
class gives a seat, so a forged one, another class's or one of a deleted class gives
none (and the cookie is forgotten). The token never travels in a link. Streamlit sets no
cookie from Python: the page writes it itself, with a Components v2 element of a few
lines of JavaScript, hidden (``app.css``).
"""

import re
from dataclasses import dataclass

import streamlit as st

from classroom import ClassError, ClassNotFound, NotJoined, format_code, normalise_code
from playground.class_mode import common, state

COOKIE = "playground_class"
ROLES = {"t": "teacher", "s": "student", "x": "left"}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,100}")  # URL-safe base64, as classroom.codes makes

_JS = """
export default function seat({ data, setTriggerValue }) {
  if (!data || !data.id) return;
  const parts = [`${data.name}=${data.text}`, "path=/", `max-age=${data.seconds}`,
                 "SameSite=Lax"];
  if (window.location.protocol === "https:") parts.push("Secure");
  document.cookie = parts.join("; ");
  setTriggerValue("written", data.id);
}
"""
_writer = st.components.v2.component("playground_class_seat", js=_JS)


@dataclass(frozen=True)
class Seat:
    """What the cookie says: the class ``code`` (as shown), the ``role`` ("teacher",
    "student" or "left") and the ``token``."""

    code: str
    role: str
    token: str

    @property
    def text(self):
        """The cookie's value."""
        role = next(key for key, name in ROLES.items() if name == self.role)
        return f"{normalise_code(self.code)}.{role}.{self.token}"


def parse(text):
    """The ``Seat`` a cookie's value describes, or None if it is no such value."""
    if not isinstance(text, str):
        return None
    parts = text.split(".")
    if len(parts) != 3 or parts[1] not in ROLES or not _TOKEN.fullmatch(parts[2]):
        return None
    code = normalise_code(parts[0])
    return Seat(format_code(code), ROLES[parts[1]], parts[2]) if code else None


def _lifetime():
    """How long the browser keeps the cookie: as long as a class is kept."""
    try:
        return int(common.store().days * 86400)
    except ClassError:
        return 86400


def teacher_cookie(code, token):
    return Seat(code, "teacher", token).text, _lifetime()


def student_cookie(code, token):
    return Seat(code, "student", token).text, _lifetime()


def left_cookie(code, token):
    return Seat(code, "left", token).text, _lifetime()


FORGET = ("", 0)  # a cookie of no lifetime: the browser drops it


def restore(cookies):
    """Once a session, before its first page is drawn: take the seat the browser's
    cookie describes (``cookies``: ``st.context.cookies``), if the store knows it. A
    database that cannot be reached now leaves it for the next script run."""
    if state.seat_checked() or state.class_membership() is not None:
        return
    seat = parse(cookies.get(COOKIE))
    if seat is None:
        state.seat_read()
        return
    try:
        if seat.role == "teacher":
            if not common.store().check_teacher(seat.code, seat.token):
                raise NotJoined()
            state.teach_class(seat.code, seat.token)
        elif seat.role == "student":
            state.join_class(seat.code, common.store().member(seat.code, seat.token))
        state.seat_read(left=(seat.code, seat.token) if seat.role == "left" else None)
    except (ClassNotFound, NotJoined):  # no such seat (any more): forget it
        state.seat_read()
        state.write_cookie(*FORGET)
    except ClassError:
        return  # unreachable now: try again on the next script run


def keep():
    """Write the cookie the session has for the browser, if any (a hidden element)."""
    pending = state.pending_cookie()
    if pending is None:
        return
    with st.container(key="class_seat"):  # hidden by app.css
        _writer(key="class_seat_writer", data=dict(pending, name=COOKIE),
                on_written_change=_written)


def _written():
    state.cookie_written(st.session_state["class_seat_writer"]["written"])
