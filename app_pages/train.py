"""Train: one neuron learning, live. Run it, pause it, step it, then look inside."""

import streamlit as st

from logreg.settings import PARAMS
from playground import controls, session, views
from playground.class_mode import challenge, sharing, suggestions
from playground.live_view import live_view


with st.container(horizontal=True, vertical_alignment="bottom"):  # wraps when narrow
    st.title("Train the neuron", width="content")
    st.space("stretch")
    suggestions.send_button()  # the teacher of a class: these settings to every student
    controls.advanced_settings()
    with st.popover("Copy link to these settings", icon=":material/link:"):
        st.caption("Anyone opening this link gets Train with these settings.")
        st.code(f"{st.context.url or '/train'}?{session.settings().query_string()}",
                language=None, wrap_lines=True)
st.caption(
    "Each iteration the neuron measures its **cost** on the training images and moves its "
    "64 weights and its bias a small step downhill; the **test** curves use images it "
    "never trains on.")

controls.link_notes()
suggestions.sent_notice()
challenge.train_line()  # a student in a class with a challenge on: its goal, Take it
with st.container(border=True):
    # one row on a projector; on a narrow screen the row wraps instead of clipping
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        with st.container(width=350):
            controls.digit_pair_selectors()
        with st.container(width=210):
            controls.learning_rate_slider()
        with st.container(width=130):
            controls.iterations_input()
        with st.container(width="content"):
            st.segmented_control(
                "Animation", list(session.SPEEDS), key="speed", required=True,
                persist_state="session",
                help="How long a run takes on screen. The math runs at full speed on the "
                     "server; your browser plays what the neuron went through.")
    session.keep_link(PARAMS)
    chosen = session.settings()
    if not chosen.valid_pair:
        controls.same_digit_message(chosen.negative)
        st.stop()


@st.fragment
def run_and_results():
    """The buttons, the live view and the results. A click in here, or an event of the
    live view (ended, pause, play, more), redraws only this part of the page: not the
    title, the settings and the link above, which no run changes."""
    run = session.follow_settings(session.settings())  # a new run if the pair, split,
    # batch, start or seed changed
    busy = session.playing()  # the browser is still playing: the end is not shown yet
    with st.container(horizontal=True, vertical_alignment="center", key="run_controls"):
        st.button("Train", type="primary", icon=":material/play_arrow:",
                  on_click=session.start_run,
                  help="Start from the initial weights and run all the iterations, "
                       "animated. Pause and Play are on the live view.")
        st.button("Step", key="step", on_click=session.step, args=(1,),
                  disabled=run.done or busy, icon=":material/skip_next:",
                  help="Exactly one iteration of gradient descent.")
        st.button("+100", key="plus100", on_click=session.step, args=(100,),
                  disabled=run.done or busy, icon=":material/fast_forward:",
                  help="A hundred iterations at once.")
        st.button("Reset", key="reset", on_click=session.reset,
                  icon=":material/restart_alt:", help="Back to the initial weights, iteration 0.")
        st.space("stretch")
        # the headline, in view with the live view on a projector; its room is kept
        # while a run plays, so nothing below moves when the numbers appear
        with st.container(horizontal=True, width="content", key="scoreboard"):
            if run.iteration > 0 and not busy:
                views.accuracies(run)

    live_view(session.live_payload(), key="live", on_event=session.on_live_event)

    if run.iteration == 0 and run.init == "zeros" and not busy:
        views.why_the_start_scores(run)
    if run.iteration > 0 and not busy:
        sharing.share_run_button(run)  # a student in a class posts this run to its board
        views.run_results(run)
        st.header("Look inside the result")
        # Only the open tab is built (choosing another reruns this part): one server
        # serves the whole class, and charts nobody looks at would slow everyone's Train.
        tabs = st.tabs(["Mistakes", "Probabilities", "Replay", "Export"], key="inside",
                       on_change="rerun")
        for tab, show in zip(tabs, (views.mistakes, views.probabilities, views.replay,
                                    views.export)):
            if tab.open:
                with tab:
                    show(run)


run_and_results()
