"""Placeholder: the playground's pages arrive with the app issue."""

import streamlit as st

st.title("Logistic Regression Playground")
st.write("One neuron learning to tell two handwritten digits apart. The pages are coming.")
