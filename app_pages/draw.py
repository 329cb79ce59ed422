"""Draw: your own digit, turned into the dataset's format, and the neuron's answer
explained with its actual numbers."""

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas  # only importable inside a running app

from logreg.data import closest_image
from logreg.drawing import EmptyDrawingError, preprocess
from logreg.explain import explain
from logreg.multiclass import REDRAWN_COPIES
from logreg.uploads import load_image_file
from logreg.settings import format_number
from playground import cached, drawing_pad, figures, session
from playground.class_mode import sharing
from playground.chart import CHART_CONFIG

PAIR, TEN = "The pair neuron (from Train)", "The ten-digit model (ten neurons)"
UPLOAD_EMPTY = {  # a photo without a digit: EmptyDrawingError.reason -> what to say
    "blank": "No ink was found in this picture. Is the digit written dark on light paper "
             "(or light on dark), and is the photo cropped to the paper around it?",
    "speck": "Only a dot or a few specks of ink were found in this picture, not a digit. "
             "Crop the photo to the digit, and write it larger or bolder.",
}
CANVAS_EMPTY = {
    "blank": "Draw a digit in the white square and the neuron will answer here.",
    "speck": "That is too little ink to read: draw a whole digit, as large as the square "
             "allows.",
}


def model_notice(chosen):
    """Under the pair neuron's name: the truth about Train's run when it has not trained
    yet, and a button that trains it now."""
    run = session.current_run()
    if run is not None and run.iteration > 0:
        return
    if run is not None:
        st.caption(f"Train's run, **{run.pair.negative} vs {run.pair.positive}**, is at "
                   "iteration 0: it has not been trained yet.")
    if chosen.valid_pair:
        st.button(f"Train {chosen.negative} vs {chosen.positive} now",
                  icon=":material/model_training:", on_click=session.train_now,
                  key="draw_train_now",
                  help=f"{chosen.num_iterations} iterations at learning rate "
                       f"{format_number(chosen.learning_rate)}, as set on Train, in "
                       "an instant. Train shows the finished run.")


st.title("Draw a digit")
st.markdown(
    "Draw a digit and the neuron answers. Below, your drawing turned into the dataset's "
    "8×8 format, and exactly how the neuron added up its pixels."
)

left, right = st.columns([1, 1.3], gap="large")
with left:
    source = st.segmented_control(
        "Input", ["Draw", "Upload a photo"], default="Draw", key="draw_source",
        required=True, label_visibility="collapsed",
        help="Draw with the mouse (or a finger), or upload a photo or scan of a digit "
             "written on paper.")
    image, problem = None, None
    if source == "Draw":
        # our own bar above the canvas: its right part stays free, for the canvas
        # widget's toolbar that appears there while the pointer is over the canvas
        st.button("Clear", icon=":material/delete:", help="Wipe the canvas.",
                  on_click=session.clear_canvas)
        pad = st.container()
        width = st.slider("Pen width", 8, 40, 22, key="pen_width",
                          help="Any width works: strokes are re-drawn as bold as the "
                               "dataset's before the neuron sees them.")
        with pad:
            canvas = st_canvas(stroke_width=width, stroke_color="#000000",
                               background_image=drawing_pad.background_png(),
                               height=drawing_pad.HEIGHT, width=drawing_pad.SIZE,
                               drawing_mode="freedraw", return_image_data=True,
                               key=session.canvas_key())
        image = drawing_pad.drawing_square(canvas.image_data)
    else:
        upload = st.file_uploader(
            "A photo or scan of one digit (PNG or JPEG)", type=["png", "jpg", "jpeg"],
            key="upload", help="Dark ink on light paper or light on dark both work. "
                               "Crop the photo to the paper around the digit.")
        if upload is not None:
            try:
                image = load_image_file(upload.getvalue())
            except ValueError as bad_file:
                problem = ("error", f"That file can't be used: {bad_file}")

stages = None
if image is not None:
    try:
        stages = preprocess(image)
    except EmptyDrawingError as empty:
        if source == "Draw":
            problem = ("info" if empty.reason == "blank" else "warning",
                       CANVAS_EMPTY[empty.reason])
        else:
            problem = ("warning", UPLOAD_EMPTY[empty.reason])

with right:
    something_trained = session.anything_trained()
    model_choice = st.radio(
        "Model", [PAIR, TEN], index=0 if something_trained else 1, key="draw_model",
        horizontal=True,
        help="The pair neuron tells two digits apart (the one trained on Train): it can "
             "only ever answer one of its two digits. The ten-digit model is ten such "
             "neurons, one per digit, each saying how much the drawing looks like its "
             "digit.")
    if model_choice == PAIR:
        model = session.pair_model()
        st.caption(f"Answers with {model.description}.")
        model_notice(session.settings())
    # one message at a time: the answer, or why there is none yet
    if stages is None:
        kind, text = problem or ("info", CANVAS_EMPTY["blank"] if source == "Draw" else
                                 "Upload a photo of a digit and the neuron will answer "
                                 "here.")
        icons = {"info": ":material/draw:", "warning": ":material/image_search:",
                 "error": ":material/broken_image:"}
        getattr(st, kind)(text, icon=icons[kind])
        st.stop()
    x = stages.features  # (64, 1): what the neuron sees
    if model_choice == PAIR:
        why = explain(model.w, model.b, x)
        predicted = model.positive if why.probability > 0.5 else model.negative
        sure = why.probability if predicted == model.positive else 1 - why.probability
        st.metric("Prediction", f"{predicted}  ({100 * sure:.0f}% sure)",
                  help=f"Model: {model.description}.")
        st.markdown(f":material/info: **This neuron can only answer {model.negative} or "
                    f"{model.positive}**: it was trained on those two digits alone, so "
                    "whatever you draw, it picks the nearer of the two. For any digit, "
                    "choose the ten-digit model.")
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
                   "test images. They read handwriting like yours because they learned "
                   "not only from the dataset's scanned digits but also from each one "
                   f"redrawn {REDRAWN_COPIES} times: turned a little, slanted, wobbly, with "
                   "a thicker or thinner pen. Below: the winning neuron, the one for "
                   f"{predicted}.")
        st.plotly_chart(figures.digit_scores(scores, predicted), config=CHART_CONFIG)
        toward, away = predicted, "other digits"

    sharing.share_drawing_panel(x, predicted)  # a student in a class: I meant, Share
    for warning in stages.warnings:
        st.warning(warning, icon=":material/lightbulb:")

st.subheader("What the neuron sees")
c1, c2, c3, c4 = st.columns(4)
# two-line titles: a quarter of an 800 px page cuts one long line
c1.plotly_chart(figures.ink_image(stages.cropped, "1. your ink,<br>cropped", height=250),
                config=CHART_CONFIG)
c2.plotly_chart(figures.ink_image(stages.bitmap, "2. 32×32 bitmap,<br>bold strokes",
                                  height=250), config=CHART_CONFIG)
c3.plotly_chart(figures.counts_image(stages.counts, "3. 8×8: ink per<br>4×4 block",
                                     height=250), config=CHART_CONFIG)
c4.plotly_chart(figures.counts_image(closest_image(x, predicted),
                                     f"a training {predicted}<br>like yours", height=250),
                config=CHART_CONFIG)

st.subheader("How it decided")
left, right = st.columns([1, 1.3], gap="large")
left.plotly_chart(figures.weight_heatmap(why.contributions, bias,
                                         title="Each pixel's push w<sub>i</sub>x<sub>i</sub>"),
                  config=CHART_CONFIG)
with right:
    st.markdown(
        f"Every inked pixel is multiplied by its weight. Red pixels push toward "
        f"**{toward}**, blue ones toward **{away}**; blank pixels (x = 0) add nothing.")
    st.latex(  # two lines: one is cut in a narrow column
        rf"\begin{{aligned}}z &= \sum_i w_i x_i + b \\ &= "
        rf"\underbrace{{{why.towards:+.2f}}}_{{\text{{red pixels}}}}"
        rf"\;\underbrace{{{why.against:+.2f}}}_{{\text{{blue pixels}}}}"
        rf"\;\underbrace{{{why.b:+.2f}}}_{{b}} = {why.z:.2f}\end{{aligned}}")
    verdict = ">" if why.probability > 0.5 else r"\le"
    st.latex(rf"\sigma(z) = \frac{{1}}{{1 + e^{{-({why.z:.2f})}}}} = {why.probability:.3f}"
             rf"\; {verdict} \; 0.5")
    rows, cols = np.divmod(why.strongest(3), 8)
    st.caption("Strongest pixels (row, column): " + ", ".join(
        f"({r}, {c}) {why.contributions[8 * r + c]:+.2f}" for r, c in zip(rows, cols)))
