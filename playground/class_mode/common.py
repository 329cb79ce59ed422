"""What the class modules share: the process's store, the notices actions leave, the
date people read."""

from datetime import timezone

import streamlit as st

from classroom import normalise_code
from playground.class_mode import state, store as class_store

ICONS = {"success": ":material/check_circle:", "error": ":material/error:",
         "warning": ":material/warning:", "info": ":material/info:"}


def store():
    """The process's store; ``StoreUnavailable`` (a ClassError) if it cannot be opened."""
    return class_store.store()


def show_notice(where, toast=False):
    """Show what the last action at ``where`` said, once."""
    notice = state.take_notice(where)
    if notice is None:
        return
    kind, text = notice
    getattr(st, kind)(text, icon=ICONS[kind])
    if toast and kind == "success":
        st.toast(text, icon=ICONS[kind])


def same_class(code_a, code_b):
    """Whether two typed codes name the same class."""
    return normalise_code(code_a or "") is not None and \
        normalise_code(code_a or "") == normalise_code(code_b or "")


def when(timestamp):
    """A record's time (an aware ``datetime``) as the date people read: 3 January 2026
    (UTC)."""
    timestamp = timestamp.astimezone(timezone.utc)
    return f"{timestamp.day} {timestamp:%B %Y} (UTC)"
