"""The digits pipeline: the tutorial's preprocessing and split, for any pair."""

import numpy as np
import pytest

from logreg.data import class_counts, digits_dataset, load_digit_pair, mean_images
from tests.support import tutorial_reference as ref


def test_the_tutorials_split_shapes():
    pair = load_digit_pair(0, 1)
    assert pair.X_train.shape == (64, 288)
    assert pair.Y_train.shape == (1, 288)
    assert pair.X_test.shape == (64, 72)
    assert pair.Y_test.shape == (1, 72)
    assert pair.images_train.shape == (288, 8, 8) and pair.digits_test.shape == (72,)


@pytest.mark.parametrize("negative, positive, test_size, seed",
                         [(0, 1, 0.2, 42), (3, 8, 0.3, 0), (9, 4, 0.1, 7), (5, 6, 0.5, None)])
def test_arrays_equal_the_tutorials_preprocessing(negative, positive, test_size, seed):
    pair = load_digit_pair(negative, positive, test_size=test_size, random_state=seed)
    if seed is None:  # an unseeded split is random: only check its consistency
        assert pair.X_train.shape[1] + pair.X_test.shape[1] == sum(
            class_counts(negative, positive).values())
    else:
        expected = ref.tutorial_data(negative, positive, test_size, seed)
        for got, want in zip((pair.X_train, pair.Y_train, pair.X_test, pair.Y_test), expected):
            np.testing.assert_array_equal(got, want)
    assert pair.X_train.min() >= 0 and pair.X_train.max() <= 1


def test_images_and_digits_travel_with_their_columns():
    pair = load_digit_pair(9, 4)
    for X, Y, images, digits in ((pair.X_train, pair.Y_train, pair.images_train, pair.digits_train),
                                 (pair.X_test, pair.Y_test, pair.images_test, pair.digits_test)):
        np.testing.assert_array_equal(images.reshape(-1, 64).T / 16.0, X)
        np.testing.assert_array_equal(digits, np.where(Y[0] == 1, 4, 9))
    assert pair.label_name(1) == 4 and pair.label_name(0) == 9


def test_class_counts_and_mean_images():
    counts = class_counts(0, 1)
    images, target = digits_dataset()
    assert counts == {0: int((target == 0).sum()), 1: int((target == 1).sum())}
    assert sum(counts.values()) == 360
    pair = load_digit_pair(0, 1)
    neg, pos = mean_images(pair)
    assert neg.shape == pos.shape == (8, 8)
    np.testing.assert_allclose(pos, pair.images_train[pair.digits_train == 1].mean(axis=0))
    assert not images.flags.writeable, "the cached dataset must not be changed by a caller"
