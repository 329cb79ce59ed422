"""What the teacher sends the room reaches every student's page within seconds.

Every page of a student in a class asks the store, every few seconds, one small question
(``ClassStore.news``): is the class closed, is there a suggestion this student has not
opened or dismissed, what is the class's challenge? The answer is kept in the session
(``state.news``); when it changes the page is drawn again, so the notice "Your teacher
suggests" appears on whatever page the student is, the Train page shows the challenge,
and a closed class shows no Share button. The store is the only channel: any server
process answers the same.
"""

from datetime import datetime, timezone

import streamlit as st

from classroom import ClassError, ClassNotFound
from playground.class_mode import common, seat, state

POLL_SECONDS = 3  # a suggestion is on every student's page within this (and a run)


def _read(membership):
    """The class's news now, or None if the store cannot say (it is asked again)."""
    try:
        return common.store().news(membership.code, membership.member_token)
    except ClassNotFound:
        state.leave_class(cookie=seat.FORGET)
        state.tell("class", "warning", "Your class does not exist any more: its teacher "
                                       "deleted it, or it expired.")
        return None
    except ClassError:
        return None


def _changed(before, after):
    """Whether the page must be drawn again: another suggestion, challenge, or closing
    (a challenge's time running out is seen by the page's own clock)."""
    def key(news):
        if news is None:
            return None
        over = news.challenge is not None and news.challenge.over(
            datetime.now(timezone.utc))
        return (news.closed, news.suggestion and news.suggestion.id, news.challenge, over)
    return key(before) != key(after)


def follow(poll=True):
    """At the top of every page: read the news once if the session has none yet, then
    ask again every few seconds (a hidden fragment) while the page is open. ``poll``
    False: the page asks itself, with ``check`` (the Class page's board asks anyway; two
    fragments asking every few seconds would get in each other's way)."""
    membership = state.class_membership()
    if membership is None or membership.teacher:  # the teacher's pages need no news
        return
    if state.news() is None:
        news = _read(membership)
        if news is not None:
            state.remember_news(news)
    if poll:
        with st.container(key="class_watch"):  # hidden by app.css: it shows nothing
            _watch()


@st.fragment(run_every=POLL_SECONDS)
def _watch():
    check()


def check():
    """Ask the store for the news now; draw the page again if it changed."""
    membership = state.class_membership()
    if membership is None or membership.teacher:
        return
    news = _read(membership)
    if state.class_membership() is None:  # the class is gone: the page says so
        st.rerun(scope="app")
    if news is not None and _changed(state.news(), news):
        state.remember_news(news)
        st.rerun(scope="app")


def closed():
    """Whether this session's class is closed (as last read): no Share buttons then."""
    news = state.news()
    return news is not None and news.closed
