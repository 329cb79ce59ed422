r"""Many neurons at once: K independent models trained in one set of array operations.

Each model is the tutorial's neuron trained by ``logreg.optimize``'s full-batch gradient
descent. Standing the K weight vectors side by side turns K matrix-vector products into
one matrix-matrix product, and nothing else changes:

    Z = W^T X + b          (K, m)   one row of scores per model
    A = sigmoid(Z)         (K, m)
    dW = X (A - Y)^T / m   (n_features, K)   column k is model k's dw
    db = sum(A - Y) / m    (K,)             summed along each row

The models never mix: column k of ``optimize_many``'s W is what ``optimize`` returns for
model k alone (the tests hold them equal to 1e-9), whatever the other models do.

The loop itself (``descend``) works on ``Blocks``: training sets cut into blocks of
examples that several models share. ``optimize_many`` is the simplest case, one block (X)
shared by every model; ``logreg.pairs`` cuts the digits into ten blocks, one per digit,
so the 45 pair models of different training sets still share matrix products.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import (
    as_float_array,
    check_int,
    check_nonnegative_float,
    check_positive_float,
    check_X,
)
from logreg.neuron import example_losses


@dataclass(frozen=True)
class Blocks:
    """The training sets of K models, grouped so that models sharing examples share products.

    Every iteration multiplies each block of examples once by the weights of all the
    models ("slots") that train on some of its examples.

    Attributes
    ----------
    G : (n_blocks, n_features + 1, n) each block's examples as columns of [X; 1]; a block
        with fewer than n examples is padded with zero columns.
    Y : (n_blocks, n_slots, n) the label 0/1 of each example for each slot's model.
    M : (n_blocks, n_slots, n) 1 where the example is in that slot's training set, else 0;
        None when every slot trains on every example of its block.
    slot_model : (n_blocks, n_slots) the model each slot trains.
    model_slots : (K, s) each model's slots, as indices into the n_blocks * n_slots slots.
    m : (K,) the number of training examples of each model.
    """

    G: np.ndarray
    Y: np.ndarray
    M: np.ndarray | None
    slot_model: np.ndarray
    model_slots: np.ndarray
    m: np.ndarray


def block_losses(Z, blocks):
    r"""Each model's mean cross-entropy from its scores Z (n_blocks, n_slots, n); (K,).

    ``logreg.model.cross_entropy`` for all K models at once: each example's loss
    (``logreg.model.example_losses``, finite for any z) summed over each model's training
    examples and divided by their number m.
    """
    loss = example_losses(Z, blocks.Y)  # (n_blocks, n_slots, n)
    if blocks.M is not None:
        loss *= blocks.M  # examples outside a model's training set do not count
    per_slot = loss.sum(axis=2).reshape(-1)  # (n_blocks * n_slots,)
    return per_slot[blocks.model_slots].sum(axis=1) / blocks.m  # (K,)


def descend(blocks, theta, learning_rates, num_iterations, l2=0.0, record_every=100):
    r"""Full-batch gradient descent on the K models of ``blocks``, all at once.

    ``theta`` (K, n_features + 1) holds each model's [w; b] as a row and is not changed;
    ``learning_rates`` is (K,). Returns ``(theta, costs, cost_iterations)`` with costs
    (n_records, K) recorded before the update at iterations 0, record_every, ...

    The arithmetic is ``logreg.descent.GradientDescent.full_batch_steps``'s, for K models:

    * sigmoid(z) = (1 + tanh(z / 2)) / 2, and tanh never overflows, so with H = G / 2
      (z / 2 = theta . H) the gradient sum is
      sum_i (a_i - y_i) g_i = H M (tanh(z / 2) + c) with c = 1 - 2Y fixed;
    * its part H M c never changes, so it is computed once, before the loop;
    * L2 multiplies w (not b) by 1 - alpha * l2 / m before each step.
    """
    M, slot_model, model_slots = blocks.M, blocks.slot_model, blocks.model_slots
    K, k = theta.shape
    H = 0.5 * blocks.G  # (n_blocks, k, n): theta . H = z / 2 (halving is exact)
    HT = H.transpose(0, 2, 1)  # (n_blocks, n, k) a view: BLAS reads H transposed
    c = 1.0 - 2.0 * blocks.Y  # (n_blocks, n_slots, n)
    if M is not None:
        c = c * M
    Hc = c @ HT  # (n_blocks, n_slots, k): the fixed part of each slot's gradient sum
    step = (learning_rates / blocks.m)[:, None]  # (K, 1): alpha / m
    decay = (1.0 - learning_rates * l2 / blocks.m)[:, None]  # (K, 1)
    theta = np.array(theta, dtype=np.float64)  # (K, k) a copy we update in place
    w = theta[:, :-1]  # a view: shrinking it shrinks the weights in theta
    U = np.empty(c.shape)  # (n_blocks, n_slots, n), reused every iteration
    R = np.empty(Hc.shape)  # (n_blocks, n_slots, k), reused every iteration
    per_slot = R.reshape(-1, k)  # (n_blocks * n_slots, k) a view of R
    costs, cost_iterations = [], []

    for i in range(num_iterations):
        # forward: z / 2 for every slot against every example of its block
        np.matmul(theta[slot_model], H, out=U)

        # record: each model's cost before this update
        if i % record_every == 0:
            cost = block_losses(2.0 * U, blocks) + l2 / (2 * blocks.m) * np.sum(w * w, axis=1)
            costs.append(cost)  # (K,)
            cost_iterations.append(i)

        # backward: each slot's sum_i (a_i - y_i) g_i over its training examples
        np.tanh(U, out=U)
        if M is not None:
            U *= M
        np.matmul(U, HT, out=R)
        R += Hc
        grad = per_slot[model_slots[:, 0]]  # (K, k): m [dw; db], adding up each
        for s in range(1, model_slots.shape[1]):  # model's slots (one or a few)
            grad += per_slot[model_slots[:, s]]

        # update: every model with its own step size
        if l2:
            w *= decay
        theta -= step * grad

    costs = np.array(costs).reshape(len(cost_iterations), K)  # (n_records, K)
    return theta, costs, np.array(cost_iterations, dtype=np.int64)


@dataclass(frozen=True)
class BatchResult:
    """What ``optimize_many`` returns: K trained models side by side.

    ``W`` (n_features, K) and ``b`` (K,): column k is model k's (w, b). ``costs``
    (n_records, K): column k is model k's cost, recorded before the update at the
    iterations in ``cost_iterations`` (n_records,). ``learning_rates`` (K,).
    """

    W: np.ndarray
    b: np.ndarray
    costs: np.ndarray
    cost_iterations: np.ndarray
    learning_rates: np.ndarray

    def params(self, k):
        """Model k as ``optimize`` returns it: {"w": (n_features, 1), "b": float}."""
        return {"w": self.W[:, k:k + 1].copy(), "b": float(self.b[k])}


def optimize_many(X, Y, learning_rates, num_iterations=1000, l2=0.0, W=None, b=None,
                  record_every=100):
    """Train K neurons on the same examples X at once; each as ``optimize`` would alone.

    Parameters
    ----------
    X : (n_features, m) the training inputs, shared by every model.
    Y : (K, m) one row of labels 0/1 per model, or (1, m) for the same labels for all.
    learning_rates : one step size for all, or (K,) one per model (a learning-rate race).
    num_iterations : iterations of full-batch gradient descent.
    l2 : L2 penalty lambda for every model (0 = the tutorial).
    W, b : where to start, (n_features, K) and (K,); default zeros (the tutorial's start).
    record_every : record the costs every this many iterations (the tutorial: 100).

    K is the number of rows of Y, entries of learning_rates, columns of W or entries of
    b, whichever is more than one (they must agree).

    Returns
    -------
    BatchResult
        ``W`` (n_features, K), ``b`` (K,), ``costs`` (n_records, K), ``cost_iterations``.
    """
    X = check_X(X)
    n, m = X.shape
    Y = as_float_array(Y, "Y")
    if Y.shape[1] != m:
        raise ValueError(
            f"Y must have {m} columns to match the {m} columns of X, got shape {Y.shape}"
        )
    if not np.isin(Y, (0.0, 1.0)).all():
        raise ValueError("Y must contain only the labels 0 and 1")
    learning_rates = check_learning_rates(learning_rates)
    W = None if W is None else as_float_array(W, "W")
    b = None if b is None else as_float_array(b, "b", ndim=np.ndim(b))
    K = _count_models(Y=(Y.shape[0], "rows"), learning_rates=(learning_rates.size, "entries"),
                      W=(None if W is None else W.shape[1], "columns"),
                      b=(None if b is None else b.size, "entries"))
    if W is not None and W.shape[0] != n:
        raise ValueError(
            f"W must have shape ({n}, {K}) to match X's {n} rows, got {W.shape}"
        )
    if b is not None and b.ndim > 1:
        raise ValueError(
            f"b must be a number or a 1-D array of {K} numbers, got shape {b.shape}"
        )
    l2 = check_nonnegative_float(l2, "l2")
    num_iterations = check_int(num_iterations, "num_iterations", minimum=0)
    record_every = check_int(record_every, "record_every", minimum=1)

    # one block holding every example, one slot per model, no mask
    blocks = Blocks(
        G=np.vstack([X, np.ones((1, m))])[None],  # (1, n + 1, m)
        Y=np.broadcast_to(Y, (K, m))[None],  # (1, K, m)
        M=None,
        slot_model=np.arange(K)[None],  # (1, K)
        model_slots=np.arange(K)[:, None],  # (K, 1)
        m=np.full(K, float(m)),
    )
    theta = np.zeros((K, n + 1))  # row k = model k's [w; b]
    if W is not None:
        theta[:, :n] = W.T
    if b is not None:
        theta[:, n] = b
    theta, costs, cost_iterations = descend(
        blocks, theta, np.broadcast_to(learning_rates, (K,)), num_iterations, l2, record_every
    )
    return BatchResult(
        W=np.ascontiguousarray(theta[:, :n].T),  # (n_features, K)
        b=theta[:, n].copy(),  # (K,)
        costs=costs,
        cost_iterations=cost_iterations,
        learning_rates=np.broadcast_to(learning_rates, (K,)).copy(),
    )


def check_learning_rates(learning_rates, name="learning_rates"):
    """One learning rate (a float) or a 1-D array of them, each finite and > 0."""
    if np.ndim(learning_rates) == 0 and not isinstance(learning_rates, np.ndarray):
        return np.asarray(check_positive_float(learning_rates, name))
    rates = as_float_array(learning_rates, name, ndim=np.ndim(learning_rates))
    if rates.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D array, got shape {rates.shape}")
    if not (rates > 0).all():
        raise ValueError(f"{name} must all be finite numbers greater than 0, got {rates}")
    return rates


def _count_models(**sizes):
    """K: the one size above 1 that every argument agrees on (1 if all are 1 or absent).

    ``sizes`` maps an argument's name to (its size, what it counts), e.g. (5, "rows");
    an argument that disagrees with the first one given is named in the error.
    """
    given = [(name, size, unit) for name, (size, unit) in sizes.items()
             if size not in (None, 1)]
    if not given:
        return 1
    first, K, first_unit = given[0]
    for name, size, unit in given[1:]:
        if size != K:
            raise ValueError(f"{name} has {size} {unit} but {first} has {K} {first_unit}: "
                             "give one per model")
    return K
