r"""Gradient descent that can be paused, stepped and resumed: the loop behind ``optimize``.

``logreg.model.optimize`` is the tutorial's loop, run to the end in one call. A playground
needs the same loop in pieces: 100 iterations, a redraw, one more step, a new learning
rate, and on from there. ``GradientDescent`` keeps the loop's state in an object so that
``run(n)`` always continues where the previous call stopped. Every iteration is the
tutorial's:

    forward    z = w^T X + b,  A = sigmoid(z)                   (1, m)
    cost       J = mean(log(1 + e^z) - Y z)       (only on the iterations it records)
    backward   dw = X (A - Y)^T / m,  db = mean(A - Y)
    update     w = w - alpha dw,  b = b - alpha db
    record     the cost every ``record_every`` iterations (the tutorial: 100)

Mini-batches go through ``propagate`` itself, a batch at a time. Full-batch descent (the
tutorial's, and the app's default) runs the same arithmetic arranged to need five NumPy
calls per iteration (``full_batch_steps``); ``tests/test_model.py`` holds the two paths
and the tutorial's plain code equal.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import (
    check_b,
    check_int,
    check_nonnegative_float,
    check_positive_float,
    check_random_state,
    check_w,
    check_X,
    check_Y,
)
from logreg.neuron import example_losses, propagate


@dataclass(frozen=True)
class Step:
    """What a ``callback`` sees after each iteration of gradient descent.

    ``iteration`` counts iterations done so far (1 after the first update); ``cost`` is
    the cost recorded *before* that update when the iteration was a recorded one
    (every ``record_every``), otherwise None.
    """

    iteration: int
    w: np.ndarray
    b: float
    cost: float | None


class GradientDescent:
    """Gradient descent on one neuron that can be paused, stepped and resumed.

    Parameters
    ----------
    X : (n_features, m) training inputs.  Y : (1, m) labels 0/1.
    w, b : where to start (default: zeros, as in the tutorial).
    learning_rate : the step size alpha; may be changed between runs.
    l2 : L2 penalty lambda (0 = none); may be changed between runs.
    batch_size : None for full-batch gradient descent (the tutorial), or the size of
        the mini-batches; the examples are reshuffled every epoch.
    random_state : seed for the shuffling of mini-batches.
    record_every : record the cost every this many iterations (the tutorial: 100).

    Attributes
    ----------
    iteration : iterations done so far.  costs : the recorded costs.
    cost_iterations : the iteration index of each recorded cost.
    """

    def __init__(self, X, Y, w=None, b=0.0, learning_rate=0.01, l2=0.0,
                 batch_size=None, random_state=None, record_every=100):
        X = check_X(X)
        self.X = X
        self.Y = check_Y(Y, X.shape[1])
        n, m = X.shape
        w = np.zeros((n, 1)) if w is None else check_w(w, n)
        self.learning_rate = check_positive_float(learning_rate, "learning_rate")
        self.l2 = check_nonnegative_float(l2, "l2")
        if batch_size is not None:
            batch_size = check_int(batch_size, "batch_size", minimum=1)
            if batch_size >= m:
                batch_size = None  # one batch holding everything is full-batch descent
        self.batch_size = batch_size
        self.record_every = check_int(record_every, "record_every", minimum=1)
        self._rng = np.random.default_rng(check_random_state(random_state))
        self._order = np.arange(m)
        self._cursor = m  # start a fresh epoch on the first mini-batch
        # w and b live in one flat vector theta = [w; b] (the full-batch path needs it so)
        self._theta = np.empty(n + 1)
        self._theta[:n] = w[:, 0]
        self._theta[n] = check_b(b)
        self.iteration = 0
        self.costs = []
        self.cost_iterations = []
        self._fast = None  # the full-batch path's precomputed arrays, built on first use

    @property
    def w(self):
        """The current weights, a fresh (n_features, 1) array."""
        return self._theta[:-1, None].copy()

    @property
    def b(self):
        """The current bias."""
        return float(self._theta[-1])

    @property
    def params(self):
        return {"w": self.w, "b": self.b}

    def run(self, num_iterations, callback=None, print_cost=False):
        """Run ``num_iterations`` more iterations; return ``self``.

        ``callback(step)`` (optional) is called after every iteration with a ``Step``.
        """
        num_iterations = check_int(num_iterations, "num_iterations", minimum=0)
        self.learning_rate = check_positive_float(self.learning_rate, "learning_rate")
        self.l2 = check_nonnegative_float(self.l2, "l2")
        stop = self.iteration + num_iterations
        while self.iteration < stop:
            i = self.iteration

            # record: the cost before this iteration's update, every record_every
            cost = None
            if i % self.record_every == 0:
                cost = self.current_cost()
                self.costs.append(cost)
                self.cost_iterations.append(i)
                if print_cost:
                    print(f"Cost after iteration {i}: {cost:.4f}")

            # forward, backward, update: one iteration for a callback to watch, else
            # every iteration up to the next recorded one in one go
            if callback is None:
                n = min(stop, (i // self.record_every + 1) * self.record_every) - i
            else:
                n = 1
            if self.batch_size is None:
                self.full_batch_steps(n)
            else:
                for _ in range(n):
                    self.mini_batch_step()
            self.iteration = i + n
            if callback is not None:
                callback(Step(self.iteration, self.w, self.b, cost))
        return self

    def current_cost(self):
        """The cost J (with its L2 term) at the current parameters on all examples."""
        w, b = self._theta[:-1], self._theta[-1]
        z = w @ self.X + b  # (m,)
        return float(np.mean(example_losses(z, self.Y[0]))) + \
            self.l2 / (2 * self.X.shape[1]) * float(w @ w)

    def mini_batch_step(self):
        """One iteration on the next mini-batch, exactly as the tutorial writes it."""
        m = self.X.shape[1]
        if self._cursor >= m:  # a new epoch: reshuffle
            self._order = self._rng.permutation(m)
            self._cursor = 0
        batch = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size

        # forward and backward on the batch: propagate
        grads, _ = propagate(self.w, self.b, self.X[:, batch], self.Y[:, batch], l2=self.l2)

        # update: w = w - alpha dw, b = b - alpha db
        self._theta[:-1] -= self.learning_rate * grads["dw"][:, 0]
        self._theta[-1] -= self.learning_rate * grads["db"]

    def full_batch_steps(self, n):
        r"""``n`` full-batch iterations, computing exactly what ``propagate`` computes.

        The same math, arranged to need five NumPy calls per iteration:

        * sigmoid(z) = (1 + tanh(z / 2)) / 2, and tanh never overflows;
        * with theta = [w; b] and G = [X; 1] (k, m), z / 2 = H theta with H = G^T / 2
          precomputed: one product for w^T X + b;
        * 2 (A - Y) = tanh(z / 2) + c with c = 1 - 2Y fixed, so
          alpha [dw; db] = alpha / m * G (A - Y) = S (tanh(z / 2) + c), S = alpha / 2m * G;
        * a pixel that is 0 in every example (the corners) never gets a gradient, so its
          row is left out of the products;
        * the cost is computed only on recorded iterations (``current_cost``);
        * every product writes into a buffer allocated once.
        """
        if self._fast is None:
            X, Y = self.X, self.Y[0]
            m = X.shape[1]
            used = np.flatnonzero(np.append(X.any(axis=1), True))  # rows of theta; b last
            G = np.vstack([X, np.ones((1, m))])[used]  # (k, m): [X; 1] without blank rows
            self._fast = {
                "used": used,
                "unused": np.setdiff1d(np.arange(X.shape[0]), used),
                "G": G,
                "H": np.ascontiguousarray(0.5 * G.T),  # (m, k)
                "c": 1.0 - 2.0 * Y,  # (m,)
                "u": np.empty(m),
                "g": np.empty(G.shape[0]),
                "scaled": (None, None),  # (learning rate, S), rebuilt when alpha changes
            }
        f = self._fast
        lr, m = self.learning_rate, f["u"].shape[0]
        if f["scaled"][0] != lr:
            f["scaled"] = (lr, (lr * 0.5 / m) * f["G"])
        S, H, c, u, g = f["scaled"][1], f["H"], f["c"], f["u"], f["g"]
        theta = self._theta[f["used"]]  # (k,) a compact copy, written back below
        w = theta[:-1]  # a view: scaling it scales the weights in theta
        decay = 1.0 - lr * self.l2 / m  # the L2 penalty shrinks w (not b) each step
        dot, tanh = np.dot, np.tanh
        for _ in range(n):
            # forward: z / 2 for every example, (m,)
            dot(H, theta, out=u)

            # backward: 2 (A - Y) = tanh(z / 2) + c, then alpha [dw; db] = S 2 (A - Y)
            tanh(u, out=u)
            u += c
            dot(S, u, out=g)

            # update: theta = theta - alpha [dw; db] (w first shrunk by the L2 penalty)
            if decay != 1.0:
                w *= decay
            theta -= g
        self._theta[f["used"]] = theta
        if decay != 1.0:  # the left-out weights only feel the penalty
            self._theta[f["unused"]] *= decay**n
