"""Do the neurons read digits drawn on the canvas? A small, fixed version of
benchmarks/bench_drawings.py, so a change that breaks the drawing page shows up here.

500 drawn digits (50 of each; tests/support/drawn_digits.py, seed 0: small to large, anywhere on
the canvas, slanted, pens 8-30 px), read by the 45 pair neurons trained as the tutorial
trains 0 vs 1, by the app's ten-digit model (the scans and their redrawings,
``ten_digit_model()``) and by the ten-digit model trained on the scans alone. Measured on
this set: pair mean 99.1%, worst pair 85.0% (8 vs 9); the app's ten-digit model 96.8%,
every digit at least 90% (9); the scans-only model 93.4%; the naive shrink-to-8x8 gets
64%, 46% and 25%. The thresholds sit a little under those, the ten-digit model's at the
project's targets (95% overall, 85% for every digit). The benchmark draws with another
seed, so that its drawings are new to everything tuned here.
"""

import numpy as np
import pytest

from logreg.drawing import image_to_features, naive_features
from logreg.multiclass import ten_digit_model
from tests.support.drawn_digits import iter_drawings, pair_accuracies, pair_neurons

N_PER_DIGIT = 50


@pytest.fixture(scope="module")
def scores():
    """Pair accuracies and ten-digit accuracy, ours and naive, on the drawn set."""
    ours, naive, labels = [], [], []
    for image, digit, _ in iter_drawings(N_PER_DIGIT, random_state=0):  # 0.3 MB each: stream
        ours.append(image_to_features(image))
        naive.append(naive_features(image))
        labels.append(digit)
    labels = np.array(labels)
    neurons = pair_neurons()
    model, _ = ten_digit_model()
    result = {"labels": labels}
    for name, columns in (("ours", ours), ("naive", naive)):
        X = np.hstack(columns)  # (64, 500)
        result[name] = (pair_accuracies(X, labels, neurons), model.predict(X) == labels)
    scans_only, _ = ten_digit_model(num_iterations=1000, learning_rate=1.0, redrawn_copies=0)
    result["scans only"] = scans_only.predict(np.hstack(ours)) == labels
    return result


def test_every_pair_neuron_reads_drawn_digits_of_its_pair(scores):
    pairs, _ = scores["ours"]
    assert len(pairs) == 45
    mean = np.mean(list(pairs.values()))
    worst = min(pairs, key=pairs.get)
    assert mean >= 0.98, f"pair neurons read only {mean:.1%} of drawn digits on average"
    assert pairs[worst] >= 0.82, (f"the {worst[0]}-vs-{worst[1]} neuron reads only "
                                  f"{pairs[worst]:.1%}")


def test_the_ten_digit_model_reads_drawn_digits_and_every_digit_of_them(scores):
    _, right = scores["ours"]
    labels = scores["labels"]
    assert right.mean() >= 0.95, f"the ten-digit model reads only {right.mean():.1%}"
    per_digit = {digit: right[labels == digit].mean() for digit in range(10)}
    worst = min(per_digit, key=per_digit.get)
    assert per_digit[worst] >= 0.85, f"it reads only {per_digit[worst]:.0%} of the drawn {worst}s"


def test_the_redrawn_scans_are_what_make_it_read_drawings(scores):
    """Trained on the scans alone (1000 iterations at 1.0), the same kind of model reads
    clearly fewer drawings."""
    assert scores["scans only"].mean() <= scores["ours"][1].mean() - 0.02


def test_preprocessing_is_what_makes_drawings_readable(scores):
    """The naive shrink-to-8x8 is far worse: that is why the page preprocesses."""
    ours_pairs, ours_ten = scores["ours"]
    naive_pairs, naive_ten = scores["naive"]
    assert np.mean(list(naive_pairs.values())) < np.mean(list(ours_pairs.values())) - 0.2
    assert naive_ten.mean() < 0.5 < ours_ten.mean()
