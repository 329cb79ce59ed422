"""logreg.augment: the dataset's digits redrawn as hands draw, still the same digits and
still in the dataset's form."""

import numpy as np
import pytest
from scipy import ndimage

from logreg.augment import Hand, ink_bitmaps, redraw, redrawn, with_redrawn
from logreg.data import digits_dataset, load_all_digits
from logreg.drawing import TYPICAL_INK, mask_to_counts, preprocess
from logreg.multiclass import train_one_vs_rest

STILL = Hand(rotation=0, slant=0, wobble=0, pen=(0, 0))


@pytest.fixture(scope="module")
def data():
    return load_all_digits()


@pytest.fixture(scope="module")
def test_redrawn(data):
    """Two redrawings of each of the dataset's 360 test images, (64, 720)."""
    return redrawn(data.X_test, 2, random_state=3)


def test_a_bitmap_is_rebuilt_with_exactly_the_ink_each_pixel_counted(data):
    images = data.images_train[:50]  # (50, 8, 8) counts 0-16
    bitmaps = ink_bitmaps(images)  # (50, 32, 32)
    assert bitmaps.dtype == bool and bitmaps.shape == (50, 32, 32)
    np.testing.assert_array_equal(bitmaps.reshape(50, 8, 4, 8, 4).sum(axis=(2, 4)), images)
    # the ink of a partly inked block lies toward its inked neighbours: strokes run on
    pieces = [ndimage.label(b, structure=np.ones((3, 3)))[1] for b in bitmaps]
    assert np.median(pieces) <= 2, pieces


def test_the_same_seed_redraws_the_same_images_and_another_seed_others(data):
    X = data.X_train[:, :30]
    first = redrawn(X, 2, random_state=7)
    assert first.shape == (64, 60)
    np.testing.assert_array_equal(first, redrawn(X, 2, random_state=7))
    assert not np.array_equal(first, redrawn(X, 2, random_state=8))
    # copy after copy: the first copy alone is the first 30 columns
    np.testing.assert_array_equal(redrawn(X, 1, random_state=7), first[:, :30])
    assert not np.array_equal(first[:, :30], first[:, 30:]), "each copy is drawn anew"


def test_redrawn_digits_are_in_the_dataset_s_form(test_redrawn):
    counts = test_redrawn.T.reshape(-1, 8, 8) * 16  # (720, 8, 8)
    np.testing.assert_array_equal(counts, np.round(counts))
    assert counts.min() >= 0 and counts.max() <= 16
    all_rows = np.mean((counts.sum(axis=2) > 0).all(axis=1))  # a thin cut may break one
    assert all_rows >= 0.98, f"{all_rows:.1%} ink all 8 rows; every image of the dataset does"
    ink = counts.sum(axis=(1, 2))
    inside = np.mean((ink >= TYPICAL_INK[0]) & (ink <= TYPICAL_INK[1]))
    assert inside >= 0.9, f"only {inside:.0%} have the dataset's typical ink"
    images, _ = digits_dataset()
    always_blank = images.reshape(-1, 64).max(axis=0) == 0  # pixels 0, 32, 39
    assert not counts.reshape(-1, 64)[:, always_blank].any()


def test_redrawn_digits_differ_from_their_scans_yet_are_still_read_as_the_same_digit(
        data, test_redrawn):
    model = train_one_vs_rest(data.X_train, data.y_train)  # the scans only
    y = np.tile(data.y_test, 2)
    changed = np.abs(test_redrawn - np.tile(data.X_test, 2)).sum(axis=0) * 16  # (720,)
    assert np.median(changed) > 40, "a redrawing moves ink, it is not a copy"
    read = model.accuracy(test_redrawn, y)
    assert 0.8 <= read < model.accuracy(data.X_test, data.y_test), read


def test_a_still_hand_redraws_a_digit_as_the_app_reads_a_picture_of_it(data):
    """With no change at all, a redrawing is the rebuilt bitmap brought to the dataset's
    form by the drawing's own steps; and that is nearly what ``preprocess`` makes of the
    bitmap as a picture (it works at another resolution, so nearly, not exactly)."""
    differences = []
    for image in data.images_test[:30]:  # (8, 8) counts
        bitmap = ink_bitmaps(image[None])[0]  # (32, 32)
        again = redraw(image, np.random.default_rng(0), STILL)
        np.testing.assert_array_equal(again, mask_to_counts(bitmap))
        seen = preprocess(np.pad(bitmap.astype(float), 8)).counts
        differences.append(np.abs(again - seen).sum() / seen.sum())
    assert np.mean(differences) < 0.15 and max(differences) < 0.3, differences


def test_with_redrawn_keeps_the_images_first_and_labels_every_copy(data):
    X, y = data.X_train[:, :5], data.y_train[:5]
    X_more, y_more = with_redrawn(X, y, 3, random_state=1)
    assert X_more.shape == (64, 20) and y_more.tolist() == y.tolist() * 4
    np.testing.assert_array_equal(X_more[:, :5], X)
    np.testing.assert_array_equal(X_more[:, 5:], redrawn(X, 3, random_state=1))
    X_none, y_none = with_redrawn(X, y, 0)
    blank = with_redrawn(np.zeros((64, 2)), [3, 4], 2)[0]
    np.testing.assert_array_equal(blank, np.zeros((64, 6)))  # nothing to redraw
    np.testing.assert_array_equal(X_none, X)
    assert y_none.tolist() == y.tolist()


@pytest.mark.parametrize("call, error, message", [
    (lambda: redrawn(np.zeros((63, 2)), 1), ValueError, "X must have 64 rows"),
    (lambda: redrawn(np.full((64, 2), 2.0), 1), ValueError, "X must hold values 0-1"),
    (lambda: redrawn(np.zeros((64, 2)), -1), ValueError, "copies must be at least 0"),
    (lambda: redrawn(np.zeros((64, 2)), 1, random_state=None), TypeError, "random_state"),
    (lambda: with_redrawn(np.zeros((64, 2)), [1], 1), ValueError, "y must have 2 entries"),
    (lambda: Hand(rotation=-1), ValueError, "rotation"),
    (lambda: Hand(wobble=float("nan")), ValueError, "wobble"),
    (lambda: Hand(pen=(1.0, -1.0)), ValueError, "pen must be two numbers"),
    (lambda: Hand(pen=(0.0, 9.0)), ValueError, "pen must be two numbers"),
    (lambda: Hand(pen=0.5), ValueError, "pen must be two numbers"),
    (lambda: redraw(np.zeros((8, 8)), np.random.default_rng(0)), ValueError,
     "image must hold some ink"),
    (lambda: mask_to_counts(np.zeros((5, 5), bool)), ValueError, "mask must hold some ink"),
    (lambda: mask_to_counts(np.ones((5, 5))), TypeError, "mask must be a 2-D boolean"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
