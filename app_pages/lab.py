"""Lab: experiments on many neurons at once: a learning-rate race, how hard each of the
45 digit pairs is, and our neuron beside scikit-learn's."""

import streamlit as st

from logreg.diagnosis import DIAGNOSES, diagnose, overshoot_words
from logreg.settings import LEARNING_RATES, format_number
from playground import cached, figures, formats, session
from playground.chart import CHART_CONFIG

st.title("Lab")
chosen = session.settings()
st.markdown(
    f"Experiments on the current pair, **{chosen.negative} vs {chosen.positive}** "
    "(change it on Data or Train), and on all 45 pairs at once. Many neurons are trained "
    "together here, in one set of array operations."
)
if not chosen.valid_pair:
    st.warning("The chosen digits are the same; pick two different digits on Train.",
               icon=":material/info:")
    st.stop()

race, pairs, versus = st.tabs(["Learning-rate race", "Pair difficulty map",
                               "Against scikit-learn"])

with race:
    st.markdown("One neuron per learning rate, all starting from zeros on the same data. "
                "Which one gets lowest, fastest — and which ones go wrong?")
    c1, c2 = st.columns([3, 2])
    rates = c1.multiselect(
        "Learning rates", LEARNING_RATES, default=[0.001, 0.01, 0.1, 1.0, 5.0],
        format_func=format_number, key="race_rates", max_selections=8,
        help="Pick up to eight step sizes to race against each other.")
    length = c2.select_slider(
        "Iterations", [100, 200, 500, 1000, 2000, 5000], value=1000, key="race_iterations",
        help="How many gradient-descent steps each neuron takes.")
    t1, t2 = st.columns(2)
    log_x = t1.toggle("Log-scale iteration axis", value=True, key="race_log_x",
                      help="Spreads out the first iterations (1, 10, 100 and 1000 equally "
                           "far apart), where a large learning rate jumps. Iteration 0, "
                           "the start, has no place on a log scale.")
    log_y = t2.toggle("Log-scale cost axis", value=True, key="race_log",
                      help="A log scale shows the small differences near the bottom.")
    if not rates:
        st.info("Pick at least one learning rate.", icon=":material/info:")
    else:
        rates = sorted(rates)
        result = cached.learning_rate_race(chosen.negative, chosen.positive, chosen.test_size,
                                          tuple(rates), length)
        verdicts = [diagnose(result.costs[:, k]) for k in range(len(rates))]
        st.plotly_chart(figures.race_curves(
            result.cost_iterations, result.costs,
            [f"{format_number(r)} — {DIAGNOSES[v].verdict}" for r, v in zip(rates, verdicts)],
            log_y=log_y, log_x=log_x), config=CHART_CONFIG, key="race-chart")
        final = {format_number(r): f"{result.costs[-1, k]:.4f}"
                 for k, r in enumerate(rates)}
        hint = ("" if (chosen.negative, chosen.positive) == (3, 8) else
                " To watch a learning rate overshoot, try 3 vs 8 (pick it on Data or "
                "Train, or click its square on the map) with α = 5 and 10.")
        st.caption("Last recorded cost: "
                   + ", ".join(f"α = {r}: {c}" for r, c in final.items())
                   + ". The cost is recorded at every iteration. A learning rate that is "
                     "too large overshoots or diverges; one that is too small barely "
                     "moves." + hint)
        jumped = [r for r, v in zip(rates, verdicts) if v != "learning"]
        if jumped:
            rate = jumped[-1]  # the largest rate that jumped
            run = cached.overshoot(chosen.negative, chosen.positive, chosen.test_size, rate,
                                   length)
            alpha = format_number(rate)
            title = (f"Why α = {alpha} jumped, and why the tutorial's code prints nan for it"
                     if run.nan_iterations else f"Why α = {alpha} jumped")
            with st.expander(title, icon=":material/help:"):
                st.markdown(overshoot_words(run, alpha, chosen.positive))

with pairs:
    st.markdown(
        f"Test accuracy of a neuron trained on each pair ({chosen.num_iterations} iterations, "
        f"learning rate {format_number(chosen.learning_rate)}, from zeros). Red "
        "squares are the pairs one neuron finds hard. **Click a square** to load that pair "
        "into the settings.")
    accuracy = cached.pair_accuracies(chosen.num_iterations, chosen.learning_rate,
                                     chosen.test_size)
    cell = session.clicked_point("pair-map")
    if cell and cell[0] != cell[1] and tuple(sorted(cell)) != (chosen.negative, chosen.positive):
        negative, positive = sorted(cell)
        session.choose_pair(negative, positive)  # Train will open on it
        st.rerun()
    st.plotly_chart(
        figures.pair_map(accuracy, (chosen.negative, chosen.positive)), config=CHART_CONFIG,
        key="pair-map", on_select="rerun", selection_mode="points")
    st.success(f"Current pair: {chosen.negative} vs {chosen.positive}, "
               f"{100 * accuracy[chosen.negative, chosen.positive]:.1f}% on its test set.",
               icon=":material/check_circle:")
    st.page_link("app_pages/train.py", label=f"Train {chosen.negative} vs {chosen.positive} now",
                 icon=":material/model_training:")

with versus:
    st.markdown(
        "scikit-learn's `LogisticRegression` minimises the same cost with a second-order "
        "solver (and a very weak L2 penalty here, C = 10⁴). Both learn from the same "
        "training images; compare their weights, scores and speed.")
    comparison = cached.against_sklearn(chosen.negative, chosen.positive, chosen.test_size,
                                       chosen.num_iterations, chosen.learning_rate)
    c1, c2 = st.columns(2)
    c1.plotly_chart(figures.weight_heatmap(comparison.ours_w, comparison.ours_b,
                                           title="Our neuron"), config=CHART_CONFIG, key="ours")
    c2.plotly_chart(figures.weight_heatmap(comparison.sklearn_w, comparison.sklearn_b,
                                           title="scikit-learn"), config=CHART_CONFIG, key="sk")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Our test accuracy", formats.percent(comparison.ours_accuracy))
    m2.metric("scikit-learn's test accuracy", formats.percent(comparison.sklearn_accuracy))
    m3.metric("Predictions that agree", f"{100 * comparison.agreement:.1f}%",
              help="Share of the test images both models label the same way.")
    m4.metric("Time: ours / sklearn",
              f"{1000 * comparison.ours_seconds:.0f} / {1000 * comparison.sklearn_seconds:.0f} ms",
              help=f"Ours: {chosen.num_iterations} iterations of gradient descent at learning "
                   f"rate {format_number(chosen.learning_rate)}. scikit-learn: lbfgs "
                   "until it converges.")
    st.caption("The pictures share their shape, not their scale: with almost no penalty "
               "scikit-learn keeps growing its weights (on separable digits the cost only "
               "reaches 0 at infinity), while ours stops after its iterations.")
