"""``playground.show_code``: the Concepts page shows the code that really runs."""

import textwrap

import pytest

from logreg.descent import GradientDescent
from logreg.model import propagate, sigmoid
from logreg.neuron import _as_z
from playground.show_code import code_line, source_of


def test_the_source_shown_is_the_function_that_runs():
    source = source_of(sigmoid)
    assert source.startswith("def sigmoid(z):")
    namespace = {}
    exec(compile("import numpy as np\nfrom logreg.neuron import _as_z\n" + source,
                 "<shown>", "exec"), namespace)
    assert namespace["sigmoid"](0.0) == 0.5, "the code shown computes what sigmoid does"


def test_a_method_is_shown_unindented():
    source = source_of(GradientDescent.run)
    assert source.startswith("def run(self, num_iterations")
    assert source == textwrap.dedent(source)


def test_a_line_of_propagate_is_found_by_its_start():
    assert code_line(propagate, "dZ =") == "dZ = A - Y  # (1, m)"
    assert code_line(propagate, "no such line") is None


def test_private_functions_are_not_shown():
    with pytest.raises(ValueError, match="function must be public"):
        source_of(_as_z)


def test_an_edited_file_is_said_not_shown(tmp_path, monkeypatch):
    import inspect

    monkeypatch.setattr(inspect, "getsource", lambda f: "    x = 1\n")
    assert "changed since the server started" in source_of(sigmoid)
