"""How long does Retrain with our drawings take on a server, and what does it buy?

    python benchmarks/bench_retrain.py [--drawings 20] [--runs 3]

Each run is a fresh Python process with one BLAS thread (as the app's script runs are):
``--drawings`` drawn digits (two of each digit per 20, seed 22, which no test draws with)
go through the app's preprocessing, then ``logreg.handwriting.retrain_with_drawings``
runs twice. The first call in a process also redraws the dataset's scans (made once per
process); the second is what every later Retrain costs. For comparison, in the same
process: the recipe trained again from zeros with the drawings added (how a retrain
could also be done). Prints each run, the medians and the ratio. Run by hand; the tests
never time anything.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ONE_RUN = """
import json, time
import numpy as np
from threadpoolctl import threadpool_limits
from logreg.drawing import image_to_features
from logreg.handwriting import retrain_with_drawings, split_drawings
from logreg.multiclass import Recipe, ten_digit_model, train_one_vs_rest, training_set
from tests.support.drawn_digits import iter_drawings

n = {n}
columns, digits = [], []
for image, digit, _ in iter_drawings(n_per_digit=-(-n // 10), random_state=22):
    columns.append(image_to_features(image)[:, 0])
    digits.append(digit)
X, digits = np.array(columns[:n]).T, np.array(digits[:n])
recipe = Recipe()
with threadpool_limits(1):
    base, _ = ten_digit_model()
    times = []
    for _ in range(2):
        start = time.perf_counter()
        result = retrain_with_drawings(X, digits, base_model=base)
        times.append(time.perf_counter() - start)
    train, _ = split_drawings(np.arange(n), digits)
    start = time.perf_counter()
    X_all, y_all = training_set(recipe, X[:, train], digits[train])
    train_one_vs_rest(X_all, y_all, recipe.num_iterations, recipe.learning_rate)
    from_zeros = time.perf_counter() - start
print(json.dumps({{"first": times[0], "again": times[1], "from_zeros": from_zeros,
                  "before": result.before, "after": result.after,
                  "dataset_before": result.dataset_before,
                  "dataset_after": result.dataset_after}}))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drawings", type=int, default=20, help="drawings (%(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes (%(default)s)")
    args = parser.parse_args(argv)
    if args.drawings < 2:
        parser.error("--drawings must be at least 2")
    results = []
    for run in range(args.runs):
        out = subprocess.run([sys.executable, "-c", ONE_RUN.format(n=args.drawings)],
                             cwd=ROOT, capture_output=True, text=True)
        if out.returncode:
            sys.exit(f"run {run + 1} failed:\n{out.stderr}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(f"run {run + 1}: first {result['first']:.2f} s, again {result['again']:.2f} s, "
              f"recipe from zeros {result['from_zeros']:.2f} s; held-out drawings "
              f"{100 * result['before']:.0f}% -> {100 * result['after']:.0f}%, test split "
              f"{100 * result['dataset_before']:.1f}% -> {100 * result['dataset_after']:.1f}%")
    median = {key: statistics.median(r[key] for r in results)
              for key in ("first", "again", "from_zeros")}
    print(f"\nmedian of {args.runs}, {args.drawings} drawings, one BLAS thread: "
          f"first retrain {median['first']:.2f} s, later {median['again']:.2f} s; the recipe "
          f"from zeros {median['from_zeros']:.2f} s, {median['from_zeros'] / median['again']:.0f}x "
          "a later retrain")


if __name__ == "__main__":
    main()
