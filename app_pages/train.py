"""Train: one neuron learning, live. Run it, pause it, step it, then look inside."""

import math

import streamlit as st

from playground import controls, links, session, views
from playground.animation import FRAME_SECONDS, SPEEDS, animate


st.title("Train the neuron")
st.markdown(
    "Each iteration, the neuron looks at the training images, measures how wrong it is "
    "(the **cost**), and moves its 64 weights and its bias a small step downhill "
    "(gradient descent). The **test** curves use images it never trains on."
)

controls.link_notes()
with st.container(border=True):
    # the speed column has room for all four choices on a 1280-pixel-wide projector
    col_pair, col_lr, col_iter, col_speed = st.columns([2.2, 1.5, 1, 2])
    with col_pair:
        controls.digit_pair_selectors()
    with col_lr:
        controls.learning_rate_slider()
    with col_iter:
        controls.iterations_input()
    with col_speed:
        st.segmented_control(
            "Animation", list(SPEEDS), key="speed", required=True, persist_state="session",
            help="How long a run takes on screen (Train and Play). The math always runs "
                 "at full speed; only the redraws are spread out so the class can watch.")
    controls.advanced_settings()
    session.keep_link(tuple(links.DEFAULTS))

    chosen = session.settings()
    if not chosen.valid_pair:
        controls.same_digit_message(chosen.negative)
        st.stop()
    run = session.follow_settings(chosen)  # a new run if the pair, split, batch, start or seed changed

with st.container(horizontal=True):
    st.button("Train", type="primary", icon=":material/play_arrow:",
              on_click=session.start_run,
              help="Start from the initial weights and run all the iterations, animated.")
    # Play and Pause are two buttons that each set a state (not one toggle), so a click
    # that reaches the server twice, or late, can never undo itself
    if session.playing():
        st.button("Pause", key="pause", on_click=session.pause, icon=":material/pause:",
                  help="Hold everything exactly as it is.")
    else:
        st.button("Play", key="play", on_click=session.play, icon=":material/play_circle:",
                  disabled=run.done,
                  help="Train continuously from where the run is, until you pause or the "
                       "iterations are done.")
    st.button("Step", key="step", on_click=session.step, args=(1,), disabled=run.done,
              icon=":material/skip_next:", help="Exactly one iteration of gradient descent.")
    st.button("+100", key="plus100", on_click=session.step, args=(100,), disabled=run.done,
              icon=":material/fast_forward:", help="A hundred iterations at once.")
    st.button("Reset", key="reset", on_click=session.reset, icon=":material/restart_alt:",
              help="Back to the initial weights, iteration 0.")
    with st.popover("Copy link to these settings", icon=":material/link:"):
        st.caption("Anyone opening this link gets Train with these settings.")
        st.code(f"{st.context.url or '/train'}?{links.settings_query(session.settings_dict())}",
                language=None, wrap_lines=True)


@st.fragment(run_every=FRAME_SECONDS if session.playing() else None)
def live():
    """Redrawn on its own a few times a second while playing."""
    run = session.current_run()
    panel = views.LivePanel()
    seconds = SPEEDS[st.session_state["speed"]]
    if session.take_animation() and animate(run, seconds, panel.draw):
        return  # the last frame drawn is the finished run
    if session.playing():
        chunk = run.remaining if seconds == 0 else math.ceil(
            run.num_iterations * FRAME_SECONDS / seconds)
        run.advance(min(chunk, run.remaining))
        if run.done:
            session.finished_playing()
            st.rerun(scope="app")  # redraw the buttons and the analysis below
    panel.draw(run)


live()

if run.iteration > 0 and not session.playing():
    st.subheader("Look inside the result")
    # Only the open tab is built (choosing another reruns the page): one server serves
    # the whole class, and charts nobody looks at would slow everyone's Train.
    tabs = st.tabs(["Mistakes", "Probabilities", "Replay", "Export"], key="inside",
                   on_change="rerun")
    for tab, show in zip(tabs, (views.mistakes, views.probabilities, views.replay,
                                views.export)):
        if tab.open:
            with tab:
                show(run)
