"""Concepts: coming next."""

import streamlit as st

from playground import state

state.enter_page()

st.title("Concepts")
st.markdown(
    "Soon: the sigmoid to play with, why log-loss beats squared error, the gradient "
    "derived step by step beside the code that computes it, a gradient check, and the "
    "real source of every function of the `logreg` package."
)
st.page_link("pages/train.py", label="Meanwhile, train a neuron", icon=":material/model_training:")
