"""How well do the neurons read digits drawn on a canvas: our preprocessing against the
naive shrink-the-canvas-to-8x8, and the ten-digit model trained on the dataset alone
against the app's, which also learned from the dataset's digits redrawn?

    python benchmarks/bench_drawings.py [--n-per-digit 150] [--seed 22]

The drawings come from ``tests/support/drawn_digits.py``: pen-stroke templates of each digit in
several styles (not scikit-learn's digits), drawn small to large, anywhere on the 280x280
canvas, slanted, rotated, wobbly, with pens 8-30 px wide. No model ever trains on them.
The default seed, 22, is one no test draws with (tests/test_drawn_accuracy.py uses 0),
so these drawings are new to everything that was tuned. Each drawing becomes 64 features
twice, with ``logreg.drawing.image_to_features`` and with ``naive_features``, and is
scored by (a) the 45 pair neurons, each trained exactly as the tutorial trains 0 vs 1
and asked only about drawings of its own two digits, and (b) two ten-digit models
(``logreg.multiclass``): the dataset-only model (the 1,437 training scans, 1000
iterations at learning rate 1.0) and the app's (``ten_digit_model()``: the scans and
their redrawings, ``logreg.augment``). Prints the pair summary, the ten-digit models'
accuracy overall, per digit and on the dataset's test split (a Markdown table), and their
accuracy on every drawing style. Run by hand; ``tests/test_drawn_accuracy.py`` keeps a
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
from logreg.multiclass import Recipe, ten_digit_model  # noqa: E402
from tests.support.drawn_digits import (  # noqa: E402
    iter_drawings,
    pair_accuracies,
    pair_neurons,
    style_names,
)

SEED = 22  # no test draws with it: drawings nothing was tuned on
TARGETS = {"pair mean": 0.97, "worst pair": 0.85, "ten digits": 0.95, "every digit": 0.85}
MODELS = {  # name: the settings of ten_digit_model
    "dataset-only": dict(num_iterations=1000, learning_rate=1.0, redrawn_copies=0),
    "redrawn": {},  # the app's: ten_digit_model()
}


def summary(X, labels, neurons):
    """(pair accuracies, their mean, the worst pair)."""
    pairs = pair_accuracies(X, labels, neurons)
    worst = min(pairs, key=pairs.get)
    return pairs, float(np.mean(list(pairs.values()))), worst


def percent(value):
    return f"{100 * value:.1f}%"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-per-digit", type=int, default=150)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    neurons = pair_neurons()
    models = {name: ten_digit_model(**settings) for name, settings in MODELS.items()}

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
    print(f"{n} drawn digits ({args.n_per_digit} of each), generator seed {args.seed}; "
          f"preprocessing {1e3 * seconds / n:.1f} ms per drawing\n")
    print(f"{'pair neurons':24s}{'pair mean':>10s}   {'worst pair':<18s}")
    for name, X in (("ours (preprocess)", X_ours), ("naive (shrink to 8x8)", X_naive)):
        pairs, mean, worst = summary(X, labels, neurons)
        print(f"{name:24s}{100 * mean:9.1f}%   "
              f"{100 * pairs[worst]:5.1f}% ({worst[0]} vs {worst[1]})")
    print(f"{'targets':24s}{'>= 97%':>10s}   {'>= 85%':<18s}")
    pairs = summary(X_ours, labels, neurons)[0]
    hardest = sorted(pairs, key=pairs.get)[:6]
    print("hardest pairs (ours): " + ", ".join(f"{a} vs {b} {100 * pairs[a, b]:.1f}%"
                                               for a, b in hardest))

    print("\nten-digit models on the drawings (ours) and on the dataset's test split:\n")
    print("| model | drawings | " + " | ".join(f"{d}" for d in range(10))
          + " | worst digit | naive | dataset test split |")
    print("|---" * 15 + "|")
    correct = {}
    for name, (model, test_accuracy) in models.items():
        correct[name] = model.predict(X_ours) == labels
        per_digit = [correct[name][labels == d].mean() for d in range(10)]
        worst = int(np.argmin(per_digit))
        naive_ten = float(np.mean(model.predict(X_naive) == labels))
        print(f"| {name} | **{percent(correct[name].mean())}** | "
              + " | ".join(percent(a) for a in per_digit)
              + f" | {percent(per_digit[worst])} ({worst}) | {percent(naive_ten)} | "
              f"{percent(test_accuracy)} |")
    print(f"| target | >= {percent(TARGETS['ten digits'])} | " + " | ".join(["" ] * 10)
          + f" | >= {percent(TARGETS['every digit'])} | | >= 95.0% |")
    print(f"\nthe app's recipe: {Recipe().key()}")

    print("\nten-digit accuracy by drawing style   " + "".join(f"{name[:12]:>14s}"
                                                           for name in models) + "      n")
    by_style = collections.defaultdict(list)
    for k, style in enumerate(styles):
        by_style[style].append(k)
    for digit, style in sorted(by_style):
        rows = by_style[digit, style]
        print(f"  {digit} {style_names(digit)[style]:<34s}"
              + "".join(f"{100 * correct[name][rows].mean():13.0f}%" for name in models)
              + f"{len(rows):7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
