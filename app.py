"""The Logistic Regression Playground: ``streamlit run app.py``.

This entry file runs on every page view. It sets up the page, gives the session its
default settings, and hands over to the page the URL asks for (Streamlit's
``st.navigation``). Each page is one file in ``app_pages/``: not ``pages/``, a name
that would switch Streamlit to its legacy multipage mode.
"""

from pathlib import Path

import streamlit as st

from playground import navigation, server, session
from playground.class_mode import header as class_header, news, seat, suggestions

STYLESHEET = Path(__file__).resolve().parent / "playground" / "app.css"

server.one_blas_thread()  # the math is small: many sessions, one thread each
server.settle_memory()  # once per process: keeps the garbage collection after each run cheap

st.set_page_config(page_title="One-neuron playground", page_icon="🧠", layout="wide")
session.start(st.query_params)  # the first time: settings from the link, repaired
seat.restore(st.context.cookies)  # the first time: the class this browser is in
st.html(STYLESHEET)  # less space above the titles: a projector shows more

pages = [st.Page(p.script, title=p.title, icon=p.icon, url_path=p.url_path or None,
                 default=not p.url_path) for p in navigation.PAGES]
page = st.navigation(pages, position="top")
with st.container(key="phone_nav", horizontal=True, gap="small"):  # a phone's (app.css):
    for link in pages:  # Streamlit's own bar there is a side menu that stays open
        st.page_link(link)
class_header.class_badge(page)  # the class this session is in, on every page
seat.keep()  # a cookie the browser must keep (joined, left, ...), written by the page
news.follow(poll=page.url_path != navigation.CLASS.url_path)  # a student: what the
# teacher sends the room, asked every few seconds (on Class, with the board)
suggestions.notice()  # "Your teacher suggests", on every page
page.run()
