"""The Class page and the Share buttons of Train and Draw, through AppTest, on a real
SQLite database of each test's own (``PLAYGROUND_DATABASE_URL``).

A teacher and students are separate AppTest sessions on one database, as they are
separate browsers on one server. What they would notice: a code that does not work, a
name mangled or rendered as markup, a share that does not reach the board or reaches
it twice, a closed class that still takes shares, a teacher link that gives nothing.
"""

import re

import numpy as np
import pytest

from classroom import open_store
from classroom.payloads import clean_run
from logreg.run import TrainingRun
from logreg.settings import RunSettings
from playground.class_mode import entry, figures as class_figures, sharing
from playground.class_mode import store as class_store
from tests.support.drawn_digits import draw_digit
from tests.support import apptest
from tests.support.apptest import canvas_value, metrics, open_app

CLASS = "app_pages/class_room.py"
CODE = re.compile(r"[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}")


@pytest.fixture(autouse=True)
def database(monkeypatch, tmp_path):
    """Each test's own class database: the app's store (one per process, as on a server)
    is closed, so the next page opens it from the settings of this test."""
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", url)
    monkeypatch.delenv("PLAYGROUND_CLASS_DAYS", raising=False)
    class_store.close()
    yield url
    class_store.close()


@pytest.fixture
def store(database):
    """The same database, opened as another server process would."""
    with open_store(database) as store:
        yield store


def ok(at):
    assert not at.exception, at.exception
    return at


def button(at, label):
    found = [b for b in at.button if b.label == label]
    assert found, f"no {label!r} button; buttons: {[b.label for b in at.button]}"
    return found[0]


def texts(at, kind):
    return [e.value for e in getattr(at, kind)]


def everything_shown(at):
    """All text the page shows, by kind of element."""
    return {kind: texts(at, kind) for kind in ("markdown", "caption", "text", "success",
                                               "error", "warning", "info", "subheader")}


def start_class():
    """A teacher's session that has started a class: (AppTest, code, token)."""
    at = ok(open_app(CLASS))
    button(at, "Start a class").click().run()
    ok(at)
    membership = at.session_state["class_membership"]
    return at, membership.code, membership.teacher_token


def join(code, name, page=CLASS):
    """A student's session that opened the students' link and joined as ``name``."""
    at = ok(open_app(CLASS, {"code": code}))
    at.text_input(key="join_name").input(name)
    button(at, "Join").click().run()
    assert ok(at).session_state["class_membership"].name == name.strip(), texts(at, "error")
    if page != CLASS:
        at.switch_page(page).run()
    return ok(at)


def train_a_little(at):
    """Train: +100 iterations (the run is then still, not playing)."""
    at.switch_page("app_pages/train.py").run()
    ok(at).button(key="plus100").click().run()
    return ok(at)


def share_button(at, kind):
    return next(b for b in at.button if b.key and b.key.startswith(f"share_{kind}_"))


# ---- start and join ----------------------------------------------------------------------

def test_starting_a_class_shows_its_code_and_gives_the_teacher_the_controls(store):
    at, code, token = start_class()
    assert metrics(at)["Class code"] == code and CODE.fullmatch(code)
    assert store.check_teacher(code, token), "the token in the session is the class's"
    assert any("class has started" in s for s in texts(at, "success"))
    assert any("Teacher's controls" in e.label for e in at.expander)
    assert any(f"?code={code}" in c.value for c in at.code), "the students' link"
    assert not any(token in c.value for c in at.code), "the token is not written out"
    assert at.query_params["code"] == [code] or at.query_params["code"] == code
    assert any("kept for 30 days" in c for c in texts(at, "caption"))
    # every page says which class the session is in
    at.switch_page("app_pages/data.py").run()
    assert "you are the teacher" in texts(ok(at), "text")


def test_the_page_says_how_long_classes_are_kept(monkeypatch, store):
    monkeypatch.setenv("PLAYGROUND_CLASS_DAYS", "7")  # the server's setting, read when the
    class_store.close()  # store is opened
    at, code, _ = start_class()
    assert any("kept for 7 days" in c for c in texts(at, "caption"))
    info = store.class_info(code)
    assert (info.expires_at - info.created_at).days == 7


def test_a_students_link_fills_in_the_code():
    _, code, _ = start_class()
    at = ok(open_app(CLASS, {"code": code}))
    assert at.text_input(key="join_code").value == code
    assert at.text_input(key="join_name").value == ""


def test_a_student_joins_and_sees_the_board(store):
    _, code, _ = start_class()
    at = join(code.lower().replace("-", " "), "  Amira  ")  # forgiving about the code
    assert at.session_state["class_membership"].name == "Amira"
    assert metrics(at)["Class code"] == code
    assert "Amira" in texts(at, "text")
    assert any("You joined the class" in s for s in texts(at, "success"))
    assert [s.name for s in store.board(code).students] == ["Amira"]
    assert any("No runs yet" in i for i in texts(at, "info"))
    assert not any("Teacher's controls" in e.label for e in at.expander)
    at.switch_page("app_pages/lab.py").run()
    assert "joined as Amira" in texts(ok(at), "text")


@pytest.mark.parametrize("code, name, message", [
    ("ZZZ-ZZZ-ZZZ", "Amira", "No class has this code. Check it with your teacher."),
    ("not a code", "Amira", "No class has this code. Check it with your teacher."),
    ("", "Amira", "Type the class code your teacher shows."),
    (None, "", "Please type your name."),
    (None, "   ", "Please type your name."),
    (None, "Bob\u202e", "Names cannot contain control characters or invisible formatting"),
    (None, "Zoe\u200b", "Names cannot contain control characters or invisible formatting"),
])
def test_a_bad_code_or_name_gets_a_short_message_and_joins_nothing(store, code, name, message):
    _, real_code, _ = start_class()
    at = ok(open_app(CLASS))
    at.text_input(key="join_code").input(real_code if code is None else code)
    at.text_input(key="join_name").input(name)
    button(at, "Join").click().run()
    ok(at)
    assert any(e.startswith(message) for e in texts(at, "error")), texts(at, "error")
    assert "class_membership" not in at.session_state
    assert store.board(real_code).students == ()
    assert [t.label for t in at.text_input] == ["Class code", "Your name"], "still the form"


def test_the_name_field_takes_no_more_than_a_name_may_be():
    """A name over 24 characters cannot be typed (the store would refuse it, and the
    student would have to find where to cut it)."""
    at = ok(open_app(CLASS))
    assert at.text_input(key="join_name").proto.max_chars == 24


@pytest.mark.parametrize("name", ["<b>Bob</b>", "<script>x()</script>", "**Eve**",
                                  "مريم", "[x](http://e.vil)"])
def test_a_name_is_shown_as_the_text_typed_never_as_markup(store, name):
    teacher, code, _ = start_class()
    student = join(code, name)
    assert texts(student, "text") == [name, name], "the header and the list of students"
    teacher.run()
    assert name in texts(ok(teacher), "text"), "the board's list of students"
    for kind, shown in everything_shown(teacher).items():
        if kind != "text":
            assert not any(name in value for value in shown), (kind, shown)
    assert [s.name for s in store.board(code).students] == [name]


def test_a_teacher_link_gives_the_controls_on_another_device_and_a_wrong_one_does_not(store):
    _, code, token = start_class()
    other = ok(open_app(CLASS, {"code": code, "teacher": token}))
    assert other.session_state["class_membership"].teacher_token == token
    assert any("Teacher's controls" in e.label for e in other.expander)
    assert "teacher" not in other.query_params, "the token leaves the address bar"
    assert any("You are the teacher" in s for s in texts(other, "success"))

    wrong_token = token[:-1] + ("x" if token[-1] != "x" else "y")  # one character off
    wrong = ok(open_app(CLASS, {"code": code, "teacher": wrong_token}))
    assert any("teacher link is not right" in e for e in texts(wrong, "error"))
    assert "class_membership" not in wrong.session_state
    assert not any("Teacher's controls" in e.label for e in wrong.expander)
    gone = ok(open_app(CLASS, {"code": "ZZZ-ZZZ-ZZZ", "teacher": token}))
    assert any("does not exist any more" in e for e in texts(gone, "error"))


# ---- sharing -----------------------------------------------------------------------------

def test_share_this_run_is_only_for_a_student_with_a_trained_run():
    at = train_a_little(ok(open_app()))
    assert not [b for b in at.button if b.label == "Share this run"], "not in a class"
    teacher, code, _ = start_class()
    teacher = train_a_little(teacher)
    assert not [b for b in teacher.button if b.label == "Share this run"], "the teacher"
    student = join(code, "Amira", "app_pages/train.py")
    assert not [b for b in student.button if b.label == "Share this run"], "iteration 0"
    student.button(key="plus100").click().run()
    assert [b for b in ok(student).button if b.label == "Share this run"]


def test_a_shared_run_appears_on_the_teachers_board(store):
    teacher, code, _ = start_class()
    student = train_a_little(join(code, "<b>Bob</b>"))
    run = student.session_state["run"]
    button(student, "Share this run").click().run()
    ok(student)
    assert any(s.startswith(f"Shared with class {code}: 0 vs 1, 100 iterations")
               for s in texts(student, "success"))
    [shared] = store.board(code).runs
    assert (shared.name, shared.pair, shared.iteration) == ("<b>Bob</b>", (0, 1), 100)
    assert shared.settings == run.settings
    np.testing.assert_allclose(shared.weights, run.latest.w.ravel())
    assert shared.test_accuracy == run.latest.test_accuracy
    assert len(shared.curve_costs) == len(shared.curve_iterations) <= 100

    teacher.run()  # the page the teacher sees next (in a browser the board reruns itself)
    table = ok(teacher).dataframe[0].value
    assert list(table.columns) == ["Name", "Pair", "Learning rate", "Iterations",
                                   "Test accuracy"]
    assert table.iloc[0].to_dict() == {
        "Name": "<b>Bob</b>", "Pair": "0 vs 1", "Learning rate": run.learning_rate,
        "Iterations": 100, "Test accuracy": pytest.approx(100 * run.latest.test_accuracy)}
    assert any(s.key == "class_pair" for s in teacher.selectbox)


def test_a_click_delivered_twice_shares_once_and_a_new_click_shares_again(store):
    _, code, _ = start_class()
    student = train_a_little(join(code, "Amira"))
    share = share_button(student, "run")
    share.click()
    click = apptest.widget_states(student)  # what the browser sends for this click
    apptest.send(student, click)
    apptest.send(student, click)  # ...and the same message again (a retry, a double delivery)
    ok(student)
    assert len(store.board(code).runs) == 1
    again = share_button(student, "run")
    assert again.key != share.key, "the next press is a new share with a new key"
    again.click().run()
    assert len(ok(student).session_state["run"].history) > 0
    assert len(store.board(code).runs) == 2
    assert any(s.startswith("Shared with class") for s in texts(student, "success"))


def test_sharing_too_fast_is_refused_with_a_message(store):
    _, code, _ = start_class()
    student = train_a_little(join(code, "Amira"))
    me = student.session_state["class_membership"].member_token
    drawing = [0.5] * 64
    for k in range(20):  # the limit: 20 shares a minute
        store.share_drawing(code, me, drawing, 3, 3, f"flood-{k}")
    button(student, "Share this run").click().run()
    assert any("shared 20 times in the last minute" in e for e in texts(ok(student), "error"))
    assert store.board(code).runs == ()


def test_a_closed_class_keeps_its_board_and_invites_no_share(store):
    teacher, code, _ = start_class()
    student = train_a_little(join(code, "Amira"))
    button(student, "Share this run").click().run()
    student.button(key="plus100").click().run()  # a Share button on screen...
    stale = button(ok(student), "Share this run")
    button(teacher.run(), "Close it now").click().run()
    ok(teacher)
    assert store.class_info(code).closed
    assert any("class is closed" in i for i in texts(teacher, "info"))
    stale.click().run()  # ...pressed after the class closed: refused, in words
    assert any(e.startswith("This class is closed") for e in texts(ok(student), "error"))
    assert len(store.board(code).runs) == 1, "the board stays as it was"
    student.run()  # from then on the page shows nothing that invites sharing
    assert not [b for b in ok(student).button if b.label.startswith("Share")]
    student.switch_page("app_pages/draw.py").run()
    student.session_state["canvas"] = canvas_value(draw_digit(3))
    student.run()
    assert not [b for b in ok(student).button if b.label.startswith("Share")]
    assert not [p for p in student.button_group if p.label == "I meant"]
    student.switch_page(CLASS).run()
    shown = " ".join(texts(ok(student), "caption") + texts(student, "info"))
    assert "The class is closed" in shown and "Share a run" not in shown
    assert "press **Share" not in shown
    late = ok(open_app(CLASS, {"code": code}))
    late.text_input(key="join_name").input("Late")
    button(late, "Join").click().run()
    assert any(e.startswith("This class is closed") for e in texts(ok(late), "error"))


def test_a_drawing_is_shared_with_the_digit_meant_and_read_on_the_board(store):
    teacher, code, _ = start_class()
    student = join(code, "Amira", "app_pages/draw.py")
    for digit in (7, 1, 7):
        student.session_state["canvas"] = canvas_value(draw_digit(digit))
        student.run()
        share = share_button(ok(student), "drawing")
        assert share.disabled, "the digit meant is chosen first"
        student.button_group(key="class_meant").set_value(digit).run()
        share_button(ok(student), "drawing").click().run()
        assert any(s.startswith(f"Shared with class {code}: your {digit}")
                   for s in texts(ok(student), "success"))
    board = store.board(code)
    assert [d.intended_digit for d in board.drawings] == [7, 1, 7]
    assert all(len(d.features) == 64 and 0 <= min(d.features) for d in board.drawings)

    teacher.run()
    shown = metrics(ok(teacher))
    assert re.fullmatch(r"\d+%", shown["Accuracy on our handwriting"])
    assert shown["On the dataset's test images"] == "96.7%"
    button(teacher, "Retrain with our drawings").click().run()
    shown = metrics(ok(teacher))
    assert re.fullmatch(r"\d+%", shown["Before: on our held-out drawings"])
    assert re.fullmatch(r"\d+%", shown["After retraining"])
    assert any("plus 2 of your drawings" in c and "other 1" in c
               for c in texts(teacher, "caption"))


def test_the_teacher_removes_an_entry_and_deletes_the_class(store):
    teacher, code, _ = start_class()
    student = train_a_little(join(code, "Amira"))
    button(student, "Share this run").click().run()
    student.button(key="plus100").click().run()
    button(ok(student), "Share this run").click().run()
    first, second = store.board(code).runs
    teacher.run()
    teacher.selectbox(key="class_remove_run").set_value(first.id).run()
    button(teacher, "Remove run").click().run()
    assert any("Run removed" in s for s in texts(ok(teacher), "success"))
    assert [r.id for r in store.board(code).runs] == [second.id]
    assert len(teacher.dataframe[0].value) == 1

    button(teacher, "Delete everything now").click().run()
    assert any("class was deleted" in s for s in texts(ok(teacher), "success"))
    assert "class_membership" not in teacher.session_state
    assert [b.label for b in teacher.button if b.label == "Start a class"]
    student.switch_page(CLASS).run()
    assert any("does not exist any more" in w for w in texts(ok(student), "warning"))
    assert "class_membership" not in student.session_state


def test_a_student_cannot_use_the_teachers_controls(store):
    _, code, _ = start_class()
    student = join(code, "Amira")
    assert not [b for b in student.button if b.label in ("Remove run", "Close it now",
                                                          "Delete everything now")]
    assert not store.class_info(code).closed


def test_leave_ends_the_membership_and_the_badge():
    _, code, _ = start_class()
    student = join(code, "Amira")
    button(student, "Leave").click().run()
    assert "class_membership" not in ok(student).session_state
    assert [t.label for t in student.text_input] == ["Class code", "Your name"]
    assert not any("joined as" in t for t in texts(student, "text"))


# ---- the pieces --------------------------------------------------------------------------

def test_a_trained_run_is_shared_as_the_store_expects():
    run = TrainingRun(RunSettings(3, 8, learning_rate=0.5, num_iterations=2000,
                                  batch_size=32, init="random", seed=4)).advance(1500)
    fields = clean_run(sharing.run_to_share(run))
    assert fields["settings"] == RunSettings(3, 8, 0.5, 2000, 0.2, 0.0, 32, "random", 4).record()
    assert fields["iteration"] == 1500 and len(fields["weights"]) == 64
    assert len(fields["curve_costs"]) == min(100, len(run.history))
    assert fields["curve_iterations"][-1] == 1500
    assert fields["test_accuracy"] == run.latest.test_accuracy


@pytest.mark.parametrize("page_url, students", [
    ("http://school.example:8501/class", "http://school.example:8501/class?code=K7Q-XM4-RP2"),
    ("https://host/app/class/", "https://host/app/class?code=K7Q-XM4-RP2"),
    (None, "/class?code=K7Q-XM4-RP2"),
])
def test_the_class_links_are_built_on_the_pages_address(page_url, students):
    assert entry.class_links(page_url, "K7Q-XM4-RP2") == (students, None)
    _, teacher = entry.class_links(page_url, "K7Q-XM4-RP2", "tok_en-1")
    assert teacher == students + "&teacher=tok_en-1"


def test_names_in_the_board_pictures_are_drawn_as_text():
    name = "<b>Bob</b> & <br>"
    weights = np.random.default_rng(0).normal(size=(3, 64))
    figure = class_figures.weight_pictures(weights, [name, "Amira", "Zoe"], [0.5, 0.75, 1.0])
    captions = [a.text for a in figure.layout.annotations]
    assert captions == ["&lt;b&gt;Bob&lt;/b&gt;…<br>50.0%", "Amira<br>75.0%", "Zoe<br>100.0%"]
    hover = [t for row in figure.data[0].text for t in row if t]
    assert len(hover) == 3 * 64 and not any("<" in t or ">" in t for t in hover)
    z = np.array(figure.data[0].z, dtype=float)
    assert np.nanmax(np.abs(z)) == 1.0, "each picture scaled to its own strongest weight"

    features = np.full((4, 64), 0.5)
    figure = class_figures.drawings_by_digit(features, [3, 3, 8, 3], [3, 5, 8, 3],
                                             [name, "A", "B", "C"], n_cols=2)
    assert list(figure.layout.yaxis.ticktext) == ["3: 2 of 3", "8: 1 of 1"], "all of them"
    labels = [a.text for a in figure.layout.annotations]
    assert labels == ["✓ 3", "✗ 5", "✓ 8"], "newest first, two per row"
    hover = {t for row in figure.data[0].text for t in row if t}
    assert "&lt;b&gt;Bob&lt;/b&gt; &amp; &lt;br&gt; meant 3; the model read 3" not in hover
    assert "C meant 3; the model read 3" in hover and "A meant 3; the model read 5" in hover


@pytest.mark.parametrize("url, message", [
    ("postgresql+psycopg://teacher:s3cret@127.0.0.1:9/nowhere",
     "The class board cannot be reached right now. Try again in a moment."),
    ("nonsense://teacher:s3cret@somewhere/db",
     "The class board is not set up correctly on this server"),
])
def test_a_database_that_cannot_be_used_is_a_message_not_a_traceback(monkeypatch, url, message):
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", url)
    class_store.close()
    at = ok(open_app(CLASS))
    button(at, "Start a class").click().run()
    errors = texts(ok(at), "error")
    assert any(e.startswith(message) for e in errors), errors
    assert not any("s3cret" in e for e in errors), "never the database's password"
    at.text_input(key="join_code").input("K7Q-XM4-RP2")
    at.text_input(key="join_name").input("Amira")
    button(at, "Join").click().run()
    assert any(e.startswith(message) for e in texts(ok(at), "error"))


@pytest.mark.parametrize("text, seat", [
    ("K7QXM4RP2.s." + "a" * 32, ("K7Q-XM4-RP2", "student", "a" * 32)),
    ("k7qxm4rp2.t.Ab-_" + "9" * 28, ("K7Q-XM4-RP2", "teacher", "Ab-_" + "9" * 28)),
    ("K7QXM4RP2.x." + "z" * 32, ("K7Q-XM4-RP2", "left", "z" * 32)),
    ("K7QXM4RP2.s.short", None), ("K7QXM4RP2.q." + "a" * 32, None),
    ("NOTACODE0.s." + "a" * 32, None), ("K7QXM4RP2.s." + "a" * 32 + ".x", None),
    ("K7QXM4RP2.s.<script>" + "a" * 30, None), ("", None), (None, None),
])
def test_the_class_cookie_is_read_strictly(text, seat):
    from playground.class_mode.seat import Seat, parse

    read = parse(text)
    assert (None if read is None else (read.code, read.role, read.token)) == seat
    if read is not None:
        assert parse(read.text) == read and Seat(*seat).text.split(".")[0] == "K7QXM4RP2"


# ---- the teacher leads the room: suggestions and challenges ---------------------------------

def test_a_suggestion_reaches_a_student_on_any_page_and_open_loads_it(store):
    teacher, code, _ = start_class()
    student = join(code, "Amira", "app_pages/data.py")
    teacher.switch_page("app_pages/train.py").run()
    for key, value in (("neg", 4), ("pos", 9), ("lr", 5.0), ("iterations", 100)):
        widget = getattr(teacher, "select_slider" if key == "lr" else "number_input"
                         if key == "iterations" else "selectbox")(key=key)
        widget.set_value(value).run()
    button(ok(teacher), "Send these settings to the class").click().run()
    assert "Sent to the class: 4 vs 9, learning rate 5, 100 iterations. Every student sees " \
           "it within a few seconds." in texts(ok(teacher), "success")
    assert not [b for b in teacher.button if b.label == "Open"], "not for the teacher"
    student.run()  # the page asks for the class's news (every few seconds in a browser)
    assert any("Your teacher suggests" in m and "4 vs 9, learning rate 5, 100 iterations" in m
               for m in texts(ok(student), "markdown"))
    trained_before = student.session_state["settings"]
    assert trained_before.pair == (0, 1), "nothing changes before Open"
    button(student, "Open").click().run()
    ok(student)
    assert student.session_state["settings"] == RunSettings(4, 9, learning_rate=5.0,
                                                            num_iterations=100)
    assert student.session_state["run"].iteration == 0, "not yet trained"
    assert any(t.value == "Train the neuron" for t in student.title), "on Train"
    student.run()
    assert not any("Your teacher suggests" in m for m in texts(ok(student), "markdown"))
    membership = student.session_state["class_membership"]
    assert store.news(code, membership.member_token).suggestion is None, "not after a reload"
    teacher.selectbox(key="pos").set_value(8).run()
    button(teacher, "Send these settings to the class").click().run()
    student.run()
    assert any("4 vs 8" in m for m in texts(ok(student), "markdown")), "the later one"
    button(student, "Dismiss").click().run()
    assert not any("Your teacher suggests" in m for m in texts(ok(student), "markdown"))
    assert student.session_state["settings"].pair == (4, 9), "dismissed: nothing changes"


def start_challenge(teacher, negative, positive, target=None, most=None):
    teacher.switch_page(CLASS).run()
    ok(teacher).selectbox(key="challenge_negative").set_value(negative)
    teacher.selectbox(key="challenge_positive").set_value(positive)
    if target is not None:
        teacher.number_input(key="challenge_target").set_value(target)
    if most is not None:
        teacher.number_input(key="challenge_most").set_value(most)
    button(teacher, "Start the challenge").click().run()
    return ok(teacher)


def enter(student, learning_rate):
    """Take the challenge on Train, train at ``learning_rate`` and enter the run."""
    student.switch_page("app_pages/train.py").run()
    line = [m for m in texts(ok(student), "markdown") if "**Challenge:**" in m]
    assert line, "the challenge is on Train"
    button(student, "Take the challenge").click().run()
    ok(student).select_slider(key="lr").set_value(learning_rate).run()
    student.button(key="plus100").click().run()
    button(ok(student), "Share to the challenge").click().run()
    return [s for s in texts(ok(student), "success") if s.startswith("Entered")]


def test_a_challenge_from_start_to_the_winners(store):
    teacher, code, _ = start_class()
    amira, ben = join(code, "<b>Amira</b>"), join(code, "Ben")
    for student in (amira, ben):  # two runs of 0 vs 1 before the challenge
        share_button(train_a_little(student), "run").click().run()
    start_challenge(teacher, 3, 8, target=95.0, most=300)
    assert any("Reach at least 95% test accuracy on 3 vs 8 in at most 300 iterations" in m
               for m in texts(teacher, "markdown"))
    assert button(teacher, "End the challenge")
    assert enter(amira, 0.5)[0].endswith("— it meets the goal. It is on the board now.")
    assert "does not meet the goal yet" in enter(ben, 0.0001)[0]
    teacher.run()
    table = next(d.value for d in ok(teacher).dataframe if "Goal" in d.value.columns)
    assert list(table["Name"]) == ["<b>Amira</b>", "Ben"], "best first, names as text"
    assert list(table["Goal"]) == ["✓", ""], "only the one that meets the goal is marked"
    assert list(table["Iterations"]) == [100, 100]
    pair = teacher.selectbox(key="class_pair")
    assert pair.options == ["3 vs 8", "0 vs 1"] and pair.value == "3 vs 8", \
        "the challenge's pictures come up, though the board showed 0 vs 1 and it has as many"
    pair.set_value("0 vs 1").run()
    assert teacher.run().selectbox(key="class_pair").value == "0 vs 1", "then as chosen"
    button(teacher, "End the challenge").click().run()
    assert any("The winners" in m for m in texts(ok(teacher), "markdown"))
    assert metrics(teacher)["First"] == "<b>Amira</b>", "the winner's name, as text"
    amira.switch_page("app_pages/train.py").run()
    assert not [b for b in ok(amira).button if b.label == "Share to the challenge"]
    assert not any("**Challenge:**" in m for m in texts(amira, "markdown"))
    standings = store.standings(code)
    assert [r.name for r in standings.entries] == ["<b>Amira</b>", "Ben"]


def test_retrain_waits_for_two_drawings():
    teacher, code, _ = start_class()
    student = join(code, "Amira", "app_pages/draw.py")
    student.session_state["canvas"] = canvas_value(draw_digit(7))
    student.run()
    student.button_group(key="class_meant").set_value(7).run()
    share_button(ok(student), "drawing").click().run()
    teacher.run()
    retrain = button(ok(teacher), "Retrain with our drawings")
    assert retrain.disabled
    assert "Needs at least 2 drawings: half to learn from, half to measure on." in \
        texts(teacher, "caption")
