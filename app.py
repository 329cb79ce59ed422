"""The Logistic Regression Playground: ``streamlit run app.py``.

This entry file runs on every page view. It sets up the page, gives the session its
default settings, and hands over to the page the URL asks for (Streamlit's
``st.navigation``). Each page is one file in ``app_pages/``: not ``pages/``, a name
that would switch Streamlit to its legacy multipage mode.
"""

from pathlib import Path

import streamlit as st

from playground import class_mode, server, session

STYLESHEET = Path(__file__).resolve().parent / "playground" / "app.css"

server.one_blas_thread()  # the math is small: many sessions, one thread each
server.settle_memory()  # once per process: keeps the garbage collection after each run cheap

st.set_page_config(page_title="One-neuron playground", page_icon="🧠", layout="wide")
session.start(st.query_params)  # the first time: settings from the link, repaired
st.html(STYLESHEET)  # less space above the titles: a projector shows more

pages = [
    st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("app_pages/data.py", title="Data", icon=":material/grid_on:", url_path="data"),
    st.Page("app_pages/train.py", title="Train", icon=":material/model_training:", url_path="train"),
    st.Page("app_pages/draw.py", title="Draw", icon=":material/draw:", url_path="draw"),
    st.Page("app_pages/concepts.py", title="Concepts", icon=":material/function:", url_path="concepts"),
    st.Page("app_pages/lab.py", title="Lab", icon=":material/science:", url_path="lab"),
    st.Page("app_pages/class_room.py", title="Class", icon=":material/groups:", url_path="class"),
]
page = st.navigation(pages, position="top")
class_mode.class_badge(pages[-1], page)  # the class this session is in, on every page
page.run()
