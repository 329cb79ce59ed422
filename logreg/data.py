"""scikit-learn's 8x8 handwritten digits, prepared exactly as the tutorial prepares them.

``load_digit_pair(0, 1)`` keeps the 0s and 1s in the dataset's order, flattens each 8x8
image into a 64-vector, divides by 16 (pixels are counts 0-16), splits with
``train_test_split`` on the (m, 64) layout and transposes back to (64, m).
"""

import functools
import numbers
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from logreg._checks import as_float_array, check_int, check_random_state

N_PIXELS = 64  # 8 x 8
MAX_INK = 16.0  # each pixel counts the inked bitmap pixels in a 4x4 block


@functools.lru_cache(maxsize=1)
def digits_dataset():
    """All 1,797 images (1797, 8, 8) and their digits (1797,), read once, read-only."""
    bunch = load_digits()
    images = bunch.images.astype(np.float64)
    target = bunch.target.astype(np.int64)
    images.setflags(write=False)
    target.setflags(write=False)
    return images, target


@dataclass(frozen=True)
class DigitPair:
    """Two digits, split for training. Label 1 means ``positive``.

    X_train (64, m_train), Y_train (1, m_train), X_test (64, m_test), Y_test (1, m_test)
    are the tutorial's arrays. ``images_*`` (m, 8, 8) hold the raw 0-16 images and
    ``digits_*`` (m,) the original digit of each column, for display.
    """

    negative: int
    positive: int
    test_size: float
    random_state: int | None
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    images_train: np.ndarray
    images_test: np.ndarray
    digits_train: np.ndarray
    digits_test: np.ndarray

    @property
    def m_train(self):
        return self.X_train.shape[1]

    @property
    def m_test(self):
        return self.X_test.shape[1]

    def label_name(self, label):
        """The digit that label 0 or 1 stands for."""
        return self.positive if label else self.negative


def check_digit(value, name):
    digit = check_int(value, name, minimum=0)
    if digit > 9:
        raise ValueError(f"{name} must be a digit from 0 to 9, got {digit}")
    return digit


def check_test_size(test_size):
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(f"test_size must be a number between 0 and 1, got {test_size!r}")
    test_size = float(test_size)
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be strictly between 0 and 1, got {test_size}")
    return test_size


def load_digit_pair(negative=0, positive=1, test_size=0.2, random_state=42):
    """The tutorial's data for ``negative`` (label 0) versus ``positive`` (label 1)."""
    negative = check_digit(negative, "negative")
    positive = check_digit(positive, "positive")
    if negative == positive:
        raise ValueError(
            f"negative and positive must be two different digits, got {negative} twice"
        )
    test_size = check_test_size(test_size)
    random_state = check_random_state(random_state)

    images, target = digits_dataset()
    mask = (target == negative) | (target == positive)  # keeps the dataset's order
    images_raw = images[mask]  # (m, 8, 8)
    digits_raw = target[mask]  # (m,)
    m = images_raw.shape[0]
    X = images_raw.reshape(m, N_PIXELS).T / MAX_INK  # (64, m), values 0-1
    Y = (digits_raw == positive).astype(np.float64).reshape(1, m)  # (1, m)

    # Split on the (m, 64) layout exactly as the tutorial does; passing the images and
    # digits along shuffles them with the same permutation.
    X_tr, X_te, Y_tr, Y_te, img_tr, img_te, dig_tr, dig_te = train_test_split(
        X.T, Y.T, images_raw, digits_raw, test_size=test_size, random_state=random_state
    )
    return DigitPair(
        negative, positive, test_size, random_state,
        X_train=np.ascontiguousarray(X_tr.T),  # (64, m_train)
        Y_train=np.ascontiguousarray(Y_tr.T),  # (1, m_train)
        X_test=np.ascontiguousarray(X_te.T),  # (64, m_test)
        Y_test=np.ascontiguousarray(Y_te.T),  # (1, m_test)
        images_train=img_tr, images_test=img_te,
        digits_train=dig_tr, digits_test=dig_te,
    )


def class_counts(negative, positive):
    """How many images of each of the two digits the dataset has."""
    _, target = digits_dataset()
    return {
        check_digit(negative, "negative"): int(np.sum(target == negative)),
        check_digit(positive, "positive"): int(np.sum(target == positive)),
    }


def mean_images(pair):
    """The mean 8x8 training image (0-16) of the negative and of the positive digit."""
    neg = pair.images_train[pair.Y_train[0] == 0].mean(axis=0)
    pos = pair.images_train[pair.Y_train[0] == 1].mean(axis=0)
    return neg, pos


@dataclass(frozen=True)
class AllDigits:
    """All ten digits, split for training: the data of the ten-digit model.

    X_train (64, m_train) and X_test (64, m_test) as in the tutorial (pixels / 16, one
    column per image); y_train (m_train,) and y_test (m_test,) the digits 0-9;
    images_train (m_train, 8, 8) and images_test (m_test, 8, 8) the raw 0-16 images.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    images_train: np.ndarray
    images_test: np.ndarray


def load_all_digits(test_size=0.2, random_state=42):
    """All 1,797 images, prepared and split the tutorial's way (no stratification)."""
    test_size = check_test_size(test_size)
    random_state = check_random_state(random_state)
    images, target = digits_dataset()
    m = images.shape[0]
    X = images.reshape(m, N_PIXELS) / MAX_INK  # (m, 64), values 0-1
    X_tr, X_te, y_tr, y_te, img_tr, img_te = train_test_split(
        X, target, images, test_size=test_size, random_state=random_state
    )
    return AllDigits(
        X_train=np.ascontiguousarray(X_tr.T),  # (64, m_train)
        y_train=y_tr,  # (m_train,)
        X_test=np.ascontiguousarray(X_te.T),  # (64, m_test)
        y_test=y_te,  # (m_test,)
        images_train=img_tr, images_test=img_te,
    )


def closest_image(features, digit):
    """The dataset's image of ``digit`` closest to ``features`` (64, 1) on the 0-1 scale:
    "a training image that looks like yours". Returns an (8, 8) array of counts 0-16."""
    digit = check_digit(digit, "digit")
    x = as_float_array(features, "features", ndim=np.ndim(features))
    if x.size != N_PIXELS:
        raise ValueError(f"features must hold {N_PIXELS} values, got {x.size}")
    x = x.reshape(1, N_PIXELS) * MAX_INK
    images, target = digits_dataset()
    candidates = images[target == digit].reshape(-1, N_PIXELS)  # (k, 64) counts
    nearest = np.argmin(((candidates - x) ** 2).sum(axis=1))
    return candidates[nearest].reshape(8, 8)
