"""All 45 pairs of digits at once: which two digits does one neuron find hardest to tell apart?

Each pair (negative = the smaller digit, positive = the larger) is split exactly as
``load_digit_pair(negative, positive, test_size, random_state)`` splits it and trained
from zeros exactly as ``optimize`` trains it, so every number here equals the one-pair
pipeline's. Only the arrangement is different, for speed.

The 45 training sets differ, but they overlap: every image of a 3 is an example of the
nine pairs that contain a 3. So the images are grouped by digit into ten blocks, and each
block is multiplied once per iteration by the weights of its nine pairs (``Blocks`` in
``logreg.batched``). A 0/1 mask M keeps each pair to its own training split:

    z / 2 = Theta_d^T G_d / 2            (9, n_d)   block d against its nine pairs
    2 (A - Y) = M * (tanh(z / 2) + 1 - 2Y)           zero outside each pair's training set
    d theta_(a,b) = [G_a M (A - Y)^T + G_b M (A - Y)^T] / m_(a,b)   its two blocks' shares
"""

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

from logreg._checks import check_int, check_positive_float, check_random_state
from logreg.batched import Blocks, descend
from logreg.data import MAX_INK, N_PIXELS, check_test_size, digits_dataset
from logreg.neuron import sigmoid

DIGITS = 10
PAIRS = list(itertools.combinations(range(DIGITS), 2))  # (negative, positive), 45 of them


@dataclass(frozen=True)
class PairSplits:
    """The 45 pairs' training and test splits, laid out as ten digit blocks.

    ``blocks`` holds every image once (block d = the images of digit d, in dataset order)
    and the training masks; ``test_mask`` (10, 9, n) marks each pair's test images in the
    same layout. Slot j of block d is the pair of d with the j-th other digit.
    """

    blocks: Blocks
    test_mask: np.ndarray


def split_all_pairs(test_size=0.2, random_state=42):
    """Every pair's ``load_digit_pair`` split, as one ``PairSplits`` layout.

    ``train_test_split`` shuffles by the number of examples alone, so splitting the
    positions 0..m-1 of a pair's images picks the same columns as splitting its arrays.
    """
    test_size = check_test_size(test_size)
    random_state = check_random_state(random_state)
    images, target = digits_dataset()
    X = images.reshape(-1, N_PIXELS).T / MAX_INK  # (64, 1797), the tutorial's scaling
    members = [np.flatnonzero(target == d) for d in range(DIGITS)]  # dataset order
    n = max(len(index) for index in members)
    position = np.empty(len(target), dtype=np.int64)  # where each image sits in its block

    G = np.zeros((DIGITS, N_PIXELS + 1, n))  # (10, 65, n): [X; 1], padded with 0 columns
    for d, index in enumerate(members):
        G[d, :N_PIXELS, :len(index)] = X[:, index]
        G[d, N_PIXELS, :len(index)] = 1.0
        position[index] = np.arange(len(index))

    # slot j of block d trains the pair of d and others[j]; label 1 = the larger digit
    slot_model = np.empty((DIGITS, DIGITS - 1), dtype=np.int64)
    model_slots = np.empty((len(PAIRS), 2), dtype=np.int64)  # flat slot in block a, in b
    Y = np.zeros((DIGITS, DIGITS - 1, n))
    for d in range(DIGITS):
        for j, other in enumerate(o for o in range(DIGITS) if o != d):
            p = PAIRS.index((min(d, other), max(d, other)))
            slot_model[d, j] = p
            model_slots[p, 0 if d < other else 1] = d * (DIGITS - 1) + j
            Y[d, j, :len(members[d])] = float(d > other)

    train_mask = np.zeros((DIGITS, DIGITS - 1, n))
    test_mask = np.zeros((DIGITS, DIGITS - 1, n))
    m = np.empty(len(PAIRS))
    for p, (negative, positive) in enumerate(PAIRS):
        index = np.flatnonzero((target == negative) | (target == positive))  # the pair's order
        train, test = split_positions(len(index), test_size, random_state)
        for mask, chosen in ((train_mask, index[train]), (test_mask, index[test])):
            for side, digit in enumerate((negative, positive)):  # this pair's two slots
                block, slot = divmod(model_slots[p, side], DIGITS - 1)
                mine = chosen[target[chosen] == digit]  # (the chosen images of this digit)
                mask[block, slot, position[mine]] = 1.0
        m[p] = len(train)

    blocks = Blocks(G=G, Y=Y, M=train_mask, slot_model=slot_model,
                    model_slots=model_slots, m=m)
    return PairSplits(blocks, test_mask)


def split_positions(m, test_size, random_state):
    """``train_test_split`` of the positions 0..m-1: (train, test) index arrays.

    The split depends on m, test_size and random_state alone, so a seeded one is
    computed once and remembered (pairs with as many images share it).
    """
    if random_state is None:  # a fresh random split every time
        return train_test_split(np.arange(m), test_size=test_size)
    return _seeded_split(m, test_size, random_state)


@functools.lru_cache(maxsize=256)
def _seeded_split(m, test_size, random_state):
    train, test = train_test_split(np.arange(m), test_size=test_size,
                                   random_state=random_state)
    train.setflags(write=False)
    test.setflags(write=False)
    return train, test


@dataclass(frozen=True)
class AllPairs:
    """The 45 trained pair models and their accuracies.

    ``train_accuracy`` and ``test_accuracy`` (10, 10): entry [a, b] is the accuracy (0-1)
    of the a-vs-b neuron, symmetric, NaN on the diagonal. ``W`` (64, 45) and ``b`` (45,):
    column p is the model of ``pairs[p]`` (negative, positive), label 1 = positive.
    ``costs`` (n_records, 45) every 100 iterations, before that iteration's update.
    """

    pairs: list
    W: np.ndarray
    b: np.ndarray
    costs: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray

    def params(self, negative, positive):
        """The a-vs-b model as ``optimize`` returns it: {"w": (64, 1), "b": float}."""
        p = self.pairs.index((negative, positive))
        return {"w": self.W[:, p:p + 1].copy(), "b": float(self.b[p])}


def train_all_pairs(num_iterations=1000, learning_rate=0.05, test_size=0.2, random_state=42):
    """Train the neuron of every pair of digits from zeros, all 45 at once; ``AllPairs``."""
    num_iterations = check_int(num_iterations, "num_iterations", minimum=0)
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    splits = split_all_pairs(test_size, random_state)
    blocks = splits.blocks
    K = len(PAIRS)
    theta, costs, _ = descend(blocks, np.zeros((K, N_PIXELS + 1)), np.full(K, learning_rate),
                              num_iterations)

    # predict every image of every block for its nine pairs: label 1 where sigmoid(z) > 0.5
    Z = theta[blocks.slot_model] @ blocks.G  # (10, 9, n)
    correct = (sigmoid(Z) > 0.5) == (blocks.Y == 1)  # (10, 9, n)
    return AllPairs(
        pairs=list(PAIRS),
        W=np.ascontiguousarray(theta[:, :N_PIXELS].T),  # (64, 45)
        b=theta[:, N_PIXELS].copy(),  # (45,)
        costs=costs,
        train_accuracy=_pair_map(_accuracy(correct, blocks.M, blocks)),
        test_accuracy=_pair_map(_accuracy(correct, splits.test_mask, blocks)),
    )


def all_pairs_accuracy(num_iterations=1000, learning_rate=0.05, test_size=0.2,
                       random_state=42):
    """Test accuracy (0-1) of every pair's neuron, (10, 10): symmetric, NaN on the diagonal.

    Entry [a, b] is what ``load_digit_pair(min(a, b), max(a, b), test_size, random_state)``
    then ``optimize`` from zeros and ``predict`` on the test split would score.
    """
    result = train_all_pairs(num_iterations, learning_rate, test_size, random_state)
    return result.test_accuracy


def _accuracy(correct, mask, blocks):
    """Fraction of each pair's masked examples predicted right, (45,)."""
    per_slot = (correct * mask).sum(axis=2).reshape(-1)  # counts: exact integers
    size = mask.sum(axis=2).reshape(-1)
    return per_slot[blocks.model_slots].sum(axis=1) / size[blocks.model_slots].sum(axis=1)


def _pair_map(values):
    """(45,) values of PAIRS as a symmetric (10, 10) map with NaN on the diagonal."""
    table = np.full((DIGITS, DIGITS), np.nan)
    for (a, b), value in zip(PAIRS, values):
        table[a, b] = table[b, a] = value
    return table
