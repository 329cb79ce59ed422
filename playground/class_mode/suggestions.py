"""Send these settings to the class: the teacher's Train settings on every student's page.

The teacher (the session holding the Teacher link) presses **Send these settings to the
class** on Train. Within a few seconds (``playground.class_mode.news``) every joined
student sees, on whatever page they are, **Your teacher suggests** with the settings in
words, **Open** (Train with exactly those settings, not yet trained) and **Dismiss**. A
later suggestion replaces the earlier one; one opened or dismissed is not shown again,
after a reload or on another server process either (the store remembers it). A
student's own run is not touched until they press Open.
"""

import streamlit as st

from classroom import ClassError
from playground import formats, navigation, session
from playground.class_mode import common, state


def send_button():
    """Train: Send these settings to the class, for the teacher."""
    membership = state.class_membership()
    if membership is None or not membership.teacher:
        return
    st.button("Send these settings to the class", icon=":material/campaign:",
              key="send_settings", on_click=_send,
              help="Every student in the class sees these settings on their page within "
                   "a few seconds, with a button that opens Train with them.")


def _send():
    membership, settings = state.class_membership(), session.settings()
    if not settings.valid_pair:
        state.tell("send", "warning", "Pick two different digits first.")
        return
    try:
        common.store().suggest(membership.code, membership.teacher_token, settings)
    except ClassError as error:
        state.tell("send", "error", str(error))
        return
    state.tell("send", "success", f"Sent to the class: {formats.run_settings(settings)}. "
                                  "Every student sees it within a few seconds.")


def sent_notice():
    """Train: what sending said (the teacher's)."""
    common.show_notice("send", toast=True)


def notice():
    """On every page, for a student: the teacher's suggestion, with Open and Dismiss
    (Open goes to Train with it)."""
    news = state.news()
    if news is None or news.suggestion is None:
        return
    suggestion = news.suggestion
    with st.container(border=True, key="suggestion", horizontal=True,
                      vertical_alignment="center"):
        st.markdown(f":material/campaign: **Your teacher suggests** "
                    f"{formats.run_settings(suggestion.settings)}", width="stretch")
        opened = st.button("Open", type="primary", key=f"open_suggestion_{suggestion.id}",
                           help="Train with exactly these settings (not yet trained).")
        st.button("Dismiss", key=f"dismiss_suggestion_{suggestion.id}", on_click=_seen,
                  args=(suggestion.id,), help="Hide it: it is not shown again.")
    if opened:
        _seen(suggestion.id)
        session.open_settings(suggestion.settings)
        st.switch_page(navigation.page("train").script)


def _seen(suggestion_id):
    membership = state.class_membership()
    state.forget_suggestion()
    try:
        common.store().seen(membership.code, membership.member_token, suggestion_id)
    except ClassError:
        pass  # it shows again on the next page: pressing again records it
