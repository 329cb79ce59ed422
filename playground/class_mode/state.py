"""What a session remembers of class mode, and every change to it (the class part of
``playground.session``: this module is the only one that writes these keys).

``class_membership``
    ``ClassMembership`` or absent: the class this session is in (its code, and the
    teacher's token or the student's member token, id and name). Written by
    ``teach_class`` (Start a class, a Teacher link that checked out, or the browser's
    seat), ``join_class`` (Join, or the browser's seat) and ``leave_class`` (Leave, or
    the class is gone). Shown on every page by app.py.
``class_seat``
    dict: the browser's seat in a class (``playground.class_mode.seat``): ``checked``,
    whether this session has read the cookie its browser sent; ``left``, the class code
    and member token of a student who left (joining that class again is the same
    student); ``pending``, the cookie still to write in the browser (its text, its
    lifetime and an id), taken by ``cookie_written``.
``class_news``
    ``classroom.News`` or absent: what the store last said of the class (closed or not,
    the teacher's suggestion this student has not opened or dismissed, the challenge).
    Written by ``remember_news`` (``playground.class_mode.news``, every few seconds),
    emptied by ``forget_suggestion`` (Open, Dismiss) and on entering or leaving a class.
``class_share_keys``
    dict: the idempotency key of the next share of each kind ("run", "drawing",
    "challenge"), made
    when its Share button is drawn (``share_key``; the key is part of the button's
    widget key) and replaced after a successful share (``rotate_share_key``), so a
    click delivered twice stores one share and the next click stores another.
``class_notices``
    dict: what the last class action said (success or a friendly error), by the place
    that shows it ("share_run", "share_drawing", "class"). Written by ``tell`` (in the
    buttons' callbacks); taken by ``take_notice``.
``class_retrain``
    bool: Retrain with our drawings was pressed (the board then shows its result,
    recomputed when drawings arrive). Written by ``ask_retrain`` and ``leave_class``.
``join_code``
    str: the Class code field of the join form, seeded from a students' link
    (``/class?code=...``) by ``join_code_widget``.
``class_meant``
    int: Draw's I meant choice (its widget's state), emptied by ``drawing_shared``.
``class_pair``, ``class_pair_challenge``
    str: the Weight pictures' Pair (its widget's state); the challenge pair whose runs
    the board has last brought up. ``pair_widget`` sets the Pair once, when a challenge's
    pair first has runs, so the room sees the challenge's pictures.
"""

import dataclasses
import uuid
from dataclasses import dataclass, field

import streamlit as st


@dataclass(frozen=True)
class ClassMembership:
    """The class this session is in: ``code`` as shown (``K7Q-XM4-RP2``); the teacher
    has the ``teacher_token``, a student the ``member_token``, ``member_id`` and
    ``name`` they joined with."""

    code: str
    teacher_token: str | None = field(default=None, repr=False)
    member_token: str | None = field(default=None, repr=False)
    member_id: int | None = None
    name: str | None = None

    @property
    def teacher(self):
        return self.teacher_token is not None


def class_membership():
    """The session's ``ClassMembership``, or None outside a class."""
    return st.session_state.get("class_membership")


def _enter_class(membership, cookie):
    st.session_state["class_membership"] = membership
    st.session_state["class_share_keys"] = {}
    st.session_state["class_retrain"] = False
    st.session_state.pop("class_news", None)
    _seat().pop("left", None)
    if cookie is not None:
        write_cookie(*cookie)


def teach_class(code, teacher_token, cookie=None):
    """This session is the teacher of the class ``code`` (its token checked or new);
    ``cookie`` (text, seconds) is then written in the browser (None: it is there)."""
    _enter_class(ClassMembership(code, teacher_token=teacher_token), cookie)


def join_class(code, member, cookie=None):
    """This session is the student ``member`` (a ``classroom.Member`` with its token) of
    class ``code``; ``cookie`` as in ``teach_class``."""
    _enter_class(ClassMembership(code, member_token=member.token, member_id=member.id,
                                 name=member.name), cookie)


def leave_class(cookie=None, left=None):
    """Out of the class (the class and what was shared stay on its board); ``cookie``
    as in ``teach_class``, ``left`` the (code, member token) to join again with."""
    for key in ("class_membership", "class_share_keys", "class_retrain", "class_news"):
        st.session_state.pop(key, None)
    if left is not None:
        _seat()["left"] = left
    if cookie is not None:
        write_cookie(*cookie)


# ---- the browser's seat (playground.class_mode.seat) --------------------------------------

def _seat():
    return st.session_state.setdefault("class_seat", {})


def seat_checked():
    """Whether this session has read its browser's cookie."""
    return _seat().get("checked", False)


def seat_read(left=None):
    """The cookie was read; ``left`` the (code, member token) of a student who left."""
    _seat()["checked"] = True
    if left is not None:
        _seat()["left"] = left


def left_seat():
    """``(code, member token)`` of the class this browser's student left, or None."""
    return _seat().get("left")


def write_cookie(text, seconds):
    """Have the browser keep the cookie ``text`` for ``seconds`` (0: forget it)."""
    _seat()["pending"] = {"text": text, "seconds": seconds, "id": uuid.uuid4().hex}


def pending_cookie():
    """The cookie still to write (a dict: ``text``, ``seconds``, ``id``), or None."""
    return _seat().get("pending")


def cookie_written(written_id):
    """The browser wrote the cookie with this id."""
    if (pending_cookie() or {}).get("id") == written_id:
        _seat().pop("pending", None)


# ---- what the store says of the class (playground.class_mode.news) ------------------------

def news():
    """The ``classroom.News`` last read for this session's class, or None."""
    return st.session_state.get("class_news")


def remember_news(news):
    st.session_state["class_news"] = news


def forget_suggestion():
    """The suggestion on screen was opened or dismissed: no notice until the next one."""
    known = news()
    if known is not None and known.suggestion is not None:
        st.session_state["class_news"] = dataclasses.replace(known, suggestion=None)


# ---- sharing and notices ------------------------------------------------------------------

def share_key(kind):
    """The idempotency key of the next share of ``kind`` ("run" or "drawing")."""
    keys = st.session_state.setdefault("class_share_keys", {})
    if kind not in keys:
        keys[kind] = uuid.uuid4().hex
    return keys[kind]


def rotate_share_key(kind, used):
    """After the share with key ``used`` succeeded: the next press is a new share."""
    keys = st.session_state.setdefault("class_share_keys", {})
    if keys.get(kind) == used:
        keys[kind] = uuid.uuid4().hex


def drawing_shared():
    """After a drawing was shared: I meant starts empty for the next drawing (set, not
    removed, so the widget on screen is emptied too)."""
    st.session_state["class_meant"] = None


def tell(where, kind, text):
    """Remember what a class action said (``kind`` "success", "error" or "warning"),
    to be shown at ``where`` on the next drawing of the page."""
    st.session_state.setdefault("class_notices", {})[where] = (kind, text)


def take_notice(where):
    """``(kind, text)`` said at ``where``, once; or None."""
    return st.session_state.setdefault("class_notices", {}).pop(where, None)


def ask_retrain():
    st.session_state["class_retrain"] = True


def retrain_asked():
    return st.session_state.get("class_retrain", False)


def pair_widget(challenge_pair):
    """The keyword arguments of the Weight pictures' Pair selectbox; ``challenge_pair``
    (a "3 vs 8" label of a challenge with runs, or None) is set as the Pair once, the
    first time it is given (set, not dropped: a dropped choice would still show in the
    browser, which sends it back with the next rerun)."""
    if challenge_pair is not None and \
            st.session_state.get("class_pair_challenge") != challenge_pair:
        st.session_state["class_pair_challenge"] = challenge_pair
        st.session_state["class_pair"] = challenge_pair  # set, so the browser shows it
    return dict(key="class_pair")


def join_code_widget(code_from_link):
    """The keyword arguments of the join form's Class code field, pre-filled once with
    the code of the students' link the page was opened with."""
    if code_from_link and "join_code" not in st.session_state:
        st.session_state["join_code"] = code_from_link
    return dict(key="join_code")


def keep_class_link(code):
    """The address bar shows the students' link of the session's class: ``?code=``
    the class, and never a teacher token (the page may be on a projector)."""
    if "teacher" in st.query_params:
        del st.query_params["teacher"]
    if code and st.query_params.get("code") != code:
        st.query_params["code"] = code
