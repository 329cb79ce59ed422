"""The class's board: who joined and what they shared, read only when it changed and
followed by a small query every few seconds; the runs best first, the weight pictures of
one pair, the class's drawings with the ten-digit model's answers, and Retrain with our
drawings."""

from datetime import datetime, timezone

import numpy as np
import pandas as pd
import streamlit as st

from classroom import ClassError, ClassNotFound
from logreg.handwriting import MIN_DRAWINGS
from playground import cached
from playground.class_mode import common, figures as class_figures, news, seat, state
from playground.class_mode import store as class_store
from playground.chart import CHART_CONFIG

REFRESH_SECONDS = 3  # how often an open board asks whether anything changed

def current_board(membership):
    """The board of the session's class, read only when it changed (shared by the whole
    class through ``cached.class_board``); None if it cannot be read now. A class that
    is gone (deleted or expired) ends the membership."""
    try:
        version = common.store().board_version(membership.code)
        return cached.class_board(class_store.database(), membership.code, version)
    except ClassNotFound:
        state.leave_class(cookie=seat.FORGET)
        state.tell("class", "warning", "That class does not exist any more: its teacher "
                                         "deleted it, or it expired.")
        st.rerun()
    except ClassError as error:
        st.warning(str(error), icon=common.ICONS["warning"])
        return None


@st.fragment(run_every=REFRESH_SECONDS)
def watch_board(code, seen, ends_at=None):
    """Every few seconds, one small query: has the board changed since ``seen``? Only
    then is the page drawn again (with the new board), so an open board follows the
    class without reloading and without redrawing what did not change. ``ends_at``: when
    the challenge on runs out of time (the page then shows it ended, and its winners)."""
    if ends_at is not None and datetime.now(timezone.utc) >= ends_at:
        st.rerun(scope="app")
    try:
        version = common.store().board_version(code)
    except ClassNotFound:
        version = "gone"
    except ClassError:
        return  # the database is busy or down: ask again at the next tick
    if version != seen:
        st.rerun(scope="app")
    news.check()  # a student: the teacher's suggestion, on this page too


def board_status(board):
    students = [s.name for s in board.students]
    if board.info.closed:
        st.info("This class is closed: its board can still be seen, but no one can join "
                "or share any more.", icon=":material/lock:")
    st.markdown(f"**{len(students)} student{'s' if len(students) != 1 else ''}** · "
                f"{len(board.runs)} run{'s' if len(board.runs) != 1 else ''} · "
                f"{len(board.drawings)} drawing{'s' if len(board.drawings) != 1 else ''}"
                f" · the board updates by itself")
    if students:
        st.text(", ".join(students))


def _best_first(runs):
    """Runs by pair, and within a pair the best test accuracy first (then the fewest
    iterations, then the first shared)."""
    return sorted(runs, key=lambda r: (r.pair, -r.test_accuracy, r.iteration, r.id))


def runs_table(board):
    st.header("Runs", anchor=False)
    if not board.runs:
        st.info("No runs were shared." if board.info.closed else
                "No runs yet. Students: train a neuron on the Train page, then press "
                "**Share this run**.", icon=":material/model_training:")
        return
    rows = [{"Name": r.name, "Pair": "{} vs {}".format(*r.pair),
             "Learning rate": r.settings.learning_rate, "Iterations": r.iteration,
             "Test accuracy": 100 * r.test_accuracy} for r in _best_first(board.runs)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="class_runs_table",
                 column_config={  # widths in pixels: all five fit half a projector
                     "Name": st.column_config.TextColumn(width=150),
                     "Pair": st.column_config.TextColumn(width=62),
                     "Learning rate": st.column_config.NumberColumn(format="%g", width=104),
                     "Iterations": st.column_config.NumberColumn(format="%d", width=84),
                     "Test accuracy": st.column_config.NumberColumn(format="%.1f%%",
                                                                    width=112)})
    st.caption("Best first for each pair: the highest test accuracy, then the fewest "
               "iterations.")


def weight_pictures(board, first_pair=None):
    """One pair's weight pictures side by side; the pair is chosen, and the first offered
    is ``first_pair`` (the challenge's) if it has runs, else the pair with the most."""
    if not board.runs:
        return
    st.header("Weight pictures", anchor=False)
    counts = {}
    for r in board.runs:
        counts[r.pair] = counts.get(r.pair, 0) + 1
    pairs = sorted(counts, key=lambda p: (p != first_pair, -counts[p], p))
    labels = [f"{a} vs {b}" for a, b in pairs]
    chosen = st.selectbox("Pair", labels, help="The runs of one pair, side by side.",
                          **state.pair_widget(labels[0] if pairs[0] == first_pair else None))
    negative, positive = pairs[labels.index(chosen)] if chosen in labels else pairs[0]
    runs = [r for r in _best_first(board.runs) if r.pair == (negative, positive)]
    st.caption(f"{len(runs)} run{'s' if len(runs) != 1 else ''} of {negative} vs {positive}, "
               f"best first. Red pixels push toward {positive}, blue toward {negative}; "
               "each picture is scaled to its own strongest weight. " + (
                   "Different learning rates and iterations, yet the pictures look alike: "
                   "why? (They all learned where the two digits' ink differs.)"
                   if len(runs) > 1 else "" if board.info.closed else
                   "Share more runs of this pair to compare them."))
    st.plotly_chart(class_figures.weight_pictures([r.weights for r in runs],
                                                  [r.name for r in runs],
                                                  [r.test_accuracy for r in runs]),
                    config=CHART_CONFIG, key="class_weights")


def drawings_section(board):
    st.header("Our handwriting", anchor=False)
    if not board.drawings:
        st.info("No drawings were shared." if board.info.closed else
                "No drawings yet. Students: draw a digit on the Draw page, choose the digit "
                "you meant under **I meant**, and press **Share this drawing**.",
                icon=":material/draw:")
        return
    drawings = board.drawings
    X = np.array([d.features for d in drawings], dtype=float).T  # (64, k)
    meant = np.array([d.intended_digit for d in drawings])
    model, dataset_accuracy = cached.ten_digit_model()
    answers = model.predict(X)  # (k,) the ten-digit model's reading of each drawing
    ours = float(np.mean(answers == meant))
    c1, c2, c3 = st.columns([1, 1, 1.2])
    c1.metric("Accuracy on our handwriting", f"{100 * ours:.0f}%",
              help=f"The ten-digit model's answers on the class's {len(drawings)} drawings: "
                   "how often it reads the digit that was meant.")
    c2.metric("On the dataset's test images", f"{100 * dataset_accuracy:.1f}%",
              help="The same model on the dataset's 360 held-out test images.")
    enough = len(drawings) >= MIN_DRAWINGS  # half to learn from, half to measure on
    with c3:
        st.button("Retrain with our drawings", icon=":material/model_training:",
                  on_click=state.ask_retrain, key="class_retrain_button", disabled=not enough,
                  help="Train the ten-digit model again with half of the class's drawings "
                       "added to its training images, and measure it on the other half.")
        if not enough:
            st.caption(f"Needs at least {MIN_DRAWINGS} drawings: half to learn from, half "
                       "to measure on.")
    if state.retrain_asked() and enough:
        _retrain_result(board.info.code, drawings, X, meant)
    st.plotly_chart(class_figures.drawings_by_digit(
        X.T, meant, answers, [d.name for d in drawings]), config=CHART_CONFIG,
        key="class_drawings")
    st.caption("Each row is the digit the students meant, with how many of them the "
               "ten-digit model read right; under each drawing, its answer (✓ right, "
               "✗ wrong). The newest drawings first.")


def _points(change, decimals):
    """A change of accuracy in percentage points for a metric's delta (None: none)."""
    shown = f"{100 * change:+.{decimals}f}"
    return None if float(shown) == 0 else f"{shown} points"


def _retrain_result(code, drawings, X, meant):
    result = cached.class_retrain(code, tuple(d.id for d in drawings), X, meant)
    with st.container(border=True):
        b, a, d = st.columns(3)
        b.metric("Before: on our held-out drawings", f"{100 * result.before:.0f}%")
        a.metric("After retraining", f"{100 * result.after:.0f}%",
                 delta=_points(result.after - result.before, 0))
        d.metric("After, on the dataset's test images", f"{100 * result.dataset_after:.1f}%",
                 delta=_points(result.dataset_after - result.dataset_before, 1))
        st.caption(f"The ten-digit model trained further from its own weights, on the "
                   f"dataset's training images plus {result.n_added} of your drawings (every "
                   "other one of each digit, each also redrawn 50 ways), and measured on "
                   f"the other {result.n_held_out}, which it never saw. The dataset's digits "
                   "were written by other people, scanned another way: a model reads best "
                   "what looks like what it learned from.")


def expiry_note(board=None):
    """How long classes are kept (the store's setting), and when this one ends."""
    try:
        days = common.store().days
    except ClassError:
        return
    ends = "" if board is None else f" This one ends on {common.when(board.info.expires_at)}."
    st.caption(f"Classes are kept for {days:g} day{'s' if days != 1 else ''}, then deleted "
               "with everything shared in them." + ends + " Only what students share is "
               "stored, under the name they typed: nothing else about them.")
