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
from playground.class_mode import challenge as challenges, common, news, state


def _student():
    """The session's membership if it is a student's of a class that takes shares (a
    closed class shows nothing that invites sharing)."""
    membership = state.class_membership()
    if membership is None or membership.teacher or news.closed():
        return None
    return membership


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


def _share_to_challenge(key, challenge):
    membership, run = _student(), session.trained_run()
    if membership is None or run is None:
        return
    payload = run_to_share(run)
    if _shared("share_run", "challenge", key, membership, lambda: common.store().share_run(
            membership.code, membership.member_token, payload, key,
            challenge=challenge.id)):
        met = challenge.met_by(payload["test_accuracy"], run.iteration)
        state.tell("share_run", "success",
                   f"Entered in the challenge: test accuracy "
                   f"{100 * payload['test_accuracy']:.1f}% in {run.iteration} iterations"
                   f"{' — it meets the goal' if met else ', which does not meet the goal yet'}"
                   ". It is on the board now.")


def _closed_class():
    """Whether this session is a student of a class that is closed: what a press just
    before the closing said is still shown, and no Share button."""
    membership = state.class_membership()
    return membership is not None and not membership.teacher and news.closed()


def share_run_button(run):
    """Train: Share this run, for a student in a class, once the run has trained; and
    Share to the challenge, when the class's challenge is on this run's pair."""
    if _closed_class():
        common.show_notice("share_run")
        return
    membership = _student()
    if membership is None or run is None or run.iteration == 0:
        return
    with st.container(horizontal=True, gap="small"):
        key = state.share_key("run")
        st.button("Share this run", key=f"share_run_{key}", icon=":material/ios_share:",
                  on_click=_share_run, args=(key,),
                  help=f"Post this run (its settings, accuracies, cost curve and weights) "
                       f"to the board of class {membership.code}, under your name.")
        challenge = challenges.current()
        if challenge is not None and challenge.pair == run.settings.pair:
            entry = state.share_key("challenge")
            st.button("Share to the challenge", key=f"share_challenge_{entry}",
                      type="primary", icon=":material/emoji_events:",
                      on_click=_share_to_challenge, args=(entry, challenge),
                      help=f"Enter this run in the challenge: {challenges.goal(challenge)}. "
                           "It is also shared to the board.")
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
    if _closed_class():
        common.show_notice("share_drawing")
        return
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
