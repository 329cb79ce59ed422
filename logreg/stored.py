"""Trained weights kept on disk, with the recipe that made them.

Training can take longer than a page may wait. What a training produces is a few arrays,
and a deterministic training always produces the same ones from the same recipe, so they
can be computed once and kept in a file: an ``.npz`` (NumPy's zip of arrays, read with
``allow_pickle=False``, so reading it never runs code) holding the arrays and ``key``,
the recipe written as text. ``load`` gives the arrays back only when the file is readable,
was made from exactly this recipe, and holds finite arrays of the expected shapes;
otherwise ``None``, and the caller trains.
"""

import zipfile
from pathlib import Path

import numpy as np

KEY = "recipe"  # the name of the recipe's text inside the file


def save(path, key, arrays):
    """Write ``arrays`` ({name: array}) and the recipe ``key`` (text) to ``path``."""
    if not isinstance(key, str):
        raise TypeError(f"key must be text (the recipe), got {type(key).__name__}")
    if KEY in arrays:
        raise ValueError(f"arrays must not use the name {KEY!r}: it holds the recipe")
    with open(Path(path), "wb") as file:
        np.savez(file, **{KEY: np.array(key)}, **{name: np.asarray(a) for name, a in
                                                 arrays.items()})


def load(path, key, shapes):
    """The arrays in ``path`` as {name: array}, or ``None`` if they cannot be trusted.

    ``key`` is the recipe the caller would train with; ``shapes`` ({name: shape}) the
    arrays it expects. ``None`` when the file is missing or unreadable, was made from
    another recipe, lacks one of the arrays, or holds one of another shape, not numeric,
    or not finite.
    """
    try:
        with np.load(Path(path), allow_pickle=False) as stored:
            if KEY not in stored.files or str(stored[KEY]) != key:
                return None
            arrays = {name: stored[name] for name in shapes if name in stored.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError):
        return None
    for name, shape in shapes.items():
        array = arrays.get(name)
        if (array is None or array.shape != tuple(shape)
                or not np.issubdtype(array.dtype, np.number)
                or not np.isfinite(array).all()):
            return None
    return arrays
