"""Sharing to the class's board, from Train (Share this run) and Draw (I meant, Share
this drawing), for a student in a class.

A Share button's widget key holds the idempotency key of its next share, so a click that
reaches the server twice finds the same key (the store keeps one share) or no button at
all (the key was replaced after the first delivery succeeded), while a new click on the
new button is a new share."""

import numpy as np
import streamlit as st

from classroom import ClassError, ClassNotFound
from playground import session
from playground.class_mode import common, state

def _student():
    membership = state.class_membership()
    return membership if membership is not None and not membership.teacher else None


def run_to_share(run):
    """A ``logreg.run.TrainingRun`` as the dict ``classroom.payloads`` describes."""
    latest, curves = run.latest, run.curves()
    return dict(
        settings=run.settings, iteration=run.iteration,
        train_accuracy=latest.train_accuracy, test_accuracy=latest.test_accuracy,
        train_cost=latest.train_cost, test_cost=latest.test_cost,
        curve_iterations=curves["iteration"].astype(int).tolist(),
        curve_costs=curves["train_cost"].tolist(),
        weights=np.asarray(latest.w, dtype=float).reshape(64).tolist(), bias=float(latest.b))


def _shared(where, kind, key, membership, share):
    """Call ``share()`` (a store call with idempotency key ``key``); say how it went."""
    try:
        share()
    except ClassNotFound:
        state.tell(where, "error", "Your class does not exist any more: its teacher "
                                     "deleted it, or it expired.")
        return False
    except ClassError as error:
        state.tell(where, "error", str(error))
        return False
    state.rotate_share_key(kind, key)
    return True


def _share_run(key):
    membership, run = _student(), session.trained_run()
    if membership is None or run is None:
        return
    payload = run_to_share(run)
    if _shared("share_run", "run", key, membership, lambda: common.store().share_run(
            membership.code, membership.member_token, payload, key)):
        state.tell("share_run", "success",
                     f"Shared with class {membership.code}: {run.pair.negative} vs "
                     f"{run.pair.positive}, {run.iteration} iterations, test accuracy "
                     f"{100 * payload['test_accuracy']:.1f}%. It is on the board now.")


def share_run_button(run):
    """Train: Share this run, for a student in a class, once the run has trained."""
    membership = _student()
    if membership is None or run is None or run.iteration == 0:
        return
    key = state.share_key("run")
    st.button("Share this run", key=f"share_run_{key}", icon=":material/ios_share:",
              on_click=_share_run, args=(key,),
              help=f"Post this run (its settings, accuracies, cost curve and weights) to "
                   f"the board of class {membership.code}, under your name.")
    common.show_notice("share_run", toast=True)


def _share_drawing(features, model_answer, key):
    membership, meant = _student(), st.session_state.get("class_meant")
    if membership is None:
        return
    if meant is None:
        state.tell("share_drawing", "warning", "Choose the digit you meant first.")
        return
    if _shared("share_drawing", "drawing", key, membership, lambda: common.store().share_drawing(
            membership.code, membership.member_token, features, int(meant), model_answer,
            key)):
        state.drawing_shared()
        state.tell("share_drawing", "success",
                     f"Shared with class {membership.code}: your {int(meant)} (the model "
                     f"read {model_answer}). It is on the board now.")


def share_drawing_panel(features, model_answer):
    """Draw: I meant (a digit) and Share this drawing, for a student in a class.
    ``features`` are the 64 values (0-1) the model read; ``model_answer`` its answer."""
    membership = _student()
    if membership is None:
        return
    features = np.asarray(features, dtype=float).reshape(64).tolist()
    key = state.share_key("drawing")
    with st.container(border=True):
        meant = st.pills("I meant", list(range(10)), key="class_meant",
                         help="The digit you meant to draw: the class board compares it "
                              "with the ten-digit model's answer.")
        st.button("Share this drawing", key=f"share_drawing_{key}", icon=":material/ios_share:",
                  on_click=_share_drawing, args=(features, int(model_answer), key),
                  disabled=meant is None,
                  help=f"Post this drawing (as the 8×8 image the model reads), the digit "
                       f"you meant and the model's answer to class {membership.code}'s "
                       "board." if meant is not None else "Choose the digit you meant first.")
        common.show_notice("share_drawing", toast=True)
