"""Class: a shared board for the room. The teacher starts a class and shows its code;
students join with it and share runs from Train and drawings from Draw; the board
pools them, and follows the class by itself."""

import streamlit as st

from playground import class_mode, session

st.title("Class")
st.markdown(
    "Pool the room's work on one board: who got the highest accuracy on a pair with the "
    "fewest iterations, everyone's weight pictures side by side, and how well the "
    "neuron reads *our* handwriting."
)

class_mode.open_link(st.query_params)  # a Teacher link, or a students' link with the code
membership = session.class_membership()
class_mode.show_notice("class")  # what the last action here said (joined, deleted, ...)

if membership is None:
    join, start = st.columns(2, gap="large")
    with join:
        class_mode.join_form(st.query_params.get("code"))
    with start:
        class_mode.start_class_panel(for_students="code" in st.query_params)
    class_mode.expiry_note()
    st.stop()

class_mode.class_header(membership)
board = class_mode.current_board(membership)
class_mode.watch_board(membership.code, board.version if board else None)
if board is None:
    st.stop()

class_mode.board_status(board)

runs, pictures = st.columns([1, 1], gap="large")
with runs:
    class_mode.runs_table(board)
with pictures:
    class_mode.weight_pictures(board)

class_mode.drawings_section(board)
if membership.teacher:
    class_mode.teacher_controls(board)
class_mode.expiry_note(board)
