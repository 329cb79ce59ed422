"""Data: the pair of digits the neuron will learn, as it sees them."""

import streamlit as st

from logreg.data import class_counts, mean_images
from playground import cached, controls, figures, session
from playground.chart import CHART_CONFIG


st.title("The data: 8×8 handwritten digits")
st.markdown(
    "scikit-learn's digits are 1,797 tiny scans. Each pixel counts how much ink fell in "
    "a 4×4 patch of the original drawing, from 0 (paper) to 16 (all ink). "
    "Pick the two digits the neuron should tell apart."
)

controls.link_notes()
negative, positive = controls.digit_pair_selectors()
session.keep_link(("neg", "pos"))
if negative == positive:
    controls.same_digit_message(negative)
    st.stop()

pair = cached.digit_pair(negative, positive, session.settings().test_size)
counts = class_counts(negative, positive)

c1, c2, c3, c4 = st.columns(4)
c1.metric(f"Images of {negative}", counts[negative], help="label 0 for the neuron")
c2.metric(f"Images of {positive}", counts[positive], help="label 1 for the neuron")
c3.metric("Training examples", pair.m_train, help="The neuron learns from these.")
c4.metric("Test examples", pair.m_test,
          help="Held back to check the neuron on images it never saw "
               "(the test split is an advanced setting on Train).")

st.header("Samples from the training set")
left, right = st.columns(2)
for column, digit in ((left, negative), (right, positive)):
    images = pair.images_train[pair.digits_train == digit][:16]
    column.plotly_chart(
        figures.digit_grid(images, n_cols=8,
                           title=f"Digit {digit} (label {int(digit == positive)})"),
        config=CHART_CONFIG, key=f"grid-{digit}")

st.header("From a picture to 64 numbers")
st.markdown(
    "The neuron does not see a picture. The 8 rows are laid end to end into one column "
    "of 64 numbers x₀ … x₆₃, each divided by 16 so it lies between 0 and 1. "
    "All the training images side by side make the matrix X of shape (64, m)."
)
example = pair.images_train[0]
st.plotly_chart(figures.flatten_figure(example), config=CHART_CONFIG)

st.header("The average of each digit, and their difference")
st.markdown(
    f"Red pixels are inkier in a typical **{positive}**, blue ones in a typical "
    f"**{negative}**. That difference is roughly the picture the weights will learn: "
    "ink on red pixels should push the neuron toward "
    f"{positive}, ink on blue ones toward {negative}."
)
mean_neg, mean_pos = mean_images(pair)
st.plotly_chart(figures.mean_images_figure(mean_neg, mean_pos, negative, positive),
                config=CHART_CONFIG)
