"""How fast is batched training (many neurons at once) against the tutorial's own code?

    python benchmarks/bench_pairs.py [--repeats 5] [--iterations 1000]

(a) All 45 pairs of digits: ``logreg.pairs.all_pairs_accuracy`` against a loop of the
    tutorial's code over the pairs (``tutorial_data`` + ``optimize`` + ``predict``), each
    from zeros at learning rate 0.05. Target: ratio <= 0.1, accuracies identical.
(b) A learning-rate race, five rates on 0 vs 1: ``logreg.batched.optimize_many`` against
    five calls of the tutorial's ``optimize``.

Runs are interleaved and the best time of each is kept, so a busy machine hurts both
alike. Run by hand; the figures it prints are not asserted by any test.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import logreg  # noqa: E402
from benchmarks.bench_optimize import best_of  # noqa: E402
from logreg.batched import optimize_many  # noqa: E402
from logreg.pairs import PAIRS, all_pairs_accuracy  # noqa: E402
from tests.support import tutorial_reference as tutorial  # noqa: E402

RACE = (0.01, 0.05, 0.5, 5.0, 50.0)


def tutorial_all_pairs(num_iterations, learning_rate=0.05):
    """The tutorial's pipeline, pair after pair: the (10, 10) map of test accuracies."""
    table = np.full((10, 10), np.nan)
    for negative, positive in PAIRS:
        X_train, Y_train, X_test, Y_test = tutorial.tutorial_data(negative, positive)
        w, b = tutorial.initialize_params(X_train.shape[0])
        params, _ = tutorial.optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
        Y_prediction = tutorial.predict(params["w"], params["b"], X_test)
        table[negative, positive] = table[positive, negative] = np.mean(Y_prediction == Y_test)
    return table


def logreg_pair_by_pair(num_iterations, learning_rate=0.05):
    """logreg's one-neuron pipeline, pair after pair (for scale: batching vs the fast path)."""
    table = np.full((10, 10), np.nan)
    for negative, positive in PAIRS:
        pair = logreg.load_digit_pair(negative, positive)
        params, _ = logreg.optimize(np.zeros((64, 1)), 0.0, pair.X_train, pair.Y_train,
                                    num_iterations, learning_rate)
        table[negative, positive] = table[positive, negative] = logreg.accuracy(
            params["w"], params["b"], pair.X_test, pair.Y_test)
    return table


def tutorial_race(X, Y, num_iterations):
    return [tutorial.optimize(np.zeros((64, 1)), 0.0, X, Y, num_iterations, rate)
            for rate in RACE]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=1000)
    args = parser.parse_args(argv)
    n = args.iterations

    # (a) all 45 pairs
    (t_first,), _ = best_of(1, lambda: all_pairs_accuracy(num_iterations=n))
    with np.errstate(all="ignore"):  # the tutorial's log(A) may warn; ours never does
        (t_tutorial, t_single, t_ours), (ref_map, single_map, our_map) = best_of(
            args.repeats,
            lambda: tutorial_all_pairs(n),
            lambda: logreg_pair_by_pair(n),
            lambda: all_pairs_accuracy(num_iterations=n),
        )
    off_diagonal = ~np.eye(10, dtype=bool)
    accuracy_diff = float(np.max(np.abs(our_map - ref_map)[off_diagonal]))
    single_diff = float(np.max(np.abs(our_map - single_map)[off_diagonal]))
    print(f"all 45 pairs, {n} iterations each, float64, best of {args.repeats}")
    print(f"  tutorial's code, pair by pair    : {1e3 * t_tutorial:8.1f} ms")
    print(f"  logreg.optimize, pair by pair    : {1e3 * t_single:8.1f} ms")
    print(f"  logreg.pairs.all_pairs_accuracy  : {1e3 * t_ours:8.1f} ms"
          f"   (first call in this process: {1e3 * t_first:.1f} ms)")
    print(f"  ratio ours/tutorial: {t_ours / t_tutorial:.3f}   (target <= 0.1)")
    print(f"  max |accuracy difference| vs tutorial = {accuracy_diff:.1e}, "
          f"vs logreg pair by pair = {single_diff:.1e}   (must be 0)")

    # (b) a learning-rate race on 0 vs 1
    pair = logreg.load_digit_pair(0, 1)
    X, Y = pair.X_train, pair.Y_train
    with np.errstate(all="ignore"):
        (t_tutorial, t_ours), (ref_runs, race) = best_of(
            args.repeats * 3,
            lambda: tutorial_race(X, Y, n),
            lambda: optimize_many(X, Y, RACE, num_iterations=n),
        )
    weight_diff = max(float(np.max(np.abs(race.W[:, [k]] - params["w"])))
                      for k, (params, _) in enumerate(ref_runs))
    print(f"learning-rate race, 0 vs 1, rates {RACE}, {n} iterations, "
          f"best of {args.repeats * 3}")
    print(f"  tutorial's optimize, 5 calls : {1e3 * t_tutorial:8.1f} ms")
    print(f"  logreg.batched.optimize_many : {1e3 * t_ours:8.1f} ms")
    print(f"  ratio ours/tutorial: {t_ours / t_tutorial:.3f}")
    print(f"  max |w difference| = {weight_diff:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
