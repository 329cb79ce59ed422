"""Draw: coming next. Says what it will do and shows the model it will use."""

import streamlit as st

from playground import state

state.enter_page()

st.title("Draw a digit")
st.markdown(
    "Soon: draw a digit with the mouse (or upload a photo) and the neuron will answer, "
    "showing each step — how your drawing is turned into the dataset's 8×8 format, the "
    "probability, and which pixels pushed it which way."
)
run = state.current_run()
if run is None:
    st.info("No model trained yet. Train one on the Train page first.", icon=":material/info:")
else:
    st.success(f"It will use your model: {run.pair.negative} vs {run.pair.positive}, "
               f"trained for {run.iteration} iterations.", icon=":material/check_circle:")
st.page_link("pages/train.py", label="Go to Train", icon=":material/model_training:")
