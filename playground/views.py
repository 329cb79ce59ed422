"""Screen parts of the Train page that are long enough to hide the page's outline: the
results of a run and the "Look inside" tabs. Each takes the run and draws; the math
is in ``logreg``, the charts in ``playground.figures``."""

import streamlit as st

from logreg.diagnosis import DIAGNOSES
from logreg.evaluation import predictions_on_test_set
from logreg.export import history_csv, model_to_json, reproduction_script
from playground import figures, formats, session, sheets
from playground.figures import CHART_CONFIG


def accuracies(run):
    """Where the run ended, the headline: accuracy on both splits, as metrics."""
    latest = run.latest
    st.metric("Train accuracy", formats.percent(latest.train_accuracy),
              help="Share of the training images the neuron labels correctly.")
    st.metric("Test accuracy", formats.percent(latest.test_accuracy),
              help="Share of the held-out test images labelled correctly: how well it does "
                   "on images it never trained on.")


def why_the_start_scores(run):
    """Why an untrained neuron already scores: at w = 0, b = 0 it calls everything the
    negative digit (a class asks why the accuracy at iteration 0 is not 0)."""
    negative = run.pair.negative
    st.caption(
        f"**Before the first step** w = 0 and b = 0, so every image gets z = 0 and "
        f"σ(z) = 0.5, which is not *above* 0.5: the neuron calls every image a "
        f"**{negative}**. Its accuracy is simply the share of {negative}s: "
        f"{formats.percent(run.latest.train_accuracy)} of the training images, "
        f"{formats.percent(run.latest.test_accuracy)} of the test images.")


def run_results(run):
    """Where the run ended, in detail: the costs, and what the cost curve says."""
    latest = run.latest
    m1, m2, m3 = st.columns([1, 1, 2])
    m1.metric("Train cost", f"{latest.train_cost:.4f}",
              help="Average cross-entropy on the training images (0 is perfect).")
    m2.metric("Test cost", f"{latest.test_cost:.4f}",
              help="Average cross-entropy on the test images.")
    m3.metric("Iterations", f"{run.iteration}",
              help="Gradient-descent steps taken since the initial weights.")
    note = DIAGNOSES[run.diagnosis()].note
    if note:
        st.warning(note, icon=":material/trending_up:")
    else:
        st.caption(
            f"**Reading the pictures:** ink on a red weight pushes the answer toward "
            f"**{run.pair.positive}**, ink on a blue one toward **{run.pair.negative}**; "
            "white pixels hardly matter. The gradient shows which way each weight is about "
            "to move (it moves *against* the gradient's colour). On the sigmoid, each dot "
            "is an image; a ring marks one on the wrong side of 0.5.")


DRILLDOWN_MAX = 24  # test images shown for one square of the confusion matrix


def mistakes(run):
    """The confusion matrix with a drill-down, and the hardest test images.

    No chart library here: this tab opens with the results of every Train, for every
    student at once. The matrix is four buttons, the images are pictures."""
    pair = run.pair
    predictions = predictions_on_test_set(run.latest.w, run.latest.b, pair)
    counts = predictions.confusion()
    selected = session.mistakes_cell(pair) or _default_cell(pair, counts)
    left, right = st.columns([1, 1.4], gap="large")
    with left:
        st.markdown("**Confusion matrix** (test images). Click a square to see them.")
        _confusion_squares(pair, counts, selected)
    with right:
        true, pred = selected
        chosen = predictions.where(true, pred)
        verdict = "correctly" if true == pred else "wrongly"
        images = "image" if len(chosen) == 1 else "images"
        shown = chosen[:DRILLDOWN_MAX]
        part = (f" (the first {len(shown)} shown)" if len(shown) < len(chosen) else "")
        st.markdown(f"**{len(chosen)} test {images} of {true} read {verdict} as {pred}**"
                    + part)
        if len(chosen):
            _sheet(predictions.images[shown],
                   [f"p = {predictions.probability[i]:.2f}" for i in shown],
                   f"{len(chosen)} test {images} of {true} read as {pred}", n_cols=6)
        else:
            st.caption("None: this square is empty.")
    st.markdown("**The hardest test images** — the largest loss first: mistakes, then "
                f"the ones it was least sure of. p is the neuron's P({pair.positive}).")
    hardest = predictions.hardest(16)
    _sheet(predictions.images[hardest],
           [f"{predictions.true[i]} as {predictions.predicted[i]}\n"
            f"p = {predictions.probability[i]:.2f}" for i in hardest],
           "The 16 hardest test images, each with its true digit, the neuron's answer "
           "and its P(positive)", n_cols=8)
    return predictions


def _confusion_squares(pair, counts, selected):
    """The 2x2 matrix as buttons (rows: the true digit; columns: the neuron's answer).
    Green holds images read correctly, red mistakes, grey an empty square (so that no
    mistakes does not look like "errors here"); the square shown has a dark frame."""
    digits = (pair.negative, pair.positive)
    heads = st.columns([0.8, 1, 1])
    for column, pred in zip(heads[1:], digits):
        column.caption(f"read as {pred}")
    for i, true in enumerate(digits):
        row = st.columns([0.8, 1, 1], vertical_alignment="center")
        row[0].caption(f"is a {true}")
        for j, pred in enumerate(digits):
            n = int(counts[i, j])
            look = square_look(n, correct=i == j)
            frame = "-shown" if selected == (true, pred) else ""
            with row[j + 1].container(key=f"square-{look}{frame}-{true}-{pred}"):
                st.button(f"{n}", key=f"square-{true}-{pred}", width="stretch",
                          on_click=session.choose_mistakes_cell, args=((true, pred),),
                          help=f"{n} test {'image' if n == 1 else 'images'} of {true} "
                               f"read as {pred}: click to see them")


def square_look(count, correct):
    """How a square of the confusion matrix is coloured (``app.css``): "empty" (grey)
    when it holds no image, else "right" (green) or "wrong" (red)."""
    return "empty" if count == 0 else "right" if correct else "wrong"


def _sheet(images, captions, alt, n_cols):
    picture = sheets.digit_sheet(images, captions, n_cols=n_cols)
    st.image(sheets.png_bytes(picture), width=picture.width, alt=alt)


def _default_cell(pair, counts):
    """The cell to show before any click: the biggest group of mistakes, if any."""
    wrong = [((pair.negative, pair.positive), counts[0, 1]),
             ((pair.positive, pair.negative), counts[1, 0])]
    cell, n = max(wrong, key=lambda item: item[1])
    return cell if n else (pair.positive, pair.positive)


def probabilities(run):
    predictions = predictions_on_test_set(run.latest.w, run.latest.b, run.pair)
    st.plotly_chart(figures.probability_histogram(
        predictions.probability, predictions.true, run.pair.negative, run.pair.positive),
        config=CHART_CONFIG, key="histogram")
    st.caption("A confident neuron piles the test images near 0 and near 1; images near "
               "the dashed threshold are the ones it is unsure about.")


def replay(run):
    points = run.history
    if len(points) < 2:
        st.caption("Train a few iterations first.")
        return
    iterations = [p.iteration for p in points]
    at = st.select_slider(
        "Replay: iteration", iterations, value=iterations[-1], key="replay",
        help=f"Scrub back through the run. {len(points)} moments are kept (a run of any "
             "length keeps a bounded number of snapshots).")
    point = points[iterations.index(at)]
    left, right = st.columns([1.6, 1])
    curves = run.curves()
    fig = figures.cost_curves(curves["iteration"], curves["train_cost"], curves["test_cost"])
    fig.add_vline(x=at, line=dict(color="#111", width=2, dash="dot"))
    left.plotly_chart(fig, config=CHART_CONFIG, key="replay-cost")
    limit = max(float(abs(p.w).max()) for p in points)  # one colour scale for the run
    right.plotly_chart(figures.weight_heatmap(point.w, point.b, limit=limit,
                                              title=f"Weights at iteration {at}"),
                       config=CHART_CONFIG, key="replay-weights")
    c1, c2, c3 = st.columns(3)
    c1.metric("Iteration", at)
    c2.metric("Cost then (train)", f"{point.train_cost:.4f}")
    c3.metric("Test accuracy then", formats.percent(point.test_accuracy))


def export(run):
    name = f"neuron-{run.pair.negative}-vs-{run.pair.positive}-it{run.iteration}"
    c1, c2, c3 = st.columns(3)
    c1.download_button("Weights and bias (JSON)", model_to_json(run), f"{name}.json",
                       mime="application/json", icon=":material/download:",
                       help="The 64 weights, the bias, the settings that produced them "
                            "and the accuracies.")
    c2.download_button("History (CSV)", history_csv(run), f"{name}-history.csv",
                       mime="text/csv", icon=":material/download:",
                       help="Cost and accuracy on both splits at every recorded iteration.")
    script = reproduction_script(run)
    c3.download_button("Python script", script, f"{name}.py", mime="text/x-python",
                       icon=":material/download:",
                       help="Redoes this exact run with the logreg package and prints the "
                            "same accuracies.")
    with st.expander("See the script"):
        st.code(script, language="python")
