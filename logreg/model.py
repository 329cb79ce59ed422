r"""One neuron: logistic regression as a single-layer neural network.

The functions mirror the tutorial, with the same names, shapes and defaults:

    z = w^T X + b          (1, m)   the linear step
    A = sigmoid(z)         (1, m)   the activation, a probability per example
    J = mean(-Y log A - (1 - Y) log(1 - A))   binary cross-entropy
    dw = X (A - Y)^T / m   (n_features, 1)
    db = sum(A - Y) / m    scalar

Orientation: X is (n_features, m) with one column per example, Y is (1, m), w is
(n_features, 1) and b a float.
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


def sigmoid(z):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Written so that ``exp`` only ever sees numbers <= 0: for z >= 0 it is
    1 / (1 + e^{-z}), for z < 0 the equal e^{z} / (1 + e^{z}). No overflow warning
    for any finite z, and tiny probabilities keep their precision.
    """
    z = _as_z(z)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    a = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return a if a.ndim else float(a)


def _as_z(z, name="z"):
    """z as a float array: numbers of any shape; +-inf are fine (sigma is 0 or 1), NaN
    and non-numbers are not."""
    if isinstance(z, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers, got a string")
    try:
        z = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers") from None
    if np.isnan(z).any():
        raise ValueError(f"{name} must not contain NaN")
    return z


def initialize_params(dim, random_state=None, scale=0.01):
    """Return ``(w, b)`` with w of shape (dim, 1).

    With ``random_state=None`` (the tutorial's choice) w is all zeros. Give a seed to
    start from small random weights drawn from N(0, scale^2) instead; b starts at 0.
    """
    dim = check_int(dim, "dim", minimum=1)
    if random_state is None:
        w = np.zeros((dim, 1))
    else:
        scale = check_positive_float(scale, "scale")
        rng = np.random.default_rng(check_random_state(random_state))
        w = rng.normal(0.0, scale, size=(dim, 1))
    return w, 0.0


def cross_entropy(z, Y):
    r"""Mean binary cross-entropy computed from z rather than from A = sigmoid(z).

    Per example :math:`-y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \log(1+e^{z}) - yz`.
    ``np.logaddexp(0, z)`` evaluates :math:`\log(1+e^{z})` without overflow, so the cost
    stays finite even when a huge learning rate pushes z to +-1e6, where the
    tutorial's ``log(A)`` would give ``log(0) = -inf`` and then NaN.
    """
    z = _as_z(z)
    Y = _as_z(Y, "Y")
    if z.shape != Y.shape or not np.isfinite(z).all():
        raise ValueError(f"z and Y must be finite arrays of one shape, got {z.shape} and {Y.shape}")
    return _cross_entropy(z, Y)


def _cross_entropy(z, Y):
    """``cross_entropy`` without the checks, for the training loops' own arrays."""
    return float(np.mean(np.logaddexp(0.0, z) - Y * z))


def _validate(w, b, X, Y=None):
    X = check_X(X)
    w = check_w(w, X.shape[0])
    b = check_b(b)
    if Y is not None:
        Y = check_Y(Y, X.shape[1])
    return w, b, X, Y


def propagate(w, b, X, Y, l2=0.0):
    """One forward and backward pass over all examples.

    Returns ``(grads, cost)`` with ``grads = {"dw": (n_features, 1), "db": float}``.
    ``l2`` adds the penalty ``l2 / (2 m) * ||w||^2`` to the cost (0 = the tutorial).
    """
    w, b, X, Y = _validate(w, b, X, Y)
    l2 = check_nonnegative_float(l2, "l2")
    m = X.shape[1]

    # forward: the linear step, then the activation
    z = w.T @ X + b  # (1, m)
    A = sigmoid(z)  # (1, m)
    cost = _cross_entropy(z, Y) + l2 / (2 * m) * float(np.sum(w * w))

    # backward: dJ/dz = A - Y, then the chain rule through z = w^T X + b
    dZ = A - Y  # (1, m)
    dw = X @ dZ.T / m + (l2 / m) * w  # (n_features, 1)
    db = float(np.sum(dZ)) / m

    return {"dw": dw, "db": db}, cost


def predict_proba(w, b, X):
    """P(label 1 | x) for every column of X, shape (1, m)."""
    w, b, X, _ = _validate(w, b, X)
    return sigmoid(w.T @ X + b)


def predict(w, b, X):
    """Labels 0.0/1.0 for every column of X, shape (1, m): 1 where P(1 | x) > 0.5."""
    return (predict_proba(w, b, X) > 0.5).astype(np.float64)


def accuracy(w, b, X, Y):
    """Fraction of the columns of X whose predicted label equals Y (0 to 1)."""
    w, b, X, Y = _validate(w, b, X, Y)
    return float(np.mean(predict(w, b, X) == Y))


def cost(w, b, X, Y, l2=0.0):
    """The cost J alone (what ``propagate`` returns second), e.g. on the test set."""
    return propagate(w, b, X, Y, l2=l2)[1]


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

    This is ``optimize`` with its loop state kept in an object, so an app can run
    100 iterations, draw, run 100 more, change the learning rate, step once, and so
    on. ``run(n)`` always continues where the previous call stopped.

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
        # The parameters live in one flat vector theta = [w; b] (fast path below).
        self._theta = np.empty(n + 1)
        self._theta[:n] = w[:, 0]
        self._theta[n] = check_b(b)
        self.iteration = 0
        self.costs = []
        self.cost_iterations = []
        self._fast = None  # precomputed arrays for full-batch descent, built lazily

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

    def gradients(self):
        """``propagate`` at the current parameters on the whole training set."""
        return propagate(self.w, self.b, self.X, self.Y, l2=self.l2)

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
            if i % self.record_every == 0:  # record: the cost before this update
                cost = self.current_cost()
                self.costs.append(cost)
                self.cost_iterations.append(i)
                if print_cost:
                    print(f"Cost after iteration {i}: {cost:.4f}")
            else:
                cost = None
            # Without a callback, run up to the next recorded iteration in one go.
            if callback is None:
                next_record = (i // self.record_every + 1) * self.record_every
                n = min(stop, next_record) - i
            else:
                n = 1
            if self.batch_size is None:
                self._full_batch_steps(n)
            else:
                for _ in range(n):
                    self._mini_batch_step()
            self.iteration = i + n
            if callback is not None:
                callback(Step(self.iteration, self.w, self.b, cost))
        return self

    def current_cost(self):
        """The cost J (with its L2 term) at the current parameters on all examples."""
        w, b = self._theta[:-1], self._theta[-1]
        z = w @ self.X + b  # (m,)
        return _cross_entropy(z, self.Y[0]) + self.l2 / (2 * self.X.shape[1]) * float(w @ w)

    def _mini_batch_step(self):
        """The readable path: ``propagate`` on the next mini-batch."""
        m = self.X.shape[1]
        if self._cursor >= m:  # a new epoch: reshuffle
            self._order = self._rng.permutation(m)
            self._cursor = 0
        batch = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        grads, _ = propagate(self.w, self.b, self.X[:, batch], self.Y[:, batch], l2=self.l2)
        self._theta[:-1] -= self.learning_rate * grads["dw"][:, 0]
        self._theta[-1] -= self.learning_rate * grads["db"]

    def _full_batch_steps(self, n):
        r"""``n`` full-batch updates, computing exactly what ``propagate`` computes.

        It is the same math arranged to need five NumPy calls per iteration:

        * sigmoid(z) = (1 + tanh(z / 2)) / 2, and tanh never overflows;
        * with theta = [w; b] and G = [X; 1] (n+1, m), z / 2 = H theta with H = G^T / 2
          precomputed: one product for w^T X + b;
        * 2 (A - Y) = tanh(z / 2) + (1 - 2Y), so the update of theta is
          alpha / m * G (A - Y) = (alpha / 2m) G (tanh(z / 2) + c) with c = 1 - 2Y fixed;
        * a pixel that is 0 in every example (the corners) never gets a gradient, so its
          row is left out of the products;
        * the cost is computed only on recorded iterations (``current_cost``);
        * every product writes into a buffer allocated once.

        ``tests/test_model.py`` holds it equal to ``propagate``-based training.
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
                "scaled": (None, None),  # (learning rate, alpha / 2m * G), reused
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
            dot(H, theta, out=u)  # z / 2, (m,)
            tanh(u, out=u)
            u += c  # 2 (A - Y)
            dot(S, u, out=g)  # alpha * [dw; db]
            if decay != 1.0:
                w *= decay
            theta -= g
        self._theta[f["used"]] = theta
        if decay != 1.0:  # the left-out weights only feel the penalty
            self._theta[f["unused"]] *= decay**n


def optimize(w, b, X, Y, num_iterations=1000, learning_rate=0.01, print_cost=False, *,
             l2=0.0, batch_size=None, random_state=None, callback=None):
    """Gradient descent from (w, b); the tutorial's ``optimize``.

    Returns ``(params, costs)`` with ``params = {"w": (n_features, 1), "b": float}`` and
    the cost recorded every 100 iterations (before that iteration's update). The keyword
    arguments extend the tutorial: ``l2`` penalty, mini-batches of ``batch_size``
    shuffled with ``random_state``, and ``callback(step)`` after every iteration.
    """
    w, b, X, Y = _validate(w, b, X, Y)
    descent = GradientDescent(X, Y, w=w, b=b, learning_rate=learning_rate, l2=l2,
                              batch_size=batch_size, random_state=random_state)
    descent.run(num_iterations, callback=callback, print_cost=print_cost)
    return descent.params, descent.costs


@dataclass(frozen=True)
class TrainingResult:
    """What ``build_and_train_model`` returns.

    ``w`` (n_features, 1) and ``b`` the trained parameters, ``costs`` every 100
    iterations, accuracies as fractions 0-1, the predictions (1, m) of each split.
    """

    w: np.ndarray
    b: float
    costs: list
    train_accuracy: float
    test_accuracy: float
    Y_prediction_train: np.ndarray
    Y_prediction_test: np.ndarray
    learning_rate: float
    num_iterations: int

    @property
    def params(self):
        return {"w": self.w, "b": self.b}


def build_and_train_model(X_train, Y_train, X_test, Y_test, num_iterations=1000,
                          learning_rate=0.05, print_cost=False, **options):
    """The tutorial's whole pipeline: initialise, optimise, predict, score.

    ``options`` go to ``optimize`` (``l2``, ``batch_size``, ``random_state``,
    ``callback``). With ``print_cost`` it also prints the two accuracies in the
    tutorial's format, ``Train accuracy: 100.00%``.
    """
    X_train = check_X(X_train, "X_train")
    Y_train = check_Y(Y_train, X_train.shape[1], "Y_train")
    X_test = check_X(X_test, "X_test")
    if X_test.shape[0] != X_train.shape[0]:
        raise ValueError(
            f"X_test must have {X_train.shape[0]} rows like X_train, got {X_test.shape[0]}"
        )
    Y_test = check_Y(Y_test, X_test.shape[1], "Y_test")

    w, b = initialize_params(X_train.shape[0])
    params, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate,
                             print_cost, **options)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(np.mean(Y_prediction_train == Y_train))
    test_accuracy = float(np.mean(Y_prediction_test == Y_test))
    if print_cost:
        print(f"Train accuracy: {100 * train_accuracy:.2f}%")
        print(f"Test accuracy: {100 * test_accuracy:.2f}%")
    return TrainingResult(w, b, costs, train_accuracy, test_accuracy, Y_prediction_train,
                          Y_prediction_test, float(learning_rate), int(num_iterations))
