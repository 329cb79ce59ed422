"""How well do the neurons read digits drawn on a canvas: our preprocessing against the
naive shrink-the-canvas-to-8x8?

    python benchmarks/bench_drawings.py [--n-per-digit 150] [--seed 0]

The drawings come from ``tests/support/drawn_digits.py``: pen-stroke templates of each digit in
several styles (not scikit-learn's digits), drawn small to large, anywhere on the 280x280
canvas, slanted, rotated, wobbly, with pens 8-30 px wide. Each drawing becomes 64 features
twice, with ``logreg.drawing.image_to_features`` and with ``naive_features``, and is scored
by (a) the 45 pair neurons, each trained exactly as the tutorial trains 0 vs 1 and asked
only about drawings of its own two digits, and (b) the ten-digit model of
``logreg.multiclass``. Prints the summary table, the hardest pairs and the ten-digit
accuracy of every drawing style. Run by hand; ``tests/test_drawn_accuracy.py`` keeps a
smaller version as a test.
"""

import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from logreg.drawing import image_to_features, naive_features  # noqa: E402
from logreg.multiclass import ten_digit_model  # noqa: E402
from tests.support.drawn_digits import (  # noqa: E402
    iter_drawings,
    pair_accuracies,
    pair_neurons,
    style_names,
)

TARGETS = {"pair mean": 0.97, "worst pair": 0.85, "ten digits": 0.90}


def summary(X, labels, neurons, model):
    """(pair accuracies, their mean, the worst pair, ten-digit accuracy)."""
    pairs = pair_accuracies(X, labels, neurons)
    worst = min(pairs, key=pairs.get)
    ten = float(np.mean(model.predict(X) == labels))
    return pairs, float(np.mean(list(pairs.values()))), worst, ten


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-per-digit", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    neurons = pair_neurons()
    model, test_accuracy = ten_digit_model()

    ours, naive, labels, styles = [], [], [], []
    seconds = 0.0
    for image, digit, params in iter_drawings(args.n_per_digit, args.seed):
        start = time.perf_counter()
        ours.append(image_to_features(image))
        seconds += time.perf_counter() - start
        naive.append(naive_features(image))
        labels.append(digit)
        styles.append((digit, params["style"]))
    labels = np.array(labels)
    X_ours, X_naive = np.hstack(ours), np.hstack(naive)  # (64, N) each

    n = labels.size
    print(f"{n} drawn digits ({args.n_per_digit} of each), seed {args.seed}; "
          f"preprocessing {1e3 * seconds / n:.1f} ms per drawing")
    print(f"ten-digit model: logreg.multiclass.ten_digit_model(), "
          f"{100 * test_accuracy:.1f}% on the dataset's test split\n")
    print(f"{'':24s}{'pair mean':>10s}   {'worst pair':<18s}{'ten digits':>10s}")
    results = {}
    for name, X in (("ours (preprocess)", X_ours), ("naive (shrink to 8x8)", X_naive)):
        pairs, mean, worst, ten = results[name] = summary(X, labels, neurons, model)
        worst_text = f"{100 * pairs[worst]:5.1f}% ({worst[0]} vs {worst[1]})"
        print(f"{name:24s}{100 * mean:9.1f}%   {worst_text:<18s}{100 * ten:9.1f}%")
    print(f"{'targets':24s}{'>= 97%':>10s}   {'>= 85%':<18s}{'>= 90%':>10s}\n")

    pairs = results["ours (preprocess)"][0]
    hardest = sorted(pairs, key=pairs.get)[:6]
    print("hardest pairs (ours): " + ", ".join(f"{a} vs {b} {100 * pairs[a, b]:.1f}%"
                                               for a, b in hardest))

    print("\nten-digit accuracy by drawing style      ours   naive      n")
    correct_ours = model.predict(X_ours) == labels
    correct_naive = model.predict(X_naive) == labels
    by_style = collections.defaultdict(list)
    for k, style in enumerate(styles):
        by_style[style].append(k)
    for digit, style in sorted(by_style):
        rows = by_style[digit, style]
        print(f"  {digit} {style_names(digit)[style]:<34s}{100 * correct_ours[rows].mean():5.0f}%"
              f"{100 * correct_naive[rows].mean():7.0f}%{len(rows):7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
