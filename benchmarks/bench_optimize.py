"""How fast is ``logreg.optimize`` against the tutorial's own code, in the same run?

    python benchmarks/bench_optimize.py [--repeats 15] [--iterations 1000]

Both train the 0-vs-1 neuron from zeros (float64, learning rate 0.05); runs are
interleaved and the best time of each is kept, so a busy machine hurts both alike.
Prints the times, the ratio (ours / tutorial) and the largest cost difference.
Run by hand; the figures it prints are not asserted by any test.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import logreg  # noqa: E402
from tests.support import tutorial_reference as tutorial  # noqa: E402


def best_of(repeats, *functions):
    best = [float("inf")] * len(functions)
    results = [None] * len(functions)
    for _ in range(repeats):
        for k, function in enumerate(functions):
            start = time.perf_counter()
            results[k] = function()
            best[k] = min(best[k], time.perf_counter() - start)
    return best, results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--iterations", type=int, default=1000)
    args = parser.parse_args(argv)

    pair = logreg.load_digit_pair(0, 1)
    X, Y, n = pair.X_train, pair.Y_train, args.iterations
    (t_tutorial, t_ours), ((ref_params, ref_costs), (params, costs)) = best_of(
        args.repeats,
        lambda: tutorial.optimize(np.zeros((64, 1)), 0.0, X, Y, n, 0.05),
        lambda: logreg.optimize(np.zeros((64, 1)), 0.0, X, Y, n, 0.05),
    )
    cost_diff = float(np.max(np.abs(np.array(costs) - np.array(ref_costs))))
    weight_diff = float(np.max(np.abs(params["w"] - ref_params["w"])))
    print(f"optimize, 0 vs 1, {X.shape[1]} examples, {n} iterations, float64, best of {args.repeats}")
    print(f"  tutorial's code : {1e3 * t_tutorial:8.2f} ms  ({1e6 * t_tutorial / n:5.1f} us/iteration)")
    print(f"  logreg.optimize : {1e3 * t_ours:8.2f} ms  ({1e6 * t_ours / n:5.1f} us/iteration)")
    print(f"  ratio ours/tutorial: {t_ours / t_tutorial:.3f}   (target <= 0.35)")
    print(f"  max |cost difference| = {cost_diff:.1e}, max |w difference| = {weight_diff:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
