"""Draw: your own digit, turned into the dataset's format, and the neuron's answer
explained with its actual numbers."""

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas  # only importable inside a running app

from logreg.data import closest_image
from logreg.drawing import EmptyDrawingError, preprocess
from logreg.explain import explain
from logreg.uploads import load_image_file
from playground import cached, figures, session
from playground.figures import CHART_CONFIG

PAIR, TEN = "The pair neuron (from Train)", "The ten-digit model (ten neurons)"


st.title("Draw a digit")
st.markdown(
    "Draw a digit and the neuron answers. Your drawing is first turned into the kind of "
    "image the neuron was trained on — cropped, set upright, scaled to full height, its "
    "strokes made as bold as the dataset's, and counted into 8×8 blocks — then the "
    "neuron adds up its pixels, and you can see exactly how."
)

left, right = st.columns([1, 1.25], gap="large")
with left:
    source = st.segmented_control(
        "Input", ["Draw", "Upload a photo"], default="Draw", key="draw_source",
        required=True, help="Draw with the mouse (or a finger), or upload a photo or scan "
                            "of a digit written on paper.")
    image = None
    if source == "Draw":
        width = st.slider("Pen width", 8, 40, 22, key="pen_width",
                          help="Any width works: strokes are re-drawn as bold as the "
                               "dataset's before the neuron sees them.")
        canvas = st_canvas(stroke_width=width, stroke_color="#000000",
                           background_color="#FFFFFF", height=280, width=280,
                           drawing_mode="freedraw", return_image_data=True,
                           key=session.canvas_key())
        st.button("Clear", icon=":material/delete:", help="Wipe the canvas.",
                  on_click=session.clear_canvas)
        image = canvas.image_data
    else:
        upload = st.file_uploader(
            "A photo or scan of one digit (PNG or JPEG)", type=["png", "jpg", "jpeg"],
            key="upload", help="Dark ink on light paper or light on dark both work. "
                               "Crop the photo to the paper around the digit.")
        if upload is not None:
            try:
                image = load_image_file(upload.getvalue())
            except ValueError as problem:
                st.error(f"That file can't be used: {problem}", icon=":material/image:")
    model_choice = st.radio(
        "Model", [PAIR, TEN], key="draw_model", horizontal=False,
        help="The pair neuron tells two digits apart (the one trained on Train). The "
             "ten-digit model is ten such neurons, one per digit, each saying how much "
             "the drawing looks like its digit.")
    if model_choice == PAIR:
        st.caption(f"Answers with {session.pair_model().description}.")

try:
    stages = None if image is None else preprocess(image)
except EmptyDrawingError:
    stages = None

with right:
    if stages is None:
        st.info("Draw a digit on the canvas (or upload a photo) and the neuron will "
                "answer here.", icon=":material/draw:")
        st.stop()
    x = stages.features  # (64, 1): what the neuron sees
    if model_choice == PAIR:
        model = session.pair_model()
        why = explain(model.w, model.b, x)
        predicted = model.positive if why.probability > 0.5 else model.negative
        sure = why.probability if predicted == model.positive else 1 - why.probability
        st.metric("Prediction", f"{predicted}  ({100 * sure:.0f}% sure)",
                  help=f"Model: {model.description}.")
        st.plotly_chart(figures.pair_probability(why.probability, model.negative,
                                                 model.positive), config=CHART_CONFIG)
        weights, bias, toward, away = model.w, model.b, model.positive, model.negative
    else:
        ten, accuracy = cached.ten_digit_model()
        scores = ten.scores(x)[:, 0]  # (10,): each neuron's own P(its digit)
        predicted = int(ten.predict(x)[0])
        k = list(ten.classes).index(predicted)
        weights, bias = ten.W[:, k:k + 1], float(ten.b[k])
        why = explain(weights, bias, x)
        st.metric("Prediction", f"{predicted}  (its neuron: {100 * scores[k]:.0f}% sure)",
                  help="Ten neurons each score the drawing, each on its own: P(my digit). "
                       "The most confident one wins.")
        st.caption(f"Ten neurons, one per digit, {100 * accuracy:.1f}% right on held-out "
                   "test images. Below: the winning neuron, the one for "
                   f"{predicted}.")
        st.plotly_chart(figures.digit_scores(scores, predicted), config=CHART_CONFIG)
        toward, away = predicted, "other digits"

    for warning in stages.warnings:
        st.warning(warning, icon=":material/lightbulb:")

st.subheader("What the neuron sees")
c1, c2, c3, c4 = st.columns(4)
c1.plotly_chart(figures.ink_image(stages.cropped, "1. your ink, cropped"), config=CHART_CONFIG)
c2.plotly_chart(figures.ink_image(stages.bitmap, "2. 32×32 bitmap, bold strokes"),
                config=CHART_CONFIG)
c3.plotly_chart(figures.counts_image(stages.counts, "3. 8×8: ink per 4×4 block"),
                config=CHART_CONFIG)
c4.plotly_chart(figures.counts_image(closest_image(x, predicted),
                                     f"a training {predicted} like yours"), config=CHART_CONFIG)

st.subheader("How it decided")
left, right = st.columns([1, 1.3], gap="large")
left.plotly_chart(figures.weight_heatmap(why.contributions, bias,
                                         title="Each pixel's push wᵢxᵢ"), config=CHART_CONFIG)
with right:
    st.markdown(
        f"Every inked pixel is multiplied by its weight. Red pixels push toward "
        f"**{toward}**, blue ones toward **{away}**; blank pixels (x = 0) add nothing.")
    st.latex(
        rf"z = \sum_i w_i x_i + b = \underbrace{{{why.towards:+.2f}}}_{{\text{{red pixels}}}}"
        rf"\;\underbrace{{{why.against:+.2f}}}_{{\text{{blue pixels}}}}"
        rf"\;\underbrace{{{why.b:+.2f}}}_{{b}} = {why.z:.2f}")
    verdict = ">" if why.probability > 0.5 else r"\le"
    st.latex(rf"\sigma(z) = \frac{{1}}{{1 + e^{{-({why.z:.2f})}}}} = {why.probability:.3f}"
             rf"\; {verdict} \; 0.5")
    rows, cols = np.divmod(why.strongest(3), 8)
    st.caption("Strongest pixels (row, column): " + ", ".join(
        f"({r}, {c}) {why.contributions[8 * r + c]:+.2f}" for r, c in zip(rows, cols)))
