"""The class store against real databases: every test runs on a SQLite file and on a
PostgreSQL server started for the session (``tests/support/postgres.py``).

What a class would notice: a code that does not work, a teacher link that stops
working, a share that vanishes or shows twice, a name mangled on the board, a flood
that gets through, a board that breaks when students press Share at the same moment or
when the server is killed.
"""

import dataclasses
import hashlib
import json
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from classroom import (BadName, BadShare, Challenge, ChallengeOn, ChallengeOver, ClassClosed,
                       ClassError, ClassNotFound, ClassStore, Member, NotAllowed, NotJoined,
                       StoreUnavailable, TooManyShares, open_store)
from classroom.codes import ALPHABET, LENGTH, format_code, new_code, normalise_code
from classroom.database import make_engine
from classroom.migrations import MIGRATIONS, current_version, upgrade
from classroom.schema import classes, drawings, members, runs, schema_version, shares
from logreg.settings import RunSettings
from tests.support.postgres import create_database, empty_database, execute

ROOT = Path(__file__).resolve().parent.parent
DAY = 86400.0
NOT_FOUND = "No class has this code. Check it with your teacher."


class FakeClock:
    """Seconds since the epoch that move only when a test says so."""

    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture(autouse=True)
def _default_settings(monkeypatch):
    """The store's defaults, whatever the environment running the tests sets."""
    for name in ("PLAYGROUND_DATABASE_URL", "PLAYGROUND_DATA_DIR", "PLAYGROUND_CLASS_DAYS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database: a new SQLite file, or the PostgreSQL server's emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'playground.sqlite3'}"
    return empty_database(request.getfixturevalue("postgres_server_url"))


@pytest.fixture(scope="session")
def postgres_stores_url(postgres_server_url):
    """A PostgreSQL database only ever at this code's schema, for the store's tests:
    emptying its tables is much cheaper than building them for every test."""
    return create_database(postgres_server_url, "stores")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A database for a store with no classes in it."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'playground.sqlite3'}"
    url = request.getfixturevalue("postgres_stores_url")
    execute(url, "DO $$ BEGIN IF to_regclass('classes') IS NOT NULL THEN "
                 "TRUNCATE classes, members, shares, suggestions, challenges, runs, drawings "
                 "RESTART IDENTITY; "
                 "END IF; END $$")
    return url


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(store_url, clock):
    with open_store(store_url, clock=clock) as store:
        yield store


SETTINGS = RunSettings(3, 8, learning_rate=0.5, num_iterations=300, l2=0.001, seed=7)


def a_run(settings=SETTINGS, **changes):
    """A valid run as a page would share it (3 vs 8, 300 iterations); ``settings`` may
    be a ``RunSettings`` or a record dict."""
    run = dict(settings=settings, iteration=300,
               train_accuracy=0.99, test_accuracy=0.975, train_cost=0.051, test_cost=0.073,
               curve_iterations=list(range(0, 301, 10)),
               curve_costs=[0.6931 / (1 + k) for k in range(31)],
               weights=np.linspace(-1.5, 1.5, 64).reshape(64, 1), bias=-0.125)
    run.update(changes)
    return run


def settings_record(**changes):
    """SETTINGS's record with some fields changed (any values, even wrong ones)."""
    return dict(SETTINGS.record(), **changes)


def a_drawing(value=0.5):
    return np.full((64, 1), value)


def key():
    return uuid.uuid4().hex


def count(store, table, **where):
    with store.engine.connect() as connection:
        query = sa.select(sa.func.count()).select_from(table)
        for column, value in where.items():
            query = query.where(table.c[column] == value)
        return connection.scalar(query)


# --- class codes and teacher tokens ------------------------------------------------------

def test_codes_are_short_readable_and_unguessable():
    assert LENGTH * math.log2(len(ALPHABET)) >= 40  # bits of entropy
    assert not set("0O1ILU") & set(ALPHABET)  # no look-alikes on a projector
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(f"[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}",
                            format_code(c)) for c in codes)


@pytest.mark.parametrize("typed", ["{}", "{lower}", "  {lower}  ", "{bare}", "{spaced}",
                                   "{en_dash}", "{fullwidth}"])
def test_a_code_is_accepted_however_it_is_typed(typed):
    code = "K7Q-XM4-RP2"
    forms = dict(lower=code.lower(), bare=code.replace("-", ""),
                 spaced=code.replace("-", " "), en_dash=code.replace("-", "\u2013"),
                 fullwidth="".join(chr(ord(c) + 0xFEE0) for c in code.replace("-", "")))
    assert normalise_code(typed.format(code, **forms)) == "K7QXM4RP2"


def test_a_new_class_has_a_grouped_code_and_a_token_stored_only_as_its_hash(store):
    code, token = store.create_class()
    assert re.fullmatch(r"\w{3}-\w{3}-\w{3}", code) and len(token) >= 32
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(classes)).one()
    assert row.teacher_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(value) for value in row]
    info = store.class_info(code)
    assert info.code == code and not info.closed
    assert (info.expires_at - info.created_at).days == 30


@pytest.mark.parametrize("code", ["", "   ", "ABC", "K7Q-XM4-RP", "K7Q-XM4-RP22", "0O1-IL0-O1I",
                                  "<script>", "x" * 10_000, "K7Q-XM4-RP2\x00", None, 42])
def test_a_wrong_code_is_not_found_with_a_sentence_that_does_not_echo_it(store, code):
    store.create_class()
    for call in (lambda: store.board(code), lambda: store.join(code, "Ann"),
                 lambda: store.board_version(code), lambda: store.class_info(code)):
        with pytest.raises(ClassNotFound) as error:
            call()
        assert str(error.value) == NOT_FOUND


def test_an_unused_code_of_the_right_form_is_not_found(store):
    code, _ = store.create_class()
    other = next(c for c in iter(new_code, None) if c != normalise_code(code))
    with pytest.raises(ClassNotFound):
        store.join(other, "Ann")


def test_the_api_offers_no_way_to_list_classes():
    public = {name for name in dir(ClassStore) if not name.startswith("_")}
    assert public == {
        "create_class", "class_info", "check_teacher", "close_class", "delete_class",
        "purge_expired", "join", "member", "share_run", "share_drawing", "board",
        "board_version", "remove_run", "remove_drawing", "close", "suggest", "seen", "news",
        "start_challenge", "end_challenge", "standings"}


# --- the teacher ---------------------------------------------------------------------------

def test_only_the_teachers_token_passes(store):
    code, token = store.create_class()
    other_code, other_token = store.create_class()
    assert store.check_teacher(code, token)
    assert store.check_teacher(code.lower(), token)
    for wrong in (None, "", other_token, token[:-1], token + "x", token.upper(), 123, "\ud800"):
        assert not store.check_teacher(code, wrong)
    with pytest.raises(ClassNotFound):
        store.check_teacher("K7Q-XM4-RP2", token)


def test_teacher_actions_need_the_token_and_change_nothing_without_it(store):
    code, token = store.create_class()
    amira = store.join(code, "Amira")
    run_id = store.share_run(code, amira, a_run(), key())
    drawing_id = store.share_drawing(code, amira, a_drawing(), 3, 3, key())
    for wrong in (None, "", "not the token", store.create_class().teacher_token):
        for action in (lambda: store.remove_run(code, wrong, run_id),
                       lambda: store.remove_drawing(code, wrong, drawing_id),
                       lambda: store.close_class(code, wrong),
                       lambda: store.delete_class(code, wrong)):
            with pytest.raises(NotAllowed, match="Only the teacher of this class can do that."):
                action()
    board = store.board(code)
    assert not board.info.closed and len(board.runs) == len(board.drawings) == 1


def test_the_teacher_link_still_works_after_a_restart(database_url):
    with open_store(database_url) as first:
        code, token = first.create_class()
        run_id = first.share_run(code, first.join(code, "Amira"), a_run(), key())
    with open_store(database_url) as restarted:
        assert restarted.check_teacher(code, token)
        assert restarted.remove_run(code, token, run_id)


def test_the_teacher_removes_runs_and_drawings(store):
    code, token = store.create_class()
    other_code, other_token = store.create_class()
    amira = store.join(code, "Amira")
    run_id = store.share_run(code, amira, a_run(), key())
    drawing_id = store.share_drawing(code, amira, a_drawing(), 3, 8, key())
    other_run = store.share_run(other_code, store.join(other_code, "Ben"), a_run(), key())
    assert not store.remove_run(code, token, drawing_id)  # a drawing is not a run
    assert not store.remove_drawing(code, token, run_id)
    assert not store.remove_run(code, token, other_run)  # another class's run
    assert store.remove_run(code, token, run_id)
    assert not store.remove_run(code, token, run_id)  # a second click: already gone
    assert store.remove_drawing(code, token, drawing_id)
    board = store.board(code)
    assert board.runs == () and board.drawings == ()
    assert count(store, runs) == 1 and count(store, drawings) == 0  # details went too
    assert len(store.board(other_code).runs) == 1
    with pytest.raises(TypeError, match="run id must be an int"):
        store.remove_run(code, token, "1")


def test_a_closed_class_shows_its_board_but_takes_nothing_new(store):
    code, token = store.create_class()
    amira = store.join(code, "Amira")
    store.share_run(code, amira, a_run(), key())
    store.close_class(code, token)
    store.close_class(code, token)  # twice is fine
    board = store.board(code)
    assert board.info.closed and len(board.runs) == 1
    closed = ("This class is closed: its board can still be seen, but no one can join or "
              "share any more.")
    for action in (lambda: store.join(code, "Ben"),
                   lambda: store.share_run(code, amira, a_run(), key()),
                   lambda: store.share_drawing(code, amira, a_drawing(), 1, 1, key())):
        with pytest.raises(ClassClosed) as error:
            action()
        assert str(error.value) == closed
    assert store.remove_run(code, token, board.runs[0].id)  # the teacher may still tidy up
    assert count(store, members) == 1 and count(store, shares) == 0


def test_a_deleted_class_is_gone_with_all_its_data(store):
    code, token = store.create_class()
    kept, _ = store.create_class()
    for c in (code, kept):
        student = store.join(c, "Amira")
        store.share_run(c, student, a_run(), key())
        store.share_drawing(c, student, a_drawing(), 2, 2, key())
    store.delete_class(code, token)
    for action in (lambda: store.board(code), lambda: store.join(code, "Ann"),
                   lambda: store.check_teacher(code, token),
                   lambda: store.delete_class(code, token)):
        with pytest.raises(ClassNotFound):
            action()
    assert [count(store, t) for t in (classes, members, shares, runs, drawings)] == [1, 1, 2, 1, 1]
    assert len(store.board(kept).runs) == 1


# --- expiry ----------------------------------------------------------------------------------

def test_a_class_expires_after_30_days_and_is_purged(store, clock):
    code, token = store.create_class()
    student = store.join(code, "Amira")
    store.share_run(code, student, a_run(), key())
    clock.advance(30 * DAY - 60)
    assert len(store.board(code).runs) == 1
    clock.advance(61)
    for action in (lambda: store.board(code), lambda: store.board_version(code),
                   lambda: store.join(code, "Ann"), lambda: store.check_teacher(code, token),
                   lambda: store.share_run(code, student, a_run(), key()),
                   lambda: store.close_class(code, token)):
        with pytest.raises(ClassNotFound):
            action()
    assert count(store, classes) == 1  # not found, not yet deleted
    assert store.purge_expired() == 1
    assert [count(store, t) for t in (classes, members, shares, runs)] == [0] * 4
    assert store.purge_expired() == 0


def test_starting_a_class_purges_the_expired_ones(store, clock):
    old, _ = store.create_class()
    store.share_drawing(old, store.join(old, "Ann"), a_drawing(), 1, 1, key())
    clock.advance(31 * DAY)
    fresh, _ = store.create_class()
    assert count(store, classes) == 1 and count(store, drawings) == 0
    assert store.board(fresh).runs == ()


def test_how_long_classes_are_kept_is_configurable(database_url, clock, monkeypatch):
    with open_store(database_url, clock=clock, days=1) as store:
        info = store.class_info(store.create_class().code)
        assert (info.expires_at - info.created_at).total_seconds() == DAY
    monkeypatch.setenv("PLAYGROUND_CLASS_DAYS", "2.5")
    with open_store(database_url, clock=clock) as store:
        assert store.days == 2.5
    for bad in ("0", "-1", "soon", "nan", "inf"):
        monkeypatch.setenv("PLAYGROUND_CLASS_DAYS", bad)
        with pytest.raises(ValueError, match="PLAYGROUND_CLASS_DAYS must be a number of days"):
            open_store(database_url)
    with pytest.raises(ValueError, match="days must be a number of days greater than 0"):
        open_store(database_url, days=0)


# --- students and their names ----------------------------------------------------------------

FAMILY = "👩\u200d👩\u200d👧\u200d👦"  # one emoji made of seven code points
ACCEPTED_NAMES = {  # what was typed -> what the board shows
    "latin": ("Amira", "Amira"), "padded": ("  Ben  ", "Ben"),
    "arabic": ("علي", "علي"), "hebrew with points": ("שָׁלוֹם", "שָׁלוֹם"),
    "mixed directions": ("محمد Ali", "محمد Ali"), "chinese": ("李小龍", "李小龍"),
    "decomposed accent": ("Zoe\u0308", "Zoë"),  # stored composed (NFC)
    "emoji": ("🦊", "🦊"), "joined emoji": ("👩\u200d💻 Dev", "👩\u200d💻 Dev"),
    "persian non-joiner": ("می\u200cخواهم", "می\u200cخواهم"),
    "html": ("<script>x</script>", "<script>x</script>"),
    "sql": ("'; DROP TABLE members;--", "'; DROP TABLE members;--"),
    "markdown": ("**bold** [a](b)", "**bold** [a](b)"),
    "24 letters": ("x" * 24, "x" * 24), "8 families": (FAMILY * 8, FAMILY * 8),
}


@pytest.mark.parametrize("typed, stored", ACCEPTED_NAMES.values(), ids=ACCEPTED_NAMES)
def test_names_in_any_script_are_kept_as_typed(store, typed, stored):
    code, _ = store.create_class()
    member = store.join(code, typed)
    assert member.name == stored
    store.share_drawing(code, member, a_drawing(), 4, 4, key())
    board = store.board(code)
    assert board.students[0].name == stored and board.drawings[0].name == stored


EMPTY, LONG = "Please type your name.", "That name is too long: 24 characters at most."
INVISIBLE = "Names cannot contain control characters or invisible formatting characters."
BAD_NAMES = {
    "empty": ("", EMPTY), "only spaces": ("   \t ", EMPTY),
    "only a filler": ("\u3164", EMPTY),  # a Hangul filler draws nothing
    "25 letters": ("x" * 25, LONG), "500 letters": ("x" * 500, LONG),
    "25 emoji": ("🦊" * 25, LONG), "10 families": (FAMILY * 10, LONG),
    "zalgo": ("Zalgo" + "\u0300\u0301\u0302\u0303\u0304\u0305",
              "That name has too many accents on one letter."),
    "zero-width space": ("Ann\u200bLee", INVISIBLE), "only zero-width": ("\u200b", INVISIBLE),
    "right-to-left override": ("Ann\u202eeeL", INVISIBLE),
    "bidi isolate": ("\u2067Ann\u2069", INVISIBLE), "left-to-right mark": ("Ann\u200e", INVISIBLE),
    "byte-order mark": ("\ufeffAnn", INVISIBLE), "soft hyphen": ("An\u00adn", INVISIBLE),
    "nul": ("Ann\x00", INVISIBLE), "newline": ("Ann\nLee", INVISIBLE),
    "terminal escape": ("Ann\x1b[31m", INVISIBLE), "line separator": ("Ann\u2028Lee", INVISIBLE),
    "leading joiner": ("\u200dAnn", INVISIBLE), "trailing joiner": ("Ann\u200d", INVISIBLE),
    "two joiners": ("Ann\u200d\u200dLee", INVISIBLE), "tag character": ("Ann\U000e0041", INVISIBLE),
}


@pytest.mark.parametrize("name, message", BAD_NAMES.values(), ids=BAD_NAMES)
def test_a_bad_name_gets_a_sentence_and_no_student_is_added(store, name, message):
    code, _ = store.create_class()
    with pytest.raises(BadName) as error:
        store.join(code, name)
    assert str(error.value) == message
    assert count(store, members) == 0


def test_two_students_may_share_a_name(store):
    code, _ = store.create_class()
    first, second = store.join(code, "Sam"), store.join(code, "Sam")
    assert isinstance(first, Member) and first.id != second.id and first.name == second.name
    assert [s.id for s in store.board(code).students] == [first.id, second.id]


def test_a_name_that_is_not_text_is_a_programming_error(store):
    code, _ = store.create_class()
    with pytest.raises(TypeError, match="name must be text"):
        store.join(code, None)


# --- sharing -----------------------------------------------------------------------------------

def test_a_shared_run_comes_back_exactly(store):
    code, _ = store.create_class()
    amira = store.join(code, "Amira")
    curve = dict(curve_iterations=list(range(1001)), curve_costs=[1 / (1 + k) for k in range(1001)])
    run_id = store.share_run(code, amira, a_run(**curve), key())
    store.share_run(code, amira.token, a_run(settings_record(
        batch_size=32, init="random", negative=np.int64(0), positive=1), iteration=12.0), key())
    first, second = store.board(code).runs
    assert first.id == run_id and first.student_id == amira.id and first.name == "Amira"
    assert first.settings == SETTINGS and first.pair == (3, 8) and first.iteration == 300
    assert (first.train_accuracy, first.test_accuracy, first.train_cost, first.test_cost,
            first.bias) == (0.99, 0.975, 0.051, 0.073, -0.125)
    assert first.weights == tuple(np.linspace(-1.5, 1.5, 64))  # exact floats
    assert len(first.curve_iterations) == len(first.curve_costs) == 100  # thinned
    assert first.curve_iterations[0] == 0 and first.curve_iterations[-1] == 1000
    assert first.curve_costs[-1] == 1 / 1001
    assert list(first.curve_iterations) == sorted(first.curve_iterations)
    assert second.settings == RunSettings(0, 1, learning_rate=0.5, num_iterations=300, l2=0.001,
                                          batch_size=32, init="random", seed=7)
    assert second.iteration == 12
    assert abs(first.created_at.timestamp() - time.time()) < 60


def test_a_shared_drawing_comes_back_exactly(store):
    code, _ = store.create_class()
    ben = store.join(code, "Ben")
    features = np.linspace(0, 1, 64).reshape(8, 8)
    drawing_id = store.share_drawing(code, ben, features, intended_digit=7, model_answer=1,
                                     idempotency_key=key())
    (drawing,) = store.board(code).drawings
    assert drawing.id == drawing_id and drawing.name == "Ben" and drawing.student_id == ben.id
    assert drawing.features == tuple(features.ravel())
    assert (drawing.intended_digit, drawing.model_answer, drawing.correct) == (7, 1, False)


def test_the_same_key_delivered_twice_is_stored_once(store):
    code, _ = store.create_class()
    amira = store.join(code, "Amira")
    once = key()
    first = store.share_run(code, amira, a_run(), once)
    assert store.share_run(code, amira, a_run(), once) == first
    assert store.share_run(code, amira, a_run(), key()) != first  # a new press shares again
    drawing = store.share_drawing(code, amira, a_drawing(), 1, 1, "press-1")
    assert store.share_drawing(code, amira, a_drawing(), 1, 1, "press-1") == drawing
    assert len(store.board(code).runs) == 2 and len(store.board(code).drawings) == 1
    with pytest.raises(ValueError, match="idempotency_key was already used"):
        store.share_drawing(code, amira, a_drawing(), 1, 1, once)  # a run's key
    with pytest.raises(ValueError, match="idempotency_key was already used"):
        store.share_run(code, store.join(code, "Ben"), a_run(), once)  # someone else's key


def test_keys_belong_to_their_class(store):
    first, _ = store.create_class()
    second, _ = store.create_class()
    a = store.share_run(first, store.join(first, "A"), a_run(), "same")
    b = store.share_run(second, store.join(second, "B"), a_run(), "same")
    assert a != b


BAD_RUNS = [
    (dict(weights=[math.nan] * 64), "its weights must be 64 finite numbers (if the training "
                                    "diverged, try a smaller learning rate)"),
    (dict(weights=[math.inf] + [0.0] * 63), "its weights must be 64 finite numbers"),
    (dict(weights=[0.0] * 63), "its weights must be 64 finite numbers"),
    (dict(weights=[0.0] * 65), "its weights must be 64 finite numbers"),
    (dict(weights="0" * 64), "its weights must be 64 finite numbers"),
    (dict(weights=[[0.0] * 32, [0.0] * 31]), "its weights must be 64 finite numbers"),
    (dict(weights=[[0.0] * 32, [0.0] * 31, [0.0]]), "its weights must be 64 finite numbers"),
    (dict(weights=[[[0.0]]] * 64), "its weights must be 64 finite numbers"),
    (dict(weights=np.array(["0.5"] * 64)), "its weights must be 64 finite numbers"),
    (dict(weights=np.full(64, True)), "its weights must be 64 finite numbers"),
    (dict(weights=None), "its weights must be 64 finite numbers"),
    (dict(bias=math.nan), "its bias must be a finite number"),
    (dict(settings=settings_record(negative=11)), "its settings are not valid (negative must "
                                                   "be a whole number from 0 to 9, got 11)"),
    (dict(settings=settings_record(positive=3)), "its digit pair must be two different "
                                                 "digits 0-9"),
    (dict(settings=settings_record(negative="3")), "its settings are not valid (negative "
                                                   "must be a whole number, got '3')"),
    (dict(settings=settings_record(negative=True)), "its settings are not valid"),
    (dict(settings=settings_record(learning_rate=0)), "its settings are not valid "
                                                      "(learning_rate must be a finite number "
                                                      "above 0, got 0.0)"),
    (dict(settings=settings_record(learning_rate=math.inf)), "its settings are not valid"),
    (dict(settings=settings_record(num_iterations=0)), "its settings are not valid"),
    (dict(settings=settings_record(num_iterations=2.5)), "its settings are not valid"),
    (dict(settings=settings_record(test_size=1.0)), "its settings are not valid"),
    (dict(settings=settings_record(l2=-0.1)), "its settings are not valid"),
    (dict(settings=settings_record(batch_size=0)), "its settings are not valid"),
    (dict(settings=settings_record(batch_size="half")), "its settings are not valid"),
    (dict(settings=settings_record(init="ones")), "its settings are not valid"),
    (dict(settings=settings_record(seed=-1)), "its settings are not valid"),
    (dict(settings="3 vs 8"), "its settings are not valid (record must be a dict"),
    (dict(settings=None), "its settings are not valid"),
    (dict(iteration=None), "its iteration reached must be a whole number of 0 or more"),
    (dict(train_accuracy=98.0), "its train accuracy must be a fraction between 0 and 1"),
    (dict(test_accuracy=math.nan), "its test accuracy must be a fraction between 0 and 1"),
    (dict(train_cost=-1.0), "its train cost must be a number of 0 or more"),
    (dict(test_cost="0.1"), "its test cost must be a number of 0 or more"),
    (dict(curve_costs=[1.0]), "its cost curve must be whole iterations and finite costs"),
    (dict(curve_costs=[math.nan] * 31), "its cost curve must be whole iterations and finite costs"),
    (dict(curve_iterations=[0.5] * 31), "its cost curve must be whole iterations and finite costs"),
]


@pytest.mark.parametrize("changes, message", BAD_RUNS)
def test_a_malformed_run_gets_a_sentence_and_nothing_is_stored(store, changes, message):
    code, _ = store.create_class()
    amira = store.join(code, "Amira")
    with pytest.raises(BadShare) as error:
        store.share_run(code, amira, a_run(**changes), key())
    assert str(error.value).startswith(f"This run cannot be shared: {message}")
    assert count(store, shares) == 0 and count(store, runs) == 0


BAD_DRAWINGS = [
    ((np.full(64, 1.5), 3, 3), "its picture must be 64 values between 0 and 1"),
    ((np.full(63, 0.5), 3, 3), "its picture must be 64 values between 0 and 1"),
    ((np.full(64, np.nan), 3, 3), "its picture must be 64 values between 0 and 1"),
    (("pixels", 3, 3), "its picture must be 64 values between 0 and 1"),
    ((np.full(64, 0.5), 11, 3), "its intended digit must be a digit 0-9"),
    ((np.full(64, 0.5), None, 3), "its intended digit must be a digit 0-9"),
    ((np.full(64, 0.5), 3, -1), "its model's answer must be a digit 0-9"),
    ((np.full(64, 0.5), 3, 2.5), "its model's answer must be a digit 0-9"),
]


@pytest.mark.parametrize("arguments, message", BAD_DRAWINGS)
def test_a_malformed_drawing_gets_a_sentence_and_nothing_is_stored(store, arguments, message):
    code, _ = store.create_class()
    amira = store.join(code, "Amira")
    with pytest.raises(BadShare) as error:
        store.share_drawing(code, amira, *arguments, key())
    assert str(error.value) == f"This drawing cannot be shared: {message}."
    assert count(store, shares) == 0


def test_the_21st_share_in_a_minute_is_refused_and_not_stored(store, clock):
    code, _ = store.create_class()
    amira, ben = store.join(code, "Amira"), store.join(code, "Ben")
    keys = [key() for _ in range(20)]
    for k, each in enumerate(keys):
        if k % 2:
            store.share_run(code, amira, a_run(), each)
        else:
            store.share_drawing(code, amira, a_drawing(), 1, 1, each)
        clock.advance(1)
    with pytest.raises(TooManyShares) as error:
        store.share_run(code, amira, a_run(), key())
    assert str(error.value) == ("You have shared 20 times in the last minute. Wait a "
                                "moment, then try again.")
    assert count(store, shares) == 20
    assert store.share_run(code, amira, a_run(), keys[1])  # a late re-delivery still answers
    store.share_run(code, ben, a_run(), key())  # the others are not held up
    clock.advance(60 - 19)  # the first share is now more than a minute old
    store.share_run(code, amira, a_run(), key())
    assert count(store, shares, member_id=amira.id) == 21


def test_a_student_is_found_again_by_the_token_their_browser_keeps(store):
    code, _ = store.create_class()
    amira = store.join(code, "Amira")
    assert amira.token and len(amira.token) >= 32 and "token" not in repr(amira)
    again = store.member(code, amira.token)  # a reload, a new tab, another server process
    assert (again.id, again.name, again.token) == (amira.id, "Amira", amira.token)
    with store.engine.connect() as connection:
        stored = connection.execute(sa.select(members.c.token_hash)).scalar_one()
    assert stored == hashlib.sha256(amira.token.encode()).hexdigest(), "only its hash"
    assert all(s.token is None for s in store.board(code).students), "never on a board"


def test_joining_again_from_the_same_browser_is_the_same_student(store):
    code, _ = store.create_class()
    amira = store.join(code, "Amira")
    store.share_run(code, amira, a_run(), key())
    before = store.board_version(code)
    again = store.join(code, "Amira", token=amira.token)
    assert (again.id, again.token) == (amira.id, amira.token)
    renamed = store.join(code, "Amira B.", token=amira.token)
    assert renamed.id == amira.id and renamed.name == "Amira B."
    board = store.board(code)
    assert [s.name for s in board.students] == ["Amira B."], "never listed twice"
    assert [r.name for r in board.runs] == ["Amira B."], "her runs follow her name"
    assert board.version != before, "a new name is a change of the board"
    other, _ = store.create_class()
    elsewhere = store.join(other, "Amira", token=amira.token)  # another class's token
    assert elsewhere.id != amira.id and elsewhere.token != amira.token


@pytest.mark.parametrize("case", ["forged", "other class", "deleted", "empty"])
def test_a_token_that_is_no_student_of_the_class_finds_no_one(store, case):
    code, teacher = store.create_class()
    other, _ = store.create_class()
    amira = store.join(code, "Amira")
    token = {"forged": "x" * 32, "other class": store.join(other, "Sam").token,
             "deleted": amira.token, "empty": ""}[case]
    if case == "deleted":
        store.delete_class(code, teacher)
        with pytest.raises(ClassNotFound):
            store.member(code, token)
        return
    with pytest.raises(NotJoined):
        store.member(code, token)
    with pytest.raises(NotJoined):
        store.share_run(code, token or "?", a_run(), key())
    assert count(store, shares) == 0


def test_a_closed_class_still_knows_its_students_but_takes_no_share(store):
    code, teacher = store.create_class()
    amira = store.join(code, "Amira")
    store.close_class(code, teacher)
    assert store.member(code, amira.token).id == amira.id  # its board can be seen
    with pytest.raises(ClassClosed):
        store.share_run(code, amira, a_run(), key())
    with pytest.raises(ClassClosed):
        store.join(code, "Amira", token=amira.token)


def test_only_students_of_the_class_can_share(store):
    code, _ = store.create_class()
    other, _ = store.create_class()
    stranger = store.join(other, "Sam")
    for student in (stranger, stranger.token, "a-forged-token", Member(1, "Amira", None, "x")):
        with pytest.raises(NotJoined, match="Join this class first, then share."):
            store.share_run(code, student, a_run(), key())
    assert isinstance(NotJoined(), NotAllowed)


@pytest.mark.parametrize("arguments, error, words", [
    (dict(student=7), TypeError, "student must be a Member with its token"),
    (dict(student=True), TypeError, "student must be a Member with its token"),
    (dict(student=""), TypeError, "student must be a Member with its token"),
    (dict(idempotency_key=None), TypeError, "idempotency_key must be a str"),
    (dict(idempotency_key=""), ValueError, "idempotency_key must be 1 to 100 characters"),
    (dict(idempotency_key="k" * 101), ValueError, "idempotency_key must be 1 to 100 characters"),
    (dict(run=[1, 2]), TypeError, "run must be a dict"),
])
def test_mistakes_of_the_calling_page_name_the_argument(store, arguments, error, words):
    code, _ = store.create_class()
    call = dict(code=code, student=store.join(code, "Amira"), run=a_run(),
                idempotency_key=key())
    call.update(arguments)
    with pytest.raises(error, match=words):
        store.share_run(**call)
    assert not issubclass(error, ClassError)


# --- the board ---------------------------------------------------------------------------------

def test_the_board_has_everything_in_the_order_it_came(store):
    code, token = store.create_class()
    students = [store.join(code, f"Student {k}") for k in range(3)]
    ids = [store.share_run(code, s, a_run(RunSettings(seed=k)), key())
           for k, s in enumerate(students)]
    ids += [store.share_drawing(code, s, a_drawing(k / 3), k, k, key())
            for k, s in enumerate(students)]
    board = store.board(code)
    assert board.info == store.class_info(code) and board.info.code == code
    assert [s.name for s in board.students] == ["Student 0", "Student 1", "Student 2"]
    assert [r.id for r in board.runs] + [d.id for d in board.drawings] == ids
    assert [r.settings.seed for r in board.runs] == [0, 1, 2]
    assert board.version == store.board_version(code)


def test_the_board_version_changes_exactly_when_the_board_does(store):
    code, token = store.create_class()
    seen = [store.board_version(code)]

    def changed():
        seen.append(store.board_version(code))
        return seen[-1] != seen[-2]

    amira = store.join(code, "Amira")
    assert changed()
    once = key()
    run_id = store.share_run(code, amira, a_run(), once)
    assert changed()
    store.share_run(code, amira, a_run(), once)  # a re-delivery
    store.board(code)
    with pytest.raises(BadShare):
        store.share_run(code, amira, a_run(bias=math.nan), key())
    assert not changed()
    drawing_id = store.share_drawing(code, amira, a_drawing(), 1, 2, key())
    assert changed()
    assert store.remove_run(code, token, run_id)
    assert changed()
    store.share_run(code, amira, a_run(), key())  # one removed, one added: still a change
    assert changed()
    assert store.remove_drawing(code, token, drawing_id) and store.share_drawing(
        code, amira, a_drawing(), 1, 2, key())
    assert changed()
    store.close_class(code, token)
    assert changed()
    assert len(set(seen)) == len(seen) - 1  # every change gave a value never seen before


@pytest.mark.parametrize("n_students", [1, 10])
def test_the_board_is_read_in_four_queries_whatever_its_size(store, n_students):
    code, _ = store.create_class()
    for k in range(n_students):
        student = store.join(code, f"S{k}")
        store.share_run(code, student, a_run(), key())
        for _ in range(10):
            store.share_drawing(code, student, a_drawing(), 1, 1, key())
    statements = []
    sa.event.listen(store.engine, "before_cursor_execute",
                    lambda *args: statements.append(args[2]))
    board = store.board(code)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 4 and len(board.drawings) == 10 * n_students
    statements.clear()
    store.board_version(code)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


# --- many students at once -----------------------------------------------------------------

WORKER = r"""
import json, sys, threading
from classroom import open_store, ClassError

spec = json.loads(sys.argv[1])
store = open_store(spec["url"], share_limit=spec.get("share_limit", 20))
run = spec.get("run")

def share(job):
    member, key, kind = job
    try:
        if kind == "run":
            share_id = store.share_run(spec["code"], member, run, key)
        else:
            share_id = store.share_drawing(spec["code"], member, [0.25] * 64, 2, 3, key)
        return {"key": key, "id": share_id}
    except ClassError as error:
        return {"key": key, "error": type(error).__name__}

if spec["mode"] == "loop":  # share until killed, printing each acknowledged id
    for k in range(10**9):
        member = spec["members"][k % len(spec["members"])]
        result = share((member, f"loop-{k}", "run" if k % 2 else "drawing"))
        print(json.dumps(result), flush=True)
else:  # all jobs at once, in threads, when told to go
    print("ready", flush=True)
    sys.stdin.readline()
    barrier = threading.Barrier(len(spec["jobs"]))
    results = [None] * len(spec["jobs"])
    def go(k):
        barrier.wait()
        results[k] = share(spec["jobs"][k])
    threads = [threading.Thread(target=go, args=(k,)) for k in range(len(spec["jobs"]))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(json.dumps(results), flush=True)
"""


def jsonable_run():
    run = a_run(SETTINGS.record())
    run["weights"] = run["weights"].ravel().tolist()
    return run


def start_worker(spec):
    return subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(spec)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def run_workers(specs):
    """Start one process per spec, let them all open the store, then start them at the
    same moment; return every result."""
    workers = [start_worker(spec) for spec in specs]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready"
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        results = [json.loads(worker.stdout.readline()) for worker in workers]
        for worker in workers:
            assert worker.wait(timeout=60) == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    return [r for rs in results for r in rs]


def a_class_of_thirty(store):
    code, _ = store.create_class()
    return code, [store.join(code, f"Student {k}").token for k in range(30)]


def jobs_for(students, k):
    """Student k's two shares, plus a second delivery of the next student's run (as a
    lost answer's retry would send it), all meant to happen at the same moment."""
    after = (k + 1) % len(students)
    return [(students[k], f"run-{k}", "run"), (students[k], f"drawing-{k}", "drawing"),
            (students[after], f"run-{after}", "run")]


def assert_all_on_the_board_once(store, code, results):
    assert not [r for r in results if "error" in r]
    by_key = {}
    for r in results:
        by_key.setdefault(r["key"], set()).add(r["id"])
    assert all(len(ids) == 1 for ids in by_key.values())  # a re-delivery got the same id
    acknowledged = {i for ids in by_key.values() for i in ids}
    board = store.board(code)
    on_board = [r.id for r in board.runs] + [d.id for d in board.drawings]
    assert sorted(on_board) == sorted(acknowledged)  # all there, none twice
    assert len(board.runs) == len(board.drawings) == 30


def test_thirty_students_sharing_at_once_from_threads(store):
    code, students = a_class_of_thirty(store)
    jobs = [job for k in range(30) for job in jobs_for(students, k)]
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def go(k):
        barrier.wait()
        member, each, kind = jobs[k]
        if kind == "run":
            results[k] = {"key": each, "id": store.share_run(code, member, a_run(), each)}
        else:
            results[k] = {"key": each, "id": store.share_drawing(code, member, a_drawing(),
                                                                 2, 3, each)}

    threads = [threading.Thread(target=go, args=(k,)) for k in range(len(jobs))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert_all_on_the_board_once(store, code, results)


def test_thirty_students_sharing_at_once_from_five_processes(store, store_url):
    code, students = a_class_of_thirty(store)
    specs = [dict(url=store_url, code=code, mode="once", run=jsonable_run(),
                  jobs=[job for k in range(6 * p, 6 * p + 6) for job in jobs_for(students, k)])
             for p in range(5)]  # the last student of each re-delivers one of the next's
    assert_all_on_the_board_once(store, code, run_workers(specs))


def test_the_flood_limit_holds_across_processes(store, store_url):
    code, _ = store.create_class()
    amira = store.join(code, "Amira").token
    specs = [dict(url=store_url, code=code, mode="once", run=jsonable_run(),
                  jobs=[(amira, f"p{p}-{k}", "run") for k in range(10)]) for p in range(3)]
    results = run_workers(specs)
    assert len([r for r in results if "id" in r]) == 20
    assert [r["error"] for r in results if "error" in r] == ["TooManyShares"] * 10
    assert count(store, shares) == count(store, runs) == 20


def test_many_processes_starting_on_a_fresh_database_at_once(database_url):
    code = "print(open_store(sys.argv[1]).create_class().code)"
    processes = [subprocess.Popen(
        [sys.executable, "-c", f"import sys; from classroom import open_store; {code}",
         database_url], cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    codes = [p.communicate(timeout=60)[0].strip() for p in processes]
    assert [p.returncode for p in processes] == [0] * 4 and len(set(codes)) == 4
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(sa.select(schema_version.c.version)).scalars().all() == \
            list(range(1, len(MIGRATIONS) + 1))
    engine.dispose()


def test_every_acknowledged_share_survives_a_killed_process(store, store_url):
    code, _ = store.create_class()
    students = [store.join(code, f"Student {k}").token for k in range(5)]
    worker = start_worker(dict(url=store_url, code=code, mode="loop", run=jsonable_run(),
                               members=students, share_limit=10**6))
    acknowledged = []
    try:
        while len(acknowledged) < 60:
            line = worker.stdout.readline()
            assert line, "the sharing process ended early"
            acknowledged.append(json.loads(line)["id"])
        os.kill(worker.pid, signal.SIGKILL)  # mid-way through its next share
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    store.close()
    with open_store(store_url) as reopened:
        board = reopened.board(code)
        on_board = {r.id for r in board.runs} | {d.id for d in board.drawings}
        assert set(acknowledged) <= on_board
        assert count(reopened, shares) == len(board.runs) + len(board.drawings)  # none half-made
        if reopened.engine.dialect.name == "sqlite":
            with reopened.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


# --- the database itself ---------------------------------------------------------------------

def test_a_new_database_is_created_at_the_latest_version(store):
    with store.engine.connect() as connection:
        assert current_version(connection) == len(MIGRATIONS)
        assert set(sa.inspect(connection).get_table_names()) >= {
            "schema_version", "classes", "members", "shares", "runs", "drawings"}


def test_an_older_database_is_upgraded_when_opened(database_url):
    engine = make_engine(database_url)
    assert upgrade(engine, MIGRATIONS[:0]) == 0  # version 0: only the version table
    with engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == ["schema_version"]
    with open_store(database_url) as store:
        code, _ = store.create_class()
        store.join(code, "Amira")
    with engine.connect() as connection:
        assert current_version(connection) == len(MIGRATIONS)
    engine.dispose()


def test_a_version_1_database_keeps_its_shared_runs_settings(database_url):
    """Version 1 kept a run's settings in nine columns; they come back as RunSettings."""
    engine = make_engine(database_url)
    assert upgrade(engine, MIGRATIONS[:1]) == 1
    v1_runs = sa.table("runs", *(sa.column(c) for c in (
        "share_id", "negative", "positive", "learning_rate", "iterations", "test_size", "l2",
        "batch", "init", "seed", "iteration", "train_accuracy", "test_accuracy", "train_cost",
        "test_cost", "curve_iterations", "curve_costs", "weights", "bias")))
    now = time.time()
    with engine.begin() as connection:
        class_id = connection.execute(sa.insert(classes).values(
            code="K7QXM4RP2", teacher_hash="x" * 64, created_at=now,
            expires_at=now + DAY).returning(classes.c.id)).scalar_one()
        member = connection.execute(sa.insert(members).values(
            class_id=class_id, name="Amira", joined_at=now).returning(members.c.id)).scalar_one()
        for k, batch in enumerate((None, 32)):
            share = connection.execute(sa.insert(shares).values(
                class_id=class_id, member_id=member, kind="run", idempotency_key=f"k{k}",
                created_at=now).returning(shares.c.id)).scalar_one()
            connection.execute(sa.insert(v1_runs).values(
                share_id=share, negative=3, positive=8, learning_rate=0.5, iterations=300,
                test_size=0.25, l2=0.001, batch=batch, init="random", seed=7, iteration=300,
                train_accuracy=0.99, test_accuracy=0.975, train_cost=0.05, test_cost=0.07,
                curve_iterations="[0,300]", curve_costs="[0.69,0.05]",
                weights=json.dumps([0.5] * 64), bias=-0.1))
    engine.dispose()
    with open_store(database_url) as store:
        first, second = store.board("K7Q-XM4-RP2").runs
        expected = RunSettings(3, 8, learning_rate=0.5, num_iterations=300, test_size=0.25,
                               l2=0.001, init="random", seed=7)
        assert first.settings == expected
        assert second.settings == dataclasses.replace(expected, batch_size=32)
        assert (first.iteration, first.test_accuracy, first.weights) == (300, 0.975, (0.5,) * 64)


def add_a_colour(connection):
    """A later version, as the next change to the schema would be written."""
    connection.execute(sa.text("ALTER TABLE members ADD COLUMN colour VARCHAR(7)"))


def test_new_migrations_are_applied_in_order_and_keep_the_data(database_url):
    with open_store(database_url) as store:
        code, token = store.create_class()
        store.share_run(code, store.join(code, "Amira"), a_run(), key())
    engine = make_engine(database_url)
    latest = len(MIGRATIONS)
    assert upgrade(engine, MIGRATIONS + (add_a_colour,)) == latest + 1
    assert upgrade(engine, MIGRATIONS + (add_a_colour,)) == latest + 1  # nothing left to do
    with engine.connect() as connection:
        assert connection.execute(sa.select(schema_version.c.version)).scalars().all() == \
            list(range(1, latest + 2))
        assert "colour" in {c["name"] for c in sa.inspect(connection).get_columns("members")}
        assert connection.scalar(sa.select(members.c.name)) == "Amira"
    with pytest.raises(RuntimeError, match=f"version {latest + 1}, newer than this code's "
                                           f"{latest}"):
        open_store(database_url)  # an older app must not write to a newer database
    engine.dispose()


def test_a_failing_migration_leaves_the_database_as_it_was(database_url):
    def half_done(connection):
        connection.execute(sa.text("CREATE TABLE half (id INTEGER)"))
        raise RuntimeError("the migration broke")

    with open_store(database_url):
        pass
    engine = make_engine(database_url)
    with pytest.raises(RuntimeError, match="the migration broke"):
        upgrade(engine, MIGRATIONS + (add_a_colour, half_done))
    with engine.connect() as connection:
        assert current_version(connection) == len(MIGRATIONS)
        inspector = sa.inspect(connection)
        assert "half" not in inspector.get_table_names()
        assert "colour" not in {c["name"] for c in inspector.get_columns("members")}
    engine.dispose()


def test_sqlite_is_set_up_for_many_writers(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}") as store:
        with store.engine.connect() as connection:
            def pragma(name):
                return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 1  # NORMAL: a commit survives a killed process
            assert pragma("busy_timeout") >= 5000
            assert pragma("foreign_keys") == 1


def test_a_sqlite_engine_must_be_set_up_by_the_store(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    with pytest.raises(ValueError, match="engine must come from classroom.database.make_engine"):
        ClassStore(engine)
    with pytest.raises(TypeError, match="engine must be a SQLAlchemy Engine"):
        ClassStore(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    engine.dispose()


def test_the_default_database_is_a_file_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "class data"))
    with open_store() as store:
        code, token = store.create_class()
    assert (tmp_path / "class data" / "playground.sqlite3").exists()
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    with open_store() as store:
        with pytest.raises(ClassNotFound):
            store.board(code)
    assert (tmp_path / "elsewhere.db").exists()
    with pytest.raises(ValueError, match="url must name a SQLite file"):
        open_store("sqlite://")


def test_an_unreachable_database_is_a_sentence_not_a_traceback(tmp_path):
    with pytest.raises(StoreUnavailable, match="cannot be reached right now"):
        open_store(f"postgresql://nobody@/playground?host={tmp_path}&connect_timeout=2")


def test_the_store_never_imports_streamlit_or_plotly():
    code = ("import sys, classroom, classroom.store, classroom.migrations; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT, timeout=120).stdout.split()
    assert "sqlalchemy" in loaded and not {"streamlit", "plotly"} & set(loaded)


# --- what the teacher sends the room: suggestions --------------------------------------------

def test_a_suggestion_reaches_every_student_until_they_open_or_dismiss_it(store, store_url):
    code, teacher = store.create_class()
    amira, ben = store.join(code, "Amira"), store.join(code, "Ben")
    assert store.news(code, amira.token).suggestion is None
    first = store.suggest(code, teacher, RunSettings(4, 9, learning_rate=5.0,
                                                     num_iterations=100))
    later = store.suggest(code, teacher, RunSettings(3, 8))
    news = store.news(code, amira.token)
    assert (news.suggestion.id, news.suggestion.settings) == (later, RunSettings(3, 8)), \
        "a later suggestion replaces the earlier one"
    store.seen(code, amira.token, later)
    store.seen(code, amira.token, first)  # an older one changes nothing
    assert store.news(code, amira.token).suggestion is None
    with open_store(store_url) as elsewhere:  # another server process
        assert elsewhere.news(code, amira.token).suggestion is None
        assert elsewhere.news(code, ben.token).suggestion.id == later
    assert store.news(code).suggestion is None, "the teacher gets none"
    with pytest.raises(NotAllowed):
        store.suggest(code, "not-the-token", RunSettings(3, 8))
    with pytest.raises(TypeError, match="two different digits"):
        store.suggest(code, teacher, RunSettings(3, 3))
    with pytest.raises(NotJoined):
        store.seen(code, "a-forged-token", later)


# --- challenges --------------------------------------------------------------------------------

def challenge_run(settings, test_accuracy, iteration):
    return a_run(settings, test_accuracy=test_accuracy, iteration=iteration)


def test_a_challenge_starts_one_at_a_time_ends_and_is_frozen(store, clock):
    code, teacher = store.create_class()
    amira = store.join(code, "Amira")
    on = store.start_challenge(code, teacher, 3, 8, target_accuracy=0.98, max_iterations=300)
    assert (on.pair, on.target_accuracy, on.max_iterations, on.ends_at) == ((3, 8), 0.98,
                                                                          300, None)
    assert store.news(code, amira.token).challenge == on
    with pytest.raises(ChallengeOn):
        store.start_challenge(code, teacher, 4, 9)
    run = challenge_run(SETTINGS, 0.99, 250)
    entry = store.share_run(code, amira, run, "enter-1", challenge=on.id)
    assert store.share_run(code, amira, run, "enter-1", challenge=on.id) == entry, "once"
    assert store.end_challenge(code, teacher) and not store.end_challenge(code, teacher)
    with pytest.raises(ChallengeOver):
        store.share_run(code, amira, run, key(), challenge=on.id)
    assert count(store, shares) == 1, "a refused entry stores nothing"
    standings = store.standings(code)
    assert standings.challenge.ended_at is not None and len(standings.entries) == 1
    assert store.board(code).runs[0].id == entry, "an entry is a run on the board too"
    timed = store.start_challenge(code, teacher, 4, 9, minutes=5)  # after the last ended
    clock.advance(5 * 60)
    assert timed.over(datetime.fromtimestamp(clock(), timezone.utc))
    with pytest.raises(ChallengeOver):
        store.share_run(code, amira, challenge_run(RunSettings(4, 9), 0.9, 10), key(),
                        challenge=timed.id)
    assert store.start_challenge(code, teacher, 1, 7).id > timed.id, "out of time: over"


def test_the_standings_rank_each_students_best_entry(store):
    code, teacher = store.create_class()
    names = ["Amira", "Ben", "Chloé", "Dev", "Eli"]
    people = {name: store.join(code, name) for name in names}
    on = store.start_challenge(code, teacher, 3, 8, target_accuracy=0.95, max_iterations=300)
    entries = [("Amira", 0.97, 400),  # accurate, but too many iterations: misses
               ("Ben", 0.96, 200), ("Ben", 0.99, 280),  # both meet: the better counts
               ("Chloé", 0.99, 150),  # meets, as accurate as Ben's best in fewer
               ("Dev", 0.90, 100),  # misses the target
               ("Eli", 0.99, 280)]  # ties Ben's best, shared later
    for name, accuracy, iteration in entries:
        store.share_run(code, people[name], challenge_run(SETTINGS, accuracy, iteration),
                        key(), challenge=on.id)
    store.share_run(code, people["Dev"], a_run(), key())  # a run not entered
    with pytest.raises(ChallengeOver, match="not on the challenge's pair, 3 vs 8"):
        store.share_run(code, people["Dev"], challenge_run(RunSettings(4, 9), 1.0, 10),
                        key(), challenge=on.id)
    standings = store.standings(code)
    assert [(r.name, r.test_accuracy, r.iteration) for r in standings.entries] == [
        ("Chloé", 0.99, 150), ("Ben", 0.99, 280), ("Eli", 0.99, 280),
        ("Amira", 0.97, 400), ("Dev", 0.90, 100)]
    assert [standings.meets(r) for r in standings.entries] == [True, True, True, False,
                                                               False]
    open_goal = Challenge(1, 3, 8, None, None, None, None, None)
    assert open_goal.met_by(0.1, 10**6), "a goal left open is met by any run"


def test_challenges_are_the_teachers(store):
    code, teacher = store.create_class()
    with pytest.raises(NotAllowed):
        store.start_challenge(code, "not-the-token", 3, 8)
    assert store.standings(code) is None
    for bad, words in ((dict(negative=3, positive=3), "two different digits"),
                       (dict(negative=3, positive=8, target_accuracy=95), "target_accuracy"),
                       (dict(negative=3, positive=8, max_iterations=0), "max_iterations"),
                       (dict(negative=3, positive=8, minutes=0), "minutes"),
                       (dict(negative="3", positive=8), "negative must be a digit")):
        with pytest.raises(ValueError, match=words):
            store.start_challenge(code, teacher, **bad)
    assert not store.end_challenge(code, teacher), "none to end"
