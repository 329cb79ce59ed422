"""logreg.stored: weights on disk come back only when they are exactly what was asked for."""

import numpy as np
import pytest

from logreg import stored

SHAPES = {"W": (3, 2), "b": (2,)}
ARRAYS = {"W": np.arange(6.0).reshape(3, 2) / 7, "b": np.array([0.5, -1.25])}


@pytest.fixture
def path(tmp_path):
    where = tmp_path / "weights.npz"
    stored.save(where, '{"iterations": 10}', ARRAYS)
    return where


def test_what_was_saved_comes_back_bit_for_bit(path):
    back = stored.load(path, '{"iterations": 10}', SHAPES)
    assert set(back) == {"W", "b"}
    for name in ARRAYS:
        np.testing.assert_array_equal(back[name], ARRAYS[name])
        assert back[name].dtype == np.float64


def test_another_recipe_gets_nothing(path):
    assert stored.load(path, '{"iterations": 11}', SHAPES) is None


@pytest.mark.parametrize("shapes", [{"W": (2, 3), "b": (2,)}, {"W": (3, 2), "c": (2,)}])
def test_arrays_of_other_shapes_or_names_are_not_trusted(path, shapes):
    assert stored.load(path, '{"iterations": 10}', shapes) is None


def test_a_missing_or_damaged_file_gets_nothing(path, tmp_path):
    assert stored.load(tmp_path / "nowhere.npz", '{"iterations": 10}', SHAPES) is None
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(path.read_bytes()[:100])
    assert stored.load(damaged, '{"iterations": 10}', SHAPES) is None
    not_npz = tmp_path / "text.npz"
    not_npz.write_text("W = 1")
    assert stored.load(not_npz, '{"iterations": 10}', SHAPES) is None


@pytest.mark.parametrize("W", [np.full((3, 2), np.nan), np.full((3, 2), "x"),
                               np.array([[{}, {}]] * 3, dtype=object)])
def test_values_that_are_not_finite_numbers_are_not_trusted(tmp_path, W):
    where = tmp_path / "bad.npz"
    with open(where, "wb") as file:  # written by hand: save() would refuse none of these
        np.savez(file, recipe=np.array("r"), W=W, b=np.zeros(2))
    assert stored.load(where, "r", SHAPES) is None  # a pickled object is never unpickled


def test_saving_names_what_is_wrong(tmp_path):
    with pytest.raises(TypeError, match="key must be text"):
        stored.save(tmp_path / "x.npz", {"iterations": 10}, ARRAYS)
    with pytest.raises(ValueError, match="must not use the name 'recipe'"):
        stored.save(tmp_path / "x.npz", "r", {"recipe": np.zeros(2)})
