"""Concepts: the math inside the neuron, one idea at a time: the sigmoid, why log-loss
and not squared error, the gradient by the chain rule beside the code that computes it,
a gradient check of that code, and the real source of every function."""

import inspect
import textwrap

import numpy as np
import pandas as pd
import streamlit as st

from logreg import losses
from logreg.gradcheck import gradient_check, numerical_gradients
from logreg.model import GradientDescent, initialize_params, optimize, predict, predict_proba
from logreg.model import propagate, sigmoid
from playground import concept_figures as figures
from playground import controls, state

NO_BAR = {"displayModeBar": False}
Z_AXIS = np.linspace(-10.0, 10.0, 401)  # where the sigmoid curve is drawn
EPSILONS = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10]



def source_of(function):
    """The real source of a function of ``logreg``, as the server runs it."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return f"# the source of {function.__qualname__} is not available here"
    # getsource reads the file now, at the line numbers of the code loaded when the
    # server started: a file edited since then would show the wrong lines
    lines = [line.strip() for line in source.splitlines()]
    first = next((line for line in lines if not line.startswith("@")), "")
    if not first.startswith(f"def {function.__name__}("):
        return (f"# {function.__module__.replace('.', '/')}.py changed since the server "
                "started: restart it to see this code")
    return textwrap.dedent(source)  # a method's source is indented


def code_line(function, start):
    """The line of ``function``'s real source that begins with ``start`` (or None)."""
    for line in source_of(function).splitlines():
        if line.strip().startswith(start):
            return line.strip()
    return None


def probability(a):
    """σ(z) with enough digits to tell 0.99995 from 1."""
    return f"{a:.4f}" if 1e-4 <= a <= 1 - 1e-4 else f"{a:.6f}"


chosen = state.settings()
negative = str(chosen.negative) if chosen.valid_pair else "label 0"
positive = str(chosen.positive) if chosen.valid_pair else "label 1"

st.title("Concepts: the math inside one neuron")
st.markdown(
    "Five ideas carry the whole neuron. Play with each one here: the numbers come from "
    f"the same `logreg` code that trains the neuron on **Train** (now: **{negative}** "
    f"against **{positive}**; the pair is chosen on Data or Train)."
)

# 1 -------------------------------------------------------------------------------------
st.header("1 · The sigmoid turns any number into a probability", divider="gray")
left, right = st.columns([1, 1.6], gap="large")
with left:
    z = st.slider(
        "z = wᵀx + b", -10.0, 10.0, 2.0, step=0.1, key="concept_z",
        help="z is the neuron's raw score: each pixel times its weight, summed, plus the "
             "bias. It can be any number. Slide it and watch σ squash it into 0…1.")
    a = sigmoid(z)
    st.metric("σ(z)", probability(a),
              help="The neuron's probability that the image shows the positive digit.")
    st.latex(rf"\sigma({z:.1f}) = \frac{{1}}{{1 + e^{{-({z:.1f})}}}} = {probability(a)}")
    if a > 0.5:
        st.markdown(f"#### σ(z) = {probability(a)} > 0.5 → the neuron says "
                    f":red[**{positive}**] (the positive digit)")
    else:
        st.markdown(f"#### σ(z) = {probability(a)} ≤ 0.5 → the neuron says "
                    f":blue[**{negative}**] (the negative digit)")
    st.caption(f"The slope here is σ′(z) = a(1 − a) = {a * (1 - a):.4f}: steepest at z = 0, "
               "almost flat once the neuron is sure. It comes back in step 3.")
with right:
    st.plotly_chart(figures.sigmoid_explorer(Z_AXIS, sigmoid(Z_AXIS), z, a, negative,
                                             positive), config=NO_BAR)

# 2 -------------------------------------------------------------------------------------
st.header("2 · Why log-loss, and not squared error?", divider="gray")
st.markdown(
    "Training needs one number that says how wrong the neuron is. Squared error "
    "(a − y)², the usual choice for fitting lines, looks natural. With a sigmoid in front "
    "it is a poor teacher."
)
st.subheader("The loss of one image, against the prediction a")
curves = losses.losses_against_prediction()
st.plotly_chart(figures.losses_against_prediction(
    curves.a, curves.log_y1, curves.squared_y1, curves.log_y0, curves.squared_y0),
    config=NO_BAR)
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
else:
    pair = state.digit_pair(chosen.negative, chosen.positive, chosen.test_size)
    run = state.current_run()
    trained = (run is not None and run.iteration > 0
               and (run.pair.negative, run.pair.positive, run.pair.test_size)
               == (chosen.negative, chosen.positive, chosen.test_size))
    MEANS = f"From the average {negative} to the average {positive}"
    TRAINED = "Through your trained neuron"
    directions = [MEANS, TRAINED] if trained else [MEANS]
    if st.session_state.get("concept_direction") not in directions:
        st.session_state.pop("concept_direction", None)  # the pair or the model changed
    c1, c2 = st.columns([1.4, 1], gap="large")
    direction_name = c1.radio(
        "Direction of the line", directions,
        key="concept_direction", horizontal=True,
        help="The weights are 64 numbers plus a bias: far too many to draw. So we walk "
             "along one straight line through them and draw the cost at every point. "
             "The average-image direction works before any training; your trained "
             "neuron's direction appears once you have trained on Train.")
    reach = c2.slider(
        "How far to walk (t from −T to T)", 2, 30, 10, key="concept_reach",
        help="The half-width T of the stretch of line drawn. Walk further and the "
             "squared error's flat plateaus show; the log-loss stays one bowl.")
    if direction_name == TRAINED:
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
    st.plotly_chart(figures.cost_along_line(line.ts, line.log, line.squared,
                                            line.inflections_squared, t_model,
                                            notes=reach >= 5),
                    config=NO_BAR)
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

# 3 -------------------------------------------------------------------------------------
st.header("3 · The gradient, by the chain rule, beside the code", divider="gray")
st.markdown(
    "Gradient descent needs to know how the cost J changes when each weight changes. "
    "The chain rule builds that from small local derivatives. Left: one step of the "
    "math for one image. Right: the line of `logreg.model.propagate` that computes it "
    "for all m images at once (read from its source as it runs now)."
)
STEPS = [
    ("The linear step: every image's score at once.",
     r"z = w^T X + b", "z =", None),
    ("The activation squashes each score into a probability.",
     r"A = \sigma(z) = \frac{1}{1 + e^{-z}}", "A =", None),
    ("The loss of one image; the cost J averages it over the m images.",
     r"\mathcal{L}(a, y) = -\big(y \log a + (1-y)\log(1-a)\big), \qquad "
     r"J = \frac{1}{m}\sum_{i=1}^{m} \mathcal{L}\big(a^{(i)}, y^{(i)}\big)",
     "cost =", "Computed from z (np.logaddexp), so it never takes log(0)."),
    ("How the loss changes with the prediction a.",
     r"\frac{\partial \mathcal{L}}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}",
     None, "Never computed on its own: the fractions cancel in step 6."),
    ("How the sigmoid changes with z: its slope.",
     r"\frac{\partial a}{\partial z} = \sigma(z)\,\big(1 - \sigma(z)\big) = a(1-a)",
     None, "Not computed either: it multiplies into step 6."),
    ("Chain rule: multiply the two, and the fractions cancel.",
     r"\frac{\partial \mathcal{L}}{\partial z} = "
     r"\frac{\partial \mathcal{L}}{\partial a}\cdot\frac{\partial a}{\partial z} = "
     r"-y(1-a) + (1-y)\,a = a - y", "dZ =", None),
    ("z = wᵀx + b, so ∂z/∂w = x: average x·(a − y) over the images.",
     r"\frac{\partial J}{\partial w} = \frac{1}{m}\sum_{i=1}^{m} x^{(i)}\big(a^{(i)} - "
     r"y^{(i)}\big) = \frac{1}{m}\, X (A - Y)^T", "dw =",
     "The (l2 / m) * w term is the optional L2 penalty (0 in the tutorial)."),
    ("∂z/∂b = 1: the bias just averages a − y.",
     r"\frac{\partial J}{\partial b} = \frac{1}{m}\sum_{i=1}^{m} \big(a^{(i)} - y^{(i)}\big)",
     "db =", None),
]
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
    "With squared error, step 6 would be 2(a − y)·a(1 − a): the slope a(1 − a) would not "
    "cancel, and it vanishes exactly where the neuron is most wrong (section 2)."
)

# 4 -------------------------------------------------------------------------------------
st.header("4 · Gradient check: is that calculus right?", divider="gray")
st.markdown(
    "A derivation can hide a mistake; the definition of a derivative cannot. Nudge each "
    "of the 65 parameters (64 weights and the bias) a tiny ε up and down, watch the cost, "
    "and compare with what `propagate` computes:"
)
st.latex(r"\frac{\partial J}{\partial \theta_i} \approx "
         r"\frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2\varepsilon}"
         r"\qquad \text{relative error} = "
         r"\frac{\lVert g_{\text{num}} - g_{\text{ana}}\rVert}"
         r"{\lVert g_{\text{num}}\rVert + \lVert g_{\text{ana}}\rVert}")
run = state.current_run()
if run is not None and run.iteration > 0:
    check_pair, w, b, l2 = run.pair, run.latest.w, run.latest.b, run.l2
    st.caption(f"Checking your neuron from Train: {check_pair.negative} vs "
               f"{check_pair.positive} after {run.iteration} iterations, on its "
               f"{check_pair.X_train.shape[1]} training images.")
elif chosen.valid_pair:
    check_pair = state.digit_pair(chosen.negative, chosen.positive, chosen.test_size)
    w, b = initialize_params(check_pair.X_train.shape[0], random_state=chosen.seed)
    l2 = chosen.l2
    st.info(f"Nothing trained yet, so this checks small random weights (seed "
            f"{chosen.seed}) for {negative} vs {positive}. Train a neuron on Train and "
            "come back to check yours.", icon=":material/info:")
else:
    check_pair = None
    controls.same_digit_message(chosen.negative)

if check_pair is not None:
    c0, m1, m2, m3 = st.columns([1.3, 1, 1, 1], gap="medium")
    eps = c0.select_slider(
        "Nudge size ε", EPSILONS, value=1e-6, key="concept_eps",
        format_func=lambda e: f"{e:.0e}".replace("e-0", "e-"),
        help="How far each parameter is moved up and down. Too big and the curve's bend "
             "spoils the estimate; too small and the two costs differ only in their last "
             "digits, so rounding takes over. Around 1e-6 is the sweet spot.")
    check = gradient_check(w, b, check_pair.X_train, check_pair.Y_train, eps=eps, l2=l2)
    m1.metric("Relative error", f"{check.relative_error:.1e}",
              help="0 would be perfect agreement. Below 1e-7 means the analytic gradient "
                   "is right; around 1e-3 or more means a bug in the calculus.")
    m2.metric("Largest difference in one component", f"{check.max_abs_difference:.1e}",
              help="The biggest gap between the two gradients, parameter by parameter.")
    m3.metric("Cost evaluations", 2 * check.numerical.size,
              help="Two per parameter (up and down). propagate gets all 65 derivatives "
                   "from one pass: that is why nobody trains with numerical gradients.")
    if check.relative_error < 1e-7:
        st.success("The two gradients agree to about "
                   f"{int(-np.log10(max(check.relative_error, 1e-16)))} digits: "
                   "`propagate`'s calculus is right.", icon=":material/check_circle:")
    else:
        st.warning("The gradients agree less well with this ε: the estimate itself is "
                   "off, not propagate. Try ε = 1e-6.", icon=":material/info:")
    labels = [f"dw{i}" for i in range(check.numerical.size - 1)] + ["db"]
    left, right = st.columns([1.2, 1], gap="large")
    left.plotly_chart(figures.gradient_check_scatter(check.analytic, check.numerical, labels),
                      config=NO_BAR)
    right.dataframe(
        pd.DataFrame({"parameter": labels, "propagate": check.analytic,
                      "numerical": check.numerical,
                      "difference": check.numerical - check.analytic}),
        hide_index=True, height=400,
        column_config={name: st.column_config.NumberColumn(format="%.3e")
                       for name in ("propagate", "numerical", "difference")})
    with st.expander("Show the code: numerical_gradients", icon=":material/code:"):
        st.code(source_of(numerical_gradients), language="python")

# 5 -------------------------------------------------------------------------------------
st.header("5 · The real code", divider="gray")
st.markdown(
    "Everything above runs this code. It is read from the `logreg` package while the app "
    "runs, so what you read here is always what trains the neuron."
)
SOURCES = [
    ("sigmoid", [sigmoid], "σ(z), written so that exp never overflows."),
    ("propagate", [propagate], "One forward and backward pass: the cost and dw, db."),
    ("optimize", [optimize, GradientDescent.run, GradientDescent._mini_batch_step],
     "Gradient descent: optimize starts a GradientDescent and runs its loop (below it). "
     "The update w = w − α·dw, b = b − α·db reads plainest in _mini_batch_step (last); "
     "full-batch training runs the same math in _full_batch_steps, arranged for speed."),
    ("predict", [predict, predict_proba], "Labels from probabilities: 1 where σ(z) > 0.5."),
]
for name, functions, blurb in SOURCES:
    with st.expander(f"Show the code: {name}", icon=":material/code:"):
        st.caption(blurb)
        for function in functions:
            st.code(source_of(function), language="python")
