"""How a cost curve behaved, in words a student reads: the one place they are written.

``diagnose`` reads a recorded cost curve and names its shape; ``DIAGNOSES`` holds, for
each name, the short verdict a chart legend shows and the note the Train page shows.
``overshoot`` trains a run that jumped again, watching the tutorial's own cost formula
(``tutorial_cost``) beside ours, and ``overshoot_words`` says, with its numbers, why it
jumped, why it came back down and why the tutorial's code prints nan for it.
"""

from dataclasses import dataclass

import numpy as np

from logreg.descent import GradientDescent
from logreg.neuron import initialize_params


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


# ---- a run that jumped: why it recovers, and why the tutorial's code prints nan ---------

def tutorial_cost(w, b, X, Y):
    """The cost as the tutorial's ``propagate`` computes it, from A = 1 / (1 + e^-z):
    -mean(Y log A + (1 - Y) log(1 - A)).

    Once an image of the positive digit gets z above about 37, A rounds to exactly 1.0:
    its (1 - y) log(1 - A) is 0 * log 0 = 0 * (-inf), which is nan, even though the
    neuron is right about it. Returned as it comes (nan or inf included), without
    warnings; ``logreg.model`` computes the cost from z instead and never meets log 0.
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        A = 1.0 / (1.0 + np.exp(-(w.T @ X + b)))
        return float(-np.mean(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)))


@dataclass(frozen=True)
class Overshoot:
    """A full-batch run from zeros that jumped, in the numbers a student reads.

    ``costs``: our cost before each iteration's update (iterations 0 ... n - 1);
    ``peak_iteration``: where it was highest after the start; ``nan_iterations``: the
    iterations at which the tutorial's formula (``tutorial_cost``) gives nan;
    ``share_right``: the share of training images on the right side of the final
    boundary (1.0: a straight boundary splits the two digits perfectly).
    """

    learning_rate: float
    costs: np.ndarray
    peak_iteration: int
    nan_iterations: tuple
    share_right: float
    m: int

    @property
    def recovered(self):
        return bool(self.costs[-1] < self.costs[0])


def overshoot(X, Y, learning_rate, num_iterations):
    """Train from zeros as the tutorial does (full batch), watching the tutorial's cost
    at every iteration beside ours: an ``Overshoot``."""

    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    w, b = initialize_params(X.shape[0])
    costs, nans = [], []
    state = {"w": w, "b": b}

    def watch(step):  # before each update: the weights that iteration's cost is for
        if np.isnan(tutorial_cost(state["w"], state["b"], X, Y)):
            nans.append(step.iteration - 1)
        costs.append(step.cost)
        state.update(w=step.w, b=step.b)

    descent = GradientDescent(X, Y, w=w, b=b, learning_rate=learning_rate, record_every=1)
    descent.run(num_iterations, callback=watch)
    costs = np.array(costs, dtype=np.float64)
    z = (descent.w.T @ X + descent.b).ravel()
    share_right = float(np.mean((z > 0) == (Y.ravel() == 1)))
    peak = int(np.argmax(costs[1:]) + 1) if len(costs) > 1 else 0
    return Overshoot(float(learning_rate), costs, peak, tuple(nans), share_right,
                     X.shape[1])


def overshoot_words(run, rate_text, positive):
    """Why the ``Overshoot`` ``run`` jumped, why it recovered (or did not), and what the
    tutorial's code prints for it; ``rate_text`` is α as the page writes it, ``positive``
    the positive digit. Markdown, with the run's own numbers."""
    costs = run.costs
    jump = (f"**It overshot at the start.** With all weights 0, every σ(z) is 0.5, where "
            f"the cost bends most sharply: a step of α = {rate_text} jumps right over the "
            f"valley. The cost went from {costs[0]:.3f} to {costs[run.peak_iteration]:.3g} "
            f"at iteration {run.peak_iteration}.")
    if run.nan_iterations:
        first, count = run.nan_iterations[0], len(run.nan_iterations)
        nan = (f"**The tutorial's own code would print nan** for this run: computed its "
               f"way, the cost is nan at {count} of the {len(costs)} iterations, the "
               f"first at iteration {first}.")
    else:
        nan = ("**The tutorial's own code would still print numbers** for this run (3 vs "
               "8 at α = 10 is one where it prints nan).")
    why_nan = (
        " The tutorial computes log σ(z) and log(1 − σ(z)). Once an image of the "
        f"positive digit ({positive}) gets z above about 37, σ(z) rounds to exactly 1 in "
        "the computer: its (1 − y)·log(1 − σ(z)) is 0 × log 0 = 0 × (−∞), which is nan, "
        "although the neuron is right about that image. Only the printed cost breaks: "
        "the update uses a − y, which stays a number, so the tutorial's weights are the "
        "same as ours. Our cost is computed from z itself (np.logaddexp), so it is "
        "always a number.")
    if not run.recovered:
        back = ("**This one did not come back down:** the steps are too large even where "
                "the neuron is sure. A smaller learning rate will.")
    elif run.share_right == 1.0:
        back = ("**Why the cost comes back down.** The big steps make the weights large: "
                "the neuron becomes sure of most images, and where it is sure the cost is "
                "nearly flat (σ′(z) = a(1 − a) is almost 0), so the same α is no longer too "
                f"large a step. And all {run.m} training images end on the right side of "
                "the boundary: a straight boundary splits these two digits perfectly, so "
                "growing the weights along it only lowers the cost, towards 0.")
    else:
        back = ("**Why the cost comes back down.** The big steps make the weights large: "
                "the neuron becomes sure of most images, and where it is sure the cost is "
                "nearly flat (σ′(z) = a(1 − a) is almost 0), so the same α is no longer too "
                f"large a step. {100 * run.share_right:.1f}% of the training images end on "
                "the right side: no straight boundary splits these two digits perfectly, "
                "so the cost levels off above 0.")
    return "\n\n".join([jump, nan + why_nan, back])
