"""Concepts: the math inside the neuron, one idea at a time: the sigmoid, why log-loss
and not squared error, the gradient by the chain rule beside the code that computes it,
a gradient check of that code, and the real source of every function."""

import numpy as np
import pandas as pd
import streamlit as st

from logreg import losses
from logreg.descent import GradientDescent
from logreg.gradcheck import gradient_check, numerical_gradients
from logreg.model import initialize_params, optimize, predict, predict_proba, propagate
from logreg.model import sigmoid
from playground import cached, concept_figures, controls, session
from playground.chart import CHART_CONFIG
from playground.formats import probability, scientific
from playground.show_code import code_line, source_of

Z_AXIS = np.linspace(-10.0, 10.0, 401)  # where the sigmoid curve is drawn
EPSILONS = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10]
STEPS = [
    ("The linear step: every image's score at once.",
     r"z = w^T X + b", "z =", None),
    ("The activation squashes each score into a probability.",
     r"A = \sigma(z) = \frac{1}{1 + e^{-z}}", "A =", None),
    ("The loss of one image; the cost J averages it over the m images.",
     r"\begin{aligned}\mathcal{L}(a, y) &= -\big(y \log a + (1-y)\log(1-a)\big)\\ "
     r"J &= \frac{1}{m}\sum_{i=1}^{m} \mathcal{L}\big(a^{(i)}, y^{(i)}\big)\end{aligned}",
     "cost =", "Computed from z (np.logaddexp), so it never takes log(0)."),
    ("How the loss changes with the prediction a.",
     r"\frac{\partial \mathcal{L}}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}",
     None, "Never computed on its own: the fractions cancel in step 6."),
    ("How the sigmoid changes with z: its slope.",
     r"\frac{\partial a}{\partial z} = \sigma(z)\,\big(1 - \sigma(z)\big) = a(1-a)",
     None, "Not computed either: it multiplies into step 6."),
    ("Chain rule: multiply the two, and the fractions cancel.",
     r"\begin{aligned}\frac{\partial \mathcal{L}}{\partial z} &= "
     r"\frac{\partial \mathcal{L}}{\partial a}\cdot\frac{\partial a}{\partial z}\\ "
     r"&= -y(1-a) + (1-y)\,a = a - y\end{aligned}", "dZ =", None),
    ("z = wᵀx + b, so ∂z/∂w = x: average x·(a − y) over the images.",
     r"\begin{aligned}\frac{\partial J}{\partial w} &= \frac{1}{m}\sum_{i=1}^{m} "
     r"x^{(i)}\big(a^{(i)} - y^{(i)}\big)\\ &= \frac{1}{m}\, X (A - Y)^T\end{aligned}",
     "dw =",
     "The (l2 / m) * w term is the optional L2 penalty (0 in the tutorial)."),
    ("∂z/∂b = 1: the bias just averages a − y.",
     r"\frac{\partial J}{\partial b} = \frac{1}{m}\sum_{i=1}^{m} \big(a^{(i)} - y^{(i)}\big)",
     "db =", None),
]

SOURCES = [
    ("sigmoid", [sigmoid], "σ(z), written so that exp never overflows."),
    ("propagate", [propagate], "One forward and backward pass: the cost and dw, db."),
    ("optimize", [optimize, GradientDescent.run, GradientDescent.mini_batch_step],
     "Gradient descent: optimize starts a GradientDescent (logreg/descent.py) and runs "
     "its loop, narrated step by step: record, forward, backward, update. The update "
     "w = w − α·dw, b = b − α·db reads plainest in mini_batch_step (last), which trains "
     "with mini-batches through propagate itself."),
    ("full_batch_steps: what Train runs by default",
     [GradientDescent.full_batch_steps],
     "Full-batch training (the tutorial's, and Train's default) runs this: the same "
     "arithmetic as propagate, arranged for speed — σ(z) written with tanh, w and b in "
     "one vector, five NumPy calls an iteration. It computes no cost and no dw of its own "
     "to show: tests/test_model.py (test_fast_path_equals_propagate_based_training) "
     "trains 450 iterations both ways, with and without the L2 penalty, and holds "
     "weights and costs equal to nine digits."),
    ("predict", [predict, predict_proba], "Labels from probabilities: 1 where σ(z) > 0.5."),
]


def sigmoid_section(negative, positive):
    st.header("1 · The sigmoid turns any number into a probability", divider="gray")
    left, right = st.columns([1, 1.6], gap="large")
    with left:
        z = st.slider(
            "z = wᵀx + b", -10.0, 10.0, 2.0, step=0.1, key="concept_z",
            help="z is the neuron's raw score: each pixel times its weight, summed, plus "
                 "the bias. It can be any number. Slide it and watch σ squash it into 0…1.")
        a = sigmoid(z)
        shown = probability(a)
        st.metric("σ(z)", shown,
                  help="The neuron's probability that the image shows the positive digit.")
        st.latex(rf"\sigma({z:.1f}) = \frac{{1}}{{1 + e^{{-({z:.1f})}}}} = {shown}")
        if a > 0.5:
            st.markdown(f"### σ(z) = {shown} > 0.5 → the neuron says "
                        f":red[**{positive}**] (the positive digit)")
        else:
            st.markdown(f"### σ(z) = {shown} ≤ 0.5 → the neuron says "
                        f":blue[**{negative}**] (the negative digit)")
        st.caption(f"The slope here is σ′(z) = a(1 − a) = {probability(a * (1 - a))}: "
                   "steepest at z = 0, almost flat once the neuron is sure. It comes back "
                   "in step 3.")
    with right:
        st.plotly_chart(concept_figures.sigmoid_chart(Z_AXIS, sigmoid(Z_AXIS), z, a, negative,
                                                      positive, label=shown),
                        config=CHART_CONFIG)


def losses_section(chosen, negative, positive):
    st.header("2 · Why log-loss, and not squared error?", divider="gray")
    st.markdown(
        "Training needs one number that says how wrong the neuron is. Squared error "
        "(a − y)², the usual choice for fitting lines, looks natural. With a sigmoid in "
        "front it is a poor teacher."
    )
    st.subheader("The loss of one image, against the prediction a")
    curves = losses.losses_against_prediction()
    st.plotly_chart(concept_figures.losses_chart(
        curves.a, curves.log_y1, curves.squared_y1, curves.log_y0, curves.squared_y0),
        config=CHART_CONFIG)
    st.markdown(
        "When the neuron is **confidently wrong** (a → 0 for a true 1), the log-loss grows "
        "without limit while squared error never exceeds 1. Worse, squared error's gradient "
        "carries the sigmoid's slope a(1 − a), which is almost 0 exactly there: the most "
        "wrong neuron gets the weakest push. For log-loss that factor cancels (step 3), and "
        "the push is simply a − y."
    )
    st.subheader("The cost along a line through weight space")
    if not chosen.valid_pair:
        controls.same_digit_message(chosen.negative)
        return
    pair = cached.digit_pair(chosen.negative, chosen.positive, chosen.test_size)
    run = session.trained_run()
    trained = run is not None and run.settings.data_key == chosen.data_key
    means = f"From the average {negative} to the average {positive}"
    through_model = "Through your trained neuron"
    c1, c2 = st.columns([1.4, 1], gap="large")
    # no key: when the choices change (a neuron was trained), the radio starts afresh
    direction_name = c1.radio(
        "Direction of the line", [means, through_model] if trained else [means],
        horizontal=True,
        help="The weights are 64 numbers plus a bias: far too many to draw. So we walk "
             "along one straight line through them and draw the cost at every point. "
             "The average-image direction works before any training; your trained "
             "neuron's direction appears once you have trained on Train.")
    reach = c2.slider(
        "How far to walk (t from −T to T)", 2, 30, 10, key="concept_reach",
        help="The half-width T of the stretch of line drawn. Walk further and the "
             "squared error's flat plateaus show; the log-loss stays one bowl.")
    if direction_name == through_model:
        d, d_b, t_model = losses.weights_direction(run.latest.w, run.latest.b)
        where = (f"The line from w = 0 through your neuron, which sits at t = {t_model:.2f} "
                 "(the black diamond).")
    else:
        d, d_b = losses.class_means_direction(pair.X_train, pair.Y_train)
        t_model = None
        where = (f"$d$ points from the average {negative} to the average {positive} "
                 "(length 1); $d_b$ puts the boundary halfway between them.")
    if not trained:
        st.caption("Train a neuron on Train to walk along its own weights too.")
    line = losses.compare_along_line(np.zeros_like(d), d, np.linspace(-reach, reach, 401),
                                     pair.X_train, pair.Y_train, direction_b=d_b)
    st.markdown(rf"Every point of the line is a neuron: $w(t) = t\,d,\; b(t) = t\,d_b$. "
                rf"{where} At t = 0 all weights are 0 and the neuron says 0.5 for every "
                rf"image; for t > 0 it leans the right way, for t < 0 it is backwards.")
    st.plotly_chart(concept_figures.cost_along_line_chart(
        line.ts, line.log, line.squared, line.inflections_squared, t_model,
        notes=reach >= 5), config=CHART_CONFIG)
    m1, m2, m3 = st.columns(3)
    m1.metric("Log-loss: smallest bend J″(t)", f"{line.min_curvature_log:+.4f}",
              help="How the curve bends, from second differences: positive = curving up "
                   "like a bowl, negative = curving down. Convex means never negative.")
    m2.metric("Squared error: smallest bend J″(t)", f"{line.min_curvature_squared:+.4f}",
              help="Negative: this curve bends downward somewhere, so it is not convex.")
    m3.metric("Squared error: inflection points", len(line.inflections_squared),
              help="Places where the curve switches between bending up and bending down "
                   "(the white circles). A convex curve has none.")
    if line.log_is_convex and not line.squared_is_convex:
        st.success(
            f"**Log-loss is convex here:** it bends upward everywhere on this line: no "
            f"plateau, no trap. **Squared error is not:** it bends downward near "
            f"t = {line.t_min_curvature_squared:.2f} and flattens into a plateau where "
            "the neuron is confidently wrong — gradient descent started there barely "
            "moves.", icon=":material/check_circle:")
    elif not line.log_is_convex:
        st.warning("Rounding made a tiny part of the log-loss look bent; the log-loss is "
                   "convex in theory.", icon=":material/info:")
    else:
        st.info("On this short stretch squared error happens to bend only upward: walk "
                "further (a larger T) to find its plateaus.", icon=":material/info:")


def chain_rule_section():
    st.header("3 · The gradient, by the chain rule, beside the code", divider="gray")
    st.markdown(
        "Gradient descent needs to know how the cost J changes when each weight changes. "
        "The chain rule builds that from small local derivatives. Left: one step of the "
        "math for one image. Right: the line of `propagate` (logreg/neuron.py) that computes it "
        "for all m images at once (read from its source as it runs now)."
    )
    head_math, head_code = st.columns([1.3, 1], gap="large")
    head_math.markdown("**The math** (one image: a, y, x)")
    head_code.markdown("**The code** in `propagate` (all images: A, Y, X)")
    for number, (words, math, start, note) in enumerate(STEPS, start=1):
        with st.container(border=True):
            math_col, code_col = st.columns([1.3, 1], gap="large", vertical_alignment="center")
            with math_col:
                st.markdown(f"**{number}.** {words}")
                st.latex(math)
            with code_col:
                line_of_code = code_line(propagate, start) if start else None
                if line_of_code:
                    st.code(line_of_code, language="python", wrap_lines=True)
                elif start:
                    st.caption("This line has changed in `propagate`: see its code below.")
                if note:
                    st.caption(note)
    st.markdown(
        "With squared error, step 6 would be 2(a − y)·a(1 − a): the slope a(1 − a) would "
        "not cancel, and it vanishes exactly where the neuron is most wrong (section 2)."
    )


def gradient_check_section(chosen, negative, positive):
    st.header("4 · Gradient check: is that calculus right?", divider="gray")
    st.markdown(
        "A derivation can hide a mistake; the definition of a derivative cannot. Nudge each "
        "of the 65 parameters (64 weights and the bias) a tiny ε up and down, watch the "
        "cost, and compare with what `propagate` computes:"
    )
    st.latex(r"\frac{\partial J}{\partial \theta_i} \approx "
             r"\frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2\varepsilon}"
             r"\qquad \text{relative error} = "
             r"\frac{\lVert g_{\text{num}} - g_{\text{ana}}\rVert}"
             r"{\lVert g_{\text{num}}\rVert + \lVert g_{\text{ana}}\rVert}")
    run = session.trained_run()
    if run is not None:
        pair, w, b, l2 = run.pair, run.latest.w, run.latest.b, run.l2
        st.caption(f"Checking your neuron from Train: {pair.negative} vs "
                   f"{pair.positive} after {run.iteration} iterations, on its "
                   f"{pair.X_train.shape[1]} training images.")
    elif chosen.valid_pair:
        pair = cached.digit_pair(chosen.negative, chosen.positive, chosen.test_size)
        w, b = initialize_params(pair.X_train.shape[0], random_state=chosen.seed)
        l2 = chosen.l2
        st.info(f"Nothing trained yet, so this checks small random weights (seed "
                f"{chosen.seed}) for {negative} vs {positive}. Train a neuron on Train and "
                "come back to check yours.", icon=":material/info:")
    else:
        controls.same_digit_message(chosen.negative)
        return

    c0, _ = st.columns([1, 1])
    m1, m2, m3 = st.columns(3, gap="medium")
    eps = c0.select_slider(
        "Nudge size ε", EPSILONS, value=1e-6, key="concept_eps", format_func=scientific,
        help="How far each parameter is moved up and down. Too big and the curve's bend "
             "spoils the estimate; too small and the two costs differ only in their last "
             "digits, so rounding takes over. Around 10⁻⁶ is the sweet spot.")
    check = gradient_check(w, b, pair.X_train, pair.Y_train, eps=eps, l2=l2)
    m1.metric("Relative error", scientific(check.relative_error),
              help="0 would be perfect agreement. Below 10⁻⁷ means the analytic gradient "
                   "is right; around 10⁻³ or more means a bug in the calculus.")
    m2.metric("Largest difference", scientific(check.max_abs_difference),
              help="The biggest gap between the two gradients in one component, "
                   "parameter by parameter.")
    m3.metric("Cost evaluations", 2 * check.numerical.size,
              help="Two per parameter (up and down). propagate gets all 65 derivatives "
                   "from one pass: that is why nobody trains with numerical gradients.")
    if check.relative_error < 1e-7:
        st.success("The two gradients agree to about "
                   f"{int(-np.log10(max(check.relative_error, 1e-16)))} digits: "
                   "`propagate`'s calculus is right.", icon=":material/check_circle:")
    else:
        st.warning("The gradients agree less well with this ε: the estimate itself is "
                   "off, not propagate. Try ε = 10⁻⁶.", icon=":material/info:")
    labels = [f"dw{i}" for i in range(check.numerical.size - 1)] + ["db"]
    left, right = st.columns([1, 1.1], gap="medium")
    left.plotly_chart(concept_figures.gradient_check_chart(check.analytic, check.numerical,
                                                           labels), config=CHART_CONFIG)
    right.dataframe(
        pd.DataFrame({"parameter": labels, "propagate": check.analytic,
                      "numerical": check.numerical,
                      "difference": check.numerical - check.analytic}),
        hide_index=True, height=400,
        column_config={"parameter": st.column_config.TextColumn(width="small"),
                       "propagate": st.column_config.NumberColumn(format="%.3e"),
                       "numerical": st.column_config.NumberColumn(format="%.3e"),
                       "difference": st.column_config.NumberColumn(format="%.1e")})
    with st.expander("Show the code: numerical_gradients", icon=":material/code:"):
        st.code(source_of(numerical_gradients), language="python")


def source_section():
    st.header("5 · The real code", divider="gray")
    st.markdown(
        "Everything above runs this code. It is read from the `logreg` package while the "
        "app runs, so what you read here is the code that is running. Train's default, "
        "full-batch descent, runs the same arithmetic as `propagate` rearranged for "
        "speed: its code is the last one below, with the test that holds the two equal."
    )
    for name, functions, blurb in SOURCES:
        with st.expander(f"Show the code: {name}", icon=":material/code:"):
            st.caption(blurb)
            for function in functions:
                st.code(source_of(function), language="python")


chosen = session.settings()
negative = str(chosen.negative) if chosen.valid_pair else "label 0"
positive = str(chosen.positive) if chosen.valid_pair else "label 1"

st.title("Concepts: the math inside one neuron")
st.markdown(
    "Five ideas carry the whole neuron. Play with each one here: the numbers come from "
    f"the same `logreg` code that trains the neuron on **Train** (now: **{negative}** "
    f"against **{positive}**; the pair is chosen on Data or Train)."
)
sigmoid_section(negative, positive)
losses_section(chosen, negative, positive)
chain_rule_section()
gradient_check_section(chosen, negative, positive)
source_section()
