"""``logreg.settings.RunSettings``: a run's settings in every form they take (a link, a
widget, the class store's record, the export, the command line), one definition."""

import dataclasses
import math

import pytest

from logreg.settings import (BATCH_SIZES, DEFAULT, L2_PENALTIES, LEARNING_RATES, PARAMS,
                             RunSettings, format_number)


def from_link(**query):
    return RunSettings.from_query(query)


def test_the_defaults_are_the_tutorials_run():
    assert DEFAULT == RunSettings(0, 1, 0.05, 1000, 0.2, 0.0, None, "zeros", 0)
    assert DEFAULT.query() == {}, "the defaults need no parameter"
    assert list(DEFAULT.query(everything=True)) == list(PARAMS)


@pytest.mark.parametrize("raw, expected", [
    ("0.05", None), ("0.5", None), ("10", None), ("1", None),
    ("abc", 0.05), ("-1", 0.05), ("nan", 0.05), ("inf", 0.05), ("1e308", 10.0),
    ("0.3", 0.2), ("0.00001", 0.0001), ("<script>", 0.05), ("0", 0.05),
])
def test_learning_rate_links_are_repaired_to_the_nearest_option(raw, expected):
    settings, notes = from_link(lr=raw)
    assert settings.learning_rate == (float(raw) if expected is None else expected)
    assert bool(notes) == (expected is not None)


@pytest.mark.parametrize("raw, expected", [
    ("3", 3), ("11", 9), ("-2", 0), ("abc", 0), ("4.4", 4), ("nan", 0)])
def test_digit_links_are_repaired(raw, expected):
    settings, notes = from_link(neg=raw, pos="5" if expected != 5 else "6")
    assert settings.negative == expected and bool(notes) == (raw != "3")


@pytest.mark.parametrize("raw, expected", [
    ("300", 300), ("-4", 1), ("0", 1), ("1e12", 10_000), ("2.5", 2), ("abc", 1000)])
def test_iteration_links_are_repaired(raw, expected):
    settings, notes = from_link(iterations=raw)
    assert settings.num_iterations == expected and bool(notes) == (raw != "300")


@pytest.mark.parametrize("param, raw, expected", [
    ("l2", "0", None), ("l2", "0.01", None), ("l2", "5", 1.0), ("l2", "0.00001", 0.0),
    ("l2", "-1", 0.0),
    ("batch", "full", None), ("batch", "32", None), ("batch", "100", 128),
    ("batch", "0", "full"),
    ("test_size", "0.25", None), ("test_size", "0.23", 0.25), ("test_size", "0", 0.1),
    ("test_size", "x", 0.2),
    ("init", "random", None), ("init", "ones", "zeros"),
    ("seed", "12", None), ("seed", "99999", 10_000),
])
def test_advanced_link_values_are_repaired(param, raw, expected):
    settings, notes = RunSettings.from_query({param: raw})
    if expected is None:
        assert notes == [] and settings.text(param) == raw
    else:
        assert len(notes) == 1 and settings.value(param) == expected


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "0.05<b>", "1e308", "abc"])
def test_a_repair_note_never_contains_the_raw_value(raw):
    settings, notes = from_link(lr=raw, neg=raw, init=raw)
    assert len(notes) == 3, "each bad value is noted"
    assert all(raw not in note for note in notes), notes
    assert (f"The link's value for `lr` was not valid; using "
            f"{format_number(settings.learning_rate)} instead.") in notes


def test_a_link_naming_one_digit_twice_gets_another_positive_digit():
    settings, notes = from_link(neg="3", pos="3")
    assert (settings.negative, settings.positive) == (3, 4)
    assert notes == ["The link's value for `pos` named the same digit as `neg`; "
                     "using 4 instead."]
    settings, notes = from_link(neg="9", pos="12")
    assert (settings.negative, settings.positive) == (9, 0) and len(notes) == 2


def test_a_valid_link_is_read_as_its_widgets_would_and_written_back():
    query = {"neg": "3", "pos": "8", "lr": "0.5", "iterations": "300", "test_size": "0.25",
             "l2": "0.01", "batch": "32", "init": "random", "seed": "7"}
    settings, notes = RunSettings.from_query(query)
    assert notes == []
    assert settings == RunSettings(3, 8, 0.5, 300, 0.25, 0.01, 32, "random", 7)
    assert settings.query() == query
    assert settings.query(["neg", "batch", "l2"]) == {"neg": "3", "batch": "32", "l2": "0.01"}


def test_a_settings_link_round_trips_through_the_repairs():
    settings = RunSettings(3, 8, learning_rate=0.5, num_iterations=300, l2=0.01, batch_size=32)
    query = settings.query_string()
    assert query.startswith("neg=3&pos=8&lr=0.5&iterations=300&test_size=0.2&l2=0.01&batch=32")
    again, notes = RunSettings.from_query(dict(p.split("=") for p in query.split("&")))
    assert notes == [] and again == settings


def test_every_option_a_widget_offers_is_valid_in_a_link():
    for param, options in (("lr", LEARNING_RATES), ("l2", L2_PENALTIES),
                           ("batch", BATCH_SIZES)):
        for option in options:
            settings = DEFAULT.with_value(param, option)
            assert settings.value(param) == option
            assert RunSettings.from_query(settings.query(everything=True)) == (settings, [])


def test_the_full_batch_is_written_full_and_held_as_none():
    settings = DEFAULT.with_value("batch", "full")
    assert settings.batch_size is None and settings.value("batch") == "full"
    assert DEFAULT.with_value("batch", 64).batch_size == 64
    assert RunSettings.from_query({"batch": "full"})[0].batch_size is None


def test_a_record_round_trips_and_fills_what_it_lacks():
    settings = RunSettings(3, 8, 0.5, 300, 0.25, 0.01, 32, "random", 7)
    assert settings.record() == {
        "negative": 3, "positive": 8, "learning_rate": 0.5, "num_iterations": 300,
        "test_size": 0.25, "l2": 0.01, "batch_size": 32, "init": "random", "seed": 7}
    assert RunSettings.from_record(settings.record()) == settings
    assert RunSettings.from_record({"negative": 3, "positive": 8, "colour": "red"}) == \
        dataclasses.replace(DEFAULT, negative=3, positive=8), "an older or newer record"


@pytest.mark.parametrize("changes, error, match", [
    (dict(negative=10), ValueError, "negative must be a whole number from 0 to 9, got 10"),
    (dict(positive="1"), TypeError, "positive must be a whole number, got '1'"),
    (dict(learning_rate=0), ValueError, "learning_rate must be a finite number above 0"),
    (dict(learning_rate=math.nan), ValueError, "learning_rate must be a finite number"),
    (dict(learning_rate=True), TypeError, "learning_rate must be a number, got bool"),
    (dict(num_iterations=0), ValueError, "num_iterations must be a whole number from 1 up"),
    (dict(num_iterations=2.5), TypeError, "num_iterations must be a whole number, got 2.5"),
    (dict(test_size=1.0), ValueError, "test_size must be a finite number above 0 and below 1"),
    (dict(l2=-0.1), ValueError, "l2 must be a finite number at least 0"),
    (dict(batch_size=0), ValueError, "batch_size must be a whole number from 1 up"),
    (dict(init="ones"), ValueError, "init must be one of"),
    (dict(seed=-1), ValueError, "seed must be a whole number from 0 up"),
])
def test_bad_settings_are_named(changes, error, match):
    with pytest.raises(error, match=match):
        dataclasses.replace(DEFAULT, **changes)
    with pytest.raises(error, match=match):
        RunSettings.from_record(dict(DEFAULT.record(), **changes))


def test_numbers_are_held_as_python_numbers():
    import numpy as np

    settings = RunSettings(np.int64(3), np.int64(8), np.float32(0.5), 300.0)
    assert type(settings.negative) is int and type(settings.num_iterations) is int
    assert type(settings.learning_rate) is float and settings.learning_rate == 0.5
    assert settings.valid_pair and not RunSettings(3, 3).valid_pair


def test_what_a_run_depends_on():
    base = RunSettings(3, 8)
    assert dataclasses.replace(base, learning_rate=1.0, l2=0.1, num_iterations=5).start_key \
        == base.start_key, "the rates and the budget may change along the way"
    for change in (dict(positive=9), dict(test_size=0.3), dict(batch_size=16),
                   dict(init="random"), dict(seed=1)):
        assert dataclasses.replace(base, **change).start_key != base.start_key
    assert dataclasses.replace(base, seed=5).data_key == base.data_key
