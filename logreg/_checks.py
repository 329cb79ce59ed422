"""Input checks shared by the package.

Every public function validates what it is given and raises an error that names the
argument, so a student sees "X must not contain NaN or inf" instead of a NaN cost or an
obscure NumPy broadcasting error.
"""

import math
import numbers

import numpy as np


def as_float_array(value, name, ndim=2, int_max=None):
    """Return ``value`` as a finite float64 array with ``ndim`` dimensions.

    ``ndim`` is one number or a tuple of the allowed ones. With ``int_max`` (255 for 8-bit
    images), whole numbers must lie in 0 to ``int_max`` and are divided by it, so that
    they come back on the same 0-1 scale as floats.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array, got a string")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a rectangular numeric array ({error})") from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(f"{name} must be a numeric array, got dtype {array.dtype}")
    if np.iscomplexobj(array):
        raise TypeError(f"{name} must be real-valued, got complex numbers")
    allowed = (ndim,) if isinstance(ndim, numbers.Integral) else tuple(ndim)
    if array.ndim not in allowed:
        dims = " or ".join(f"{n}-D" for n in allowed)
        raise ValueError(f"{name} must be a {dims} array, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if int_max is not None and np.issubdtype(array.dtype, np.integer):
        low, high = array.min(), array.max()
        if low < 0 or high > int_max:
            raise ValueError(f"{name} holds whole numbers from {low} to {high}; "
                             f"they must be 0-{int_max}")
        return array.astype(np.float64) / int_max  # whole numbers are always finite
    array = array.astype(np.float64, copy=False)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must not contain NaN or inf")
    return array


def check_X(X, name="X"):
    """X: (n_features, m), finite numbers."""
    return as_float_array(X, name)


def check_Y(Y, m, name="Y"):
    """Y: (1, m) of 0/1 labels, matching X's m columns."""
    Y = as_float_array(Y, name)
    if Y.shape != (1, m):
        raise ValueError(
            f"{name} must have shape (1, {m}) to match the {m} columns of X, got {Y.shape}"
        )
    if not np.isin(Y, (0.0, 1.0)).all():
        raise ValueError(f"{name} must contain only the labels 0 and 1")
    return Y


def check_w(w, n_features):
    """w: (n_features, 1), finite."""
    w = as_float_array(w, "w")
    if w.shape != (n_features, 1):
        raise ValueError(
            f"w must have shape ({n_features}, 1) to match X's {n_features} rows, got {w.shape}"
        )
    return w


def check_b(b):
    """b: a finite real number (a Python or NumPy scalar, or a size-1 array)."""
    if isinstance(b, (bool, np.bool_)) or isinstance(b, (str, bytes)):
        raise TypeError(f"b must be a number, got {type(b).__name__}")
    if isinstance(b, numbers.Real):
        value = float(b)
    else:
        array = np.asarray(b)
        if array.dtype == object or not np.issubdtype(array.dtype, np.number):
            raise TypeError(f"b must be a number, got {type(b).__name__}")
        if np.iscomplexobj(array):
            raise TypeError("b must be a real number, got a complex number")
        if array.size != 1:
            raise ValueError(f"b must be a single number, got shape {array.shape}")
        value = float(array.reshape(()))
    if not math.isfinite(value):
        raise ValueError(f"b must be a finite number, got {value}")
    return value


def check_positive_float(value, name):
    """A finite number > 0 (learning rates)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number greater than 0, got {value}")
    return value


def check_nonnegative_float(value, name):
    """A finite number >= 0 (the L2 penalty)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number of at least 0, got {value}")
    return value


def check_int(value, name, minimum=0):
    """A whole number >= ``minimum`` (iteration counts, sizes, digits)."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, numbers.Integral):
        value = int(value)
    elif isinstance(value, numbers.Real) and float(value).is_integer():
        value = int(value)
    elif isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a whole number, got {value}")
    else:
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def check_random_state(random_state):
    """None or a non-negative whole number, passed on to NumPy's generator."""
    if random_state is None:
        return None
    return check_int(random_state, "random_state", minimum=0)
