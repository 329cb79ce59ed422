"""Class: a shared board for the room. The teacher starts a class and shows its code;
students join with it and share runs from Train and drawings from Draw; the board
pools them, and follows the class by itself."""

import streamlit as st

from playground.class_mode import board as class_board, challenge, common, entry, header, state
from playground.class_mode import teacher

st.title("Class")
st.markdown(
    "Pool the room's work on one board: who got the highest accuracy on a pair with the "
    "fewest iterations, everyone's weight pictures side by side, and how well the "
    "neuron reads *our* handwriting."
)

entry.open_link(st.query_params)  # a Teacher link, or a students' link with the code
membership = state.class_membership()
common.show_notice("class")  # what the last action here said (joined, deleted, ...)

if membership is None:
    join, start = st.columns(2, gap="large")
    with join:
        entry.join_form(st.query_params.get("code"))
    with start:
        entry.start_class_panel(for_students="code" in st.query_params)
    class_board.expiry_note()
    st.stop()

board = class_board.current_board(membership)
header.class_header(membership, closed=board is not None and board.info.closed)
standings = challenge.standings_of(membership, board) if board else None
class_board.watch_board(membership.code, board.version if board else None,
                        challenge.running_out(standings))
if board is None:
    st.stop()

class_board.board_status(board)
if membership.teacher:
    challenge.teacher_panel(standings, board.info.closed)  # set, start, end a challenge
challenge.standings_section(standings)  # the challenge's table, and then its winners

runs, pictures = st.columns([1, 1], gap="large")
with runs:
    class_board.runs_table(board)
with pictures:
    class_board.weight_pictures(board, standings.challenge.pair if standings else None)

class_board.drawings_section(board)
if membership.teacher:
    teacher.teacher_controls(board)
class_board.expiry_note(board)
