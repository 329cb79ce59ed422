"""Home: what the playground is, the one-neuron picture, and the ways in."""

import streamlit as st

from playground import cached, figures, navigation
from playground.chart import CHART_CONFIG


st.title("One neuron learns to read digits")
st.markdown(
    "This playground trains the simplest neural network there is — **one neuron** — "
    "to tell two handwritten digits apart. "
    "The neuron multiplies each of an image's 64 pixels by a weight, adds them up with a "
    "bias, and squashes the sum into a probability; gradient descent tunes the weights. "
    "Watch the cost fall and the weights turn into a picture, then draw your own digit "
    "and see how the neuron decides."
)

pair = cached.digit_pair(0, 1)
st.plotly_chart(figures.neuron_diagram(pair.images_train[pair.digits_train == 1][0]),
                config=dict(CHART_CONFIG, staticPlot=True))
st.caption("A 1 from the dataset feeds its 64 pixels (ink 0–16, divided by 16) into the "
           "neuron: z = w₀x₀ + … + w₆₃x₆₃ + b, then σ(z) = 1 / (1 + e⁻ᶻ) is the probability "
           "that the image shows the positive digit.")

st.header("Where to go")
ways_in = [p for p in navigation.PAGES if p.blurb]
columns = st.columns(len(ways_in))
for column, way in zip(columns, ways_in):
    with column.container(border=True):
        st.page_link(way.script, label=f"**{way.title}**", icon=way.icon)
        st.write(way.blurb)
