"""A training run as the playground shows it: one neuron on one digit pair, advanced a
few iterations at a time, with its history on the training AND the test set.

``TrainingRun`` wraps ``GradientDescent`` and records, at a regular grid of iterations,
the cost and accuracy on both splits and a snapshot of (w, b). The history is bounded:
when it would grow past ``max_points`` the grid is made twice as coarse, so a run left
playing for an hour uses the same memory as one of a minute.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from logreg._checks import check_int, check_nonnegative_float, check_positive_float
from logreg.data import DigitPair, load_digit_pair
from logreg.descent import GradientDescent
from logreg.diagnosis import diagnose
from logreg.neuron import cross_entropy, example_losses, gradients_at, initialize_params
from logreg.settings import DEFAULT, SPLIT_SEED, RunSettings


@dataclass(frozen=True)
class Point:
    """The state of a run at one iteration (accuracies as fractions 0-1)."""

    iteration: int
    train_cost: float
    test_cost: float
    train_accuracy: float
    test_accuracy: float
    w: np.ndarray  # (64, 1)
    b: float


def evaluate(w, b, X, Y):
    """(cross-entropy, accuracy) of the neuron (w, b) on the columns of X."""
    z = w[:, 0] @ X + b  # (m,)
    return cross_entropy(z, Y[0]), float(np.mean((z > 0) == (Y[0] == 1)))


def round_step(at_least):
    """The smallest of 1, 2, 5, 10, 20, 50, 100, ... that is at least ``at_least``."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= at_least:
                return step * factor
        step *= 10


class _Splits:
    """Both splits side by side, so that one product gives z for every image: a run
    records its cost and accuracy on both splits often (the live view shows 40 moments
    a second), and at that rate NumPy's per-call overhead is most of the work."""

    def __init__(self, pair):
        self.m = pair.X_train.shape[1]
        self.X = np.hstack([pair.X_train, pair.X_test])  # (64, m_train + m_test)
        self.Y = np.concatenate([pair.Y_train[0], pair.Y_test[0]])
        self.is_one = self.Y == 1

    def z(self, W, B):
        """z of every image (columns) at each of the weights W (k, 64) and biases B (k,)."""
        Z = W @ self.X + B[:, None]  # (k, m_train + m_test): one product for all of them
        if not np.isfinite(Z).all():  # as ``cross_entropy`` says of it
            raise ValueError("z must be finite: the weights have overflowed")
        return Z

    def scores(self, Z):
        """Each row's (train cost, test cost, train accuracy, test accuracy): a
        ``Point``'s, (k, 4)."""
        m, n = self.m, Z.shape[1] - self.m
        loss = example_losses(Z, self.Y)  # their means are the two costs
        right = (Z > 0) == self.is_one
        return np.column_stack([loss[:, :m].sum(axis=1) / m, loss[:, m:].sum(axis=1) / n,
                                np.count_nonzero(right[:, :m], axis=1) / m,
                                np.count_nonzero(right[:, m:], axis=1) / n])


class TrainingRun:
    """One neuron learning one digit pair, step by step.

    Parameters
    ----------
    settings : the ``RunSettings`` to train with (the tutorial's by default); the
        learning rate, the penalty and the budget may be changed between calls to
        ``advance`` (the run continues from the current weights).
    pair : the settings' ``DigitPair`` if already loaded (e.g. cached); loaded with the
        tutorial's split (``SPLIT_SEED``) if None.
    max_points : at most this many history points are kept.
    """

    def __init__(self, settings=DEFAULT, pair=None, max_points=240):
        if not isinstance(settings, RunSettings):
            raise TypeError(f"settings must be a RunSettings, got {type(settings).__name__}")
        if not settings.valid_pair:
            raise ValueError(f"settings must name two different digits, got "
                             f"{settings.negative} twice")
        if pair is None:
            pair = load_digit_pair(settings.negative, settings.positive, settings.test_size,
                                   SPLIT_SEED)
        elif not isinstance(pair, DigitPair):
            raise TypeError(f"pair must be a DigitPair, got {type(pair).__name__}")
        elif (pair.negative, pair.positive, pair.test_size) != settings.data_key:
            raise ValueError(f"pair must hold the settings' digits and split "
                             f"{settings.data_key}, got "
                             f"{(pair.negative, pair.positive, pair.test_size)}")
        self.pair = pair
        self._settings = settings  # as started: the budget and the rates may change
        self.max_points = check_int(max_points, "max_points", minimum=4)
        w, b = initialize_params(pair.X_train.shape[0],
                                 random_state=self.seed if self.init == "random" else None)
        self.descent = GradientDescent(pair.X_train, pair.Y_train, w=w, b=b,
                                       learning_rate=settings.learning_rate, l2=settings.l2,
                                       batch_size=settings.batch_size, random_state=self.seed)
        # Record at most max_points / 2 points over the budget, at round iterations
        # (every 1, 2, 5, 10, 20, 50, ...: the exported history reads like the
        # tutorial's printouts, and the live view's evenly spread snapshots of a
        # 1,000-iteration run at Normal land on the grid instead of beside it, which
        # would record both); coarsen if it runs longer.
        self.record_every = round_step(2 * self.num_iterations / self.max_points)
        self.history = []
        self.segments = []  # [(iterations, learning_rate, l2)]: how the run was trained
        self._splits = _Splits(pair)
        self._z = None  # z on both splits at the latest point (every change of the
        # weights ends on a recorded point: ``advance`` records where it stops)
        self._score([self._keep(self._unscored())])

    @property
    def settings(self):
        """The ``RunSettings`` the run is being trained with now."""
        return dataclasses.replace(self._settings, learning_rate=self.learning_rate,
                                   l2=self.l2)

    @property
    def init(self):
        return self._settings.init

    @property
    def seed(self):
        return self._settings.seed

    @property
    def num_iterations(self):
        return self._settings.num_iterations

    @num_iterations.setter
    def num_iterations(self, value):
        self._settings = dataclasses.replace(self._settings, num_iterations=value)

    # settings that may change while paused
    @property
    def learning_rate(self):
        return self.descent.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self.descent.learning_rate = check_positive_float(value, "learning_rate")

    @property
    def l2(self):
        return self.descent.l2

    @l2.setter
    def l2(self, value):
        self.descent.l2 = check_nonnegative_float(value, "l2")

    @property
    def iteration(self):
        return self.descent.iteration

    @property
    def remaining(self):
        """Iterations left until the budget (0 once it is reached or passed)."""
        return max(0, self.num_iterations - self.iteration)

    @property
    def done(self):
        return self.remaining == 0

    @property
    def latest(self):
        return self.history[-1]

    def advance(self, n):
        """Run ``n`` more iterations, recording history on the grid; return ``self``."""
        n = check_int(n, "n", minimum=0)
        if n:
            self._advance_to([self.iteration + n])
        return self

    def advance_through(self, stops):
        """Advance to each iteration of ``stops`` in turn (increasing, the first beyond
        the run's iteration), recording history as ``advance`` does, and return the run
        at each stop: a dict of arrays with one row per stop, ``iteration``, ``w``
        (k, 64), ``b``, ``dw`` (k, 64: the gradient on the whole training set, where the
        next step goes against), ``db``, ``train_cost``, ``test_cost``,
        ``train_accuracy`` and ``test_accuracy``.

        This is how the live view's snapshots are taken (``logreg.trajectory.record``).
        Gradient descent goes from point to point as ever; what is recorded on the way
        is evaluated afterwards, all points with one product, instead of one product
        per point (a Train records a hundred).
        """
        stops = [check_int(stop, "stops", minimum=0) for stop in stops]
        if not stops or stops[0] <= self.iteration or any(
                a >= b for a, b in zip(stops, stops[1:])):
            raise ValueError(f"stops must be increasing iterations beyond the run's "
                             f"({self.iteration}), got {stops[:5]}")
        rows, W, B, Z, scores = self._advance_to(stops)
        grads = gradients_at(Z[rows, :self._splits.m], W[rows].T, self.pair.X_train,
                              self.pair.Y_train, l2=self.l2)
        columns = ("train_cost", "test_cost", "train_accuracy", "test_accuracy")
        return {"iteration": np.array(stops), "w": W[rows], "b": B[rows],
                "dw": grads["dw"].T, "db": grads["db"],
                **{name: scores[rows, k] for k, name in enumerate(columns)}}

    def _advance_to(self, stops):
        """Gradient descent to each of ``stops`` (checked), recording on the way; the
        rows of the stops among the points recorded, and ``_score``'s arrays."""
        n = stops[-1] - self.iteration
        if self.segments and self.segments[-1][1:] == (self.learning_rate, self.l2):
            done, lr, l2 = self.segments[-1]
            self.segments[-1] = (done + n, lr, l2)
        else:
            self.segments.append((n, self.learning_rate, self.l2))
        points, rows = [], []
        for stop in stops:
            while self.iteration < stop:
                next_grid = (self.iteration // self.record_every + 1) * self.record_every
                self.descent.run(min(stop, next_grid) - self.iteration)
                points.append(self._keep(self._unscored()))
            rows.append(len(points) - 1)
        return (rows, *self._score(points))

    def rewound(self, iteration):
        """A new run, the same as this one at ``iteration`` (0 to ``self.iteration``).

        Gradient descent is deterministic (the random start and the mini-batch order
        come from ``seed``), so the run is trained again from its start, segment by
        segment with the learning rate and penalty each segment had: the same
        arithmetic, the same numbers. This is how Pause keeps what the class saw: the
        browser shows a frame of a run the server has already finished.
        """
        iteration = check_int(iteration, "iteration", minimum=0)
        if iteration > self.iteration:
            raise ValueError(f"iteration must be at most {self.iteration} (the run's "
                             f"iteration), got {iteration}")
        segments = list(self.segments)
        first_lr, first_l2 = (segments[0][1:] if segments else
                              (self.learning_rate, self.l2))
        again = TrainingRun(dataclasses.replace(self._settings, learning_rate=first_lr,
                                                l2=first_l2),
                            pair=self.pair, max_points=self.max_points)
        for n, learning_rate, l2 in segments:
            if again.iteration >= iteration:
                break
            again.learning_rate, again.l2 = learning_rate, l2
            again.advance(min(n, iteration - again.iteration))
        again.learning_rate, again.l2 = self.learning_rate, self.l2
        return again

    @property
    def batch_size(self):
        return self.descent.batch_size

    def gradients(self):
        """This iteration's ``{"dw": (64, 1), "db": float}`` on the whole training set."""
        grads = gradients_at(self._z[None, :self._splits.m], self.descent.w,
                              self.pair.X_train, self.pair.Y_train, l2=self.l2)
        return {"dw": grads["dw"], "db": float(grads["db"][0])}

    def curves(self):
        """The recorded history as arrays, one per column of ``Point`` that a chart plots:
        ``iteration``, ``train_cost``, ``test_cost``, ``train_accuracy``,
        ``test_accuracy`` (each shape (len(history),))."""
        columns = ("iteration", "train_cost", "test_cost", "train_accuracy", "test_accuracy")
        table = np.array([[getattr(p, c) for c in columns] for p in self.history], dtype=float)
        return {c: table[:, k] for k, c in enumerate(columns)}

    def diagnosis(self):
        """How the training cost behaved, in one word (see ``logreg.diagnosis``)."""
        return diagnose([p.train_cost for p in self.history],
                        mini_batch=self.batch_size is not None)

    def _unscored(self):
        """The run as it is now, its scores still to be computed (``_score``)."""
        nan = float("nan")
        return Point(self.iteration, nan, nan, nan, nan, self.descent.w, self.descent.b)

    def _keep(self, point):
        """Add ``point`` to the history, which stays on the grid and bounded."""
        # A point off the grid (the end of an advance) is only kept until the next one.
        if len(self.history) > 1 and self.history[-1].iteration % self.record_every:
            self.history.pop()
        if self.history and self.history[-1].iteration == point.iteration:
            self.history.pop()
        self.history.append(point)
        if len(self.history) > self.max_points:
            self.record_every *= 2
            self.history = [p for p in self.history[:-1] if p.iteration % self.record_every == 0]
            self.history.append(point)
        return point

    def _score(self, points):
        """Compute the scores of ``points`` (``_unscored``, in order) on both splits,
        put the scored points in the history where they still are, and return
        (W (k, 64), B (k,), Z (k, all images), scores (k, 4))."""
        W = np.stack([p.w[:, 0] for p in points])
        B = np.array([p.b for p in points])
        Z = self._splits.z(W, B)
        scores = self._splits.scores(Z)
        scored = {id(p): Point(p.iteration, *row, p.w, p.b)
                  for p, row in zip(points, scores.tolist())}
        history = self.history  # the points still kept are its newest
        for i in range(len(history) - 1, -1, -1):
            if id(history[i]) not in scored:
                break
            history[i] = scored[id(history[i])]
        self._z = Z[-1]
        return W, B, Z, scores
