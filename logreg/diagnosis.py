"""How a cost curve behaved, in words a student reads: the one place they are written.

``diagnose`` reads a recorded cost curve and names its shape; ``DIAGNOSES`` holds, for
each name, the short verdict a chart legend shows and the note the Train page shows.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Diagnosis:
    """``verdict``: a few words for a legend; ``note``: what to tell the student (None
    when the curve needs no comment)."""

    verdict: str
    note: str | None


DIAGNOSES = {
    "learning": Diagnosis("smooth", None),
    "batch noise": Diagnosis(
        "falls, with mini-batch wiggles",
        "**The cost wiggles a little as it falls: that is the mini-batches.** Each step "
        "looks at a small random batch instead of every image, so each step points a "
        "little off the true downhill direction. Smoothed out, the curve goes steadily "
        "down: the learning rate is fine. A larger batch wiggles less."),
    "overshooting": Diagnosis(
        "overshot, then recovered",
        "**The cost jumped up at times before coming down.** The learning rate is on the "
        "large side: some steps overshoot the valley and land higher on the other side. "
        "It recovered here, but a smaller rate learns more steadily."),
    "oscillating": Diagnosis(
        "OSCILLATED",
        "**The cost keeps bouncing up and down.** The steps are too large to settle into "
        "the valley. A smaller learning rate will be smoother."),
    "diverging": Diagnosis(
        "DIVERGED",
        "**The cost went up, not down.** The learning rate is so large that each step "
        "overshoots the valley and lands higher on the other side. Try a smaller "
        "learning rate."),
}


def _shape(costs):
    """The name of a curve's shape, taking every rise at face value."""
    if costs[-1] > costs[0] * 1.01:
        return "diverging"
    rises = np.diff(costs) > 1e-6 * np.maximum(costs[:-1], 1e-12)
    if rises.mean() > 0.2:
        return "oscillating"
    jumps = np.diff(costs) > 0.05 * np.maximum(costs[:-1], 1e-3)
    if jumps.any():
        return "overshooting"
    return "learning"


def diagnose(costs, mini_batch=False):
    """How a recorded cost curve behaves, in one word (a key of ``DIAGNOSES``).

    "diverging": it ends higher than it started; "oscillating": it goes up in more
    than a fifth of the recorded steps; "overshooting": it jumped up at least once
    (steps too large) but still came down; "learning": it only went down.

    A ``mini_batch`` run's curve wiggles even when every step is a good one, because
    each step sees a different random batch. It is judged on its moving average over
    a few recorded points: if that falls smoothly, the wiggles are the batches'
    ("batch noise"), not the learning rate's.
    """
    costs = np.asarray(costs, dtype=np.float64)
    if len(costs) < 3:
        return "learning"
    if not mini_batch:
        return _shape(costs)
    window = max(1, min(9, len(costs) // 3))
    smoothed = np.convolve(costs, np.ones(window) / window, mode="valid")
    shape = _shape(smoothed) if len(smoothed) >= 3 else _shape(costs)
    if shape == "learning" and _shape(costs) != "learning":
        return "batch noise"
    return shape
