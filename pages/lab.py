"""Lab: coming next."""

import streamlit as st

from playground import state

state.enter_page()

st.title("Lab")
st.markdown(
    "Soon: race several learning rates against each other, map how hard each of the 45 "
    "digit pairs is, and compare our neuron with scikit-learn's logistic regression."
)
run = state.current_run()
if run is not None:
    st.caption(f"Current model: {run.pair.negative} vs {run.pair.positive}, "
               f"{run.iteration} iterations.")
st.page_link("pages/train.py", label="Meanwhile, train a neuron", icon=":material/model_training:")
