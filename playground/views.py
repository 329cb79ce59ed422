"""Screen parts of the Train page that are long enough to hide the page's outline: the
results of a run and the "Look inside" tabs. Each takes the run and draws; the math
is in ``logreg``, the charts in ``playground.figures``."""

import streamlit as st

from logreg.diagnosis import DIAGNOSES
from logreg.evaluation import predictions_on_test_set
from logreg.export import history_csv, model_to_json, reproduction_script
from playground import figures, formats
from playground.chart import CHART_CONFIG
from playground.mistakes_view import mistakes_view, payload as mistakes_payload


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


def mistakes(run):
    """The confusion matrix with a drill-down, and the hardest test images: one element
    drawn in the browser (this tab opens with the results of every Train, for every
    student at once; a click on a square needs no script run)."""
    predictions = predictions_on_test_set(run.latest.w, run.latest.b, run.pair)
    mistakes_view(mistakes_payload(predictions, run.pair), key="mistakes")
    return predictions


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
