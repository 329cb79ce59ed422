"""Train: press Train and watch one neuron learn, live."""

import streamlit as st

from playground import controls, figures, state
from playground.animation import SPEEDS, animate

NO_BAR = {"displayModeBar": False}

state.enter_page()

st.title("Train the neuron")
st.markdown(
    "Each iteration, the neuron looks at every training image, measures how wrong it is "
    "(the **cost**), and moves its 64 weights and its bias a small step downhill "
    "(gradient descent). The **test** curves use images it never trains on."
)

controls.show_link_notes()
with st.container(border=True):
    col_pair, col_lr, col_iter, col_speed = st.columns([2, 2, 1, 1.4])
    with col_pair:
        negative, positive = controls.digit_pair()
    with col_lr:
        controls.learning_rate()
    with col_iter:
        controls.iterations()
    with col_speed:
        speed = st.segmented_control(
            "Animation", list(SPEEDS), key="speed", required=True, persist_state="session",
            help="How long the run takes on screen. The math always runs at full speed; "
                 "only the redraws are spread out so the class can watch. "
                 "Instant shows only the result.")
    chosen = state.settings()
    if not chosen.valid_pair:
        controls.same_digit_message(chosen.negative)
    train_clicked = st.button("Train", type="primary", icon=":material/play_arrow:",
                              disabled=not chosen.valid_pair,
                              help="Start from zero weights and run all the iterations.")

progress_slot = st.empty()
cost_col, accuracy_col, weights_col = st.columns(3)
cost_slot, accuracy_slot, weights_slot = cost_col.empty(), accuracy_col.empty(), weights_col.empty()


def show(run, frame):
    """Draw the run's current state into the slots (called a few times a second)."""
    points = run.history
    iterations = [p.iteration for p in points]
    x_max = max(run.num_iterations, run.iteration)
    progress_slot.progress(min(1.0, run.iteration / run.num_iterations),
                           text=f"Iteration {run.iteration} / {run.num_iterations}")
    cost_slot.plotly_chart(
        figures.cost_curves(iterations, [p.train_cost for p in points],
                            [p.test_cost for p in points], x_max=x_max),
        config=NO_BAR, key=f"cost-{frame}")
    accuracy_slot.plotly_chart(
        figures.accuracy_curves(iterations, [p.train_accuracy for p in points],
                                [p.test_accuracy for p in points], x_max=x_max),
        config=NO_BAR, key=f"accuracy-{frame}")
    weights_slot.plotly_chart(
        figures.weight_heatmap(run.latest.w, run.latest.b), config=NO_BAR,
        key=f"weights-{frame}")


if train_clicked:
    run = state.new_run(chosen)
    frames = iter(range(1_000_000))
    show(run, next(frames))
    animate(run, SPEEDS[speed], lambda r: show(r, next(frames)))

run = state.current_run()
if run is None:
    if chosen.valid_pair:  # the empty charts, ready for the first run
        show(state.new_run(chosen, keep=False), "preview")
    st.info("Press **Train** to start from zero weights. (The defaults are the "
            "tutorial's run: 0 vs 1, learning rate 0.05, 1000 iterations.)",
            icon=":material/arrow_upward:")
    st.stop()

show(run, "final")
latest = run.latest
st.caption(f"This model: {run.pair.negative} vs {run.pair.positive}, learning rate "
           f"{run.learning_rate:g}, {run.iteration} iterations.")
m1, m2, m3, m4 = st.columns(4)
m1.metric("Train accuracy", f"{100 * latest.train_accuracy:.2f}%",
          help="Share of the training images the neuron labels correctly.")
m2.metric("Test accuracy", f"{100 * latest.test_accuracy:.2f}%",
          help="Share of the held-out test images labelled correctly: how well it "
               "generalises to images it never trained on.")
m3.metric("Train cost", f"{latest.train_cost:.4f}",
          help="Average cross-entropy on the training images (0 would be perfect).")
m4.metric("Test cost", f"{latest.test_cost:.4f}",
          help="Average cross-entropy on the test images.")

notes = {
    "diverging": "**The cost went up, not down.** The learning rate is so large that each "
                 "step overshoots the valley and lands higher on the other side. Try a "
                 "smaller learning rate.",
    "oscillating": "**The cost keeps bouncing up and down.** The steps are too large to "
                   "settle into the valley. A smaller learning rate will be smoother.",
    "overshooting": "**The cost jumped up at times before coming down.** The learning rate "
                    "is on the large side: some steps overshoot. It recovered here, but "
                    "a smaller rate learns more steadily.",
}
if run.diagnosis() in notes:
    st.warning(notes[run.diagnosis()], icon=":material/trending_up:")

st.markdown(
    f"**Reading the weights:** ink on a red pixel pushes the answer toward "
    f"**{run.pair.positive}**, ink on a blue pixel toward **{run.pair.negative}**; white "
    "pixels hardly matter. The picture shows where the two digits differ."
)
