"""Class mode in the app: start or join a class, the shared board, the Share buttons of
Train and Draw, the teacher's controls.

The store (``classroom``, opened once per process by ``store``) keeps everything a class
shares; the session (``state``) only remembers which class it is in, and the browser
keeps a cookie that finds it again (``seat``). Every ``ClassError`` becomes a short
message on the page, never a traceback, and every student's name is shown as text
(``st.text``, a table cell, escaped plotly text), never as Markdown or HTML. Actions are
button callbacks: they run before the page is drawn, call the store, and leave a notice
(``state.tell``) that the page shows where the button is.

Modules: ``state`` (the session's class keys), ``seat`` (the browser's cookie),
``entry`` (links, Start a class, Join), ``header`` (the line on every page, the Class
page's header), ``board``, ``teacher`` (the teacher's controls), ``sharing`` (Share this
run, Share this drawing), ``common`` (the store, notices, dates), ``store`` (the
process's store) and ``figures`` (the board's pictures; pure, no Streamlit).
"""
