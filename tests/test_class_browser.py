"""Class mode in real browsers: a teacher and two students, each in a browser context
of their own, on real ``streamlit run app.py`` servers sharing one SQLite database.

What a lesson would notice: the teacher's board not following the class (it must show
each student's run within seconds, without a reload), a name rendered as markup, a
teacher link that stops working or shares that vanish when the server is killed and
started again, two server processes that do not see the same board. Screenshots of the
teacher's and a student's Class page at 1280x720 land in ``artifacts/``.
"""

import signal
import sqlite3
import time

import pytest

from classroom import open_store
from tests.support.browser import axe_violations, screenshot, wait_idle
from tests.support.lesson import (BOARD_WAIT, go_to, join, no_exception, share_a_run,
                                  start_class, students_line, wait_for_board)
from tests.support.server import ARTIFACTS, SERVERS, streamlit_server

pytestmark = pytest.mark.browser



@pytest.fixture
def database(tmp_path):
    """A class database of the test's own: (SQLAlchemy URL, file path)."""
    path = tmp_path / "class.sqlite3"
    return f"sqlite:///{path}", path


def shot(page, name):
    """What the projector shows (1280x720), and the whole page below it."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.mouse.move(5, 700)
    page.wait_for_timeout(700)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    screenshot(page, f"{name}-full")


def test_a_lesson_teacher_and_two_students_and_a_server_killed_mid_lesson(
        people, database, axe_source):
    url_db, path = database
    env = {"PLAYGROUND_DATABASE_URL": url_db}
    teacher, amira, bob = people(), people(), people()
    with streamlit_server("streamlit-class.log", env=env) as url:
        code, teacher_link = start_class(teacher, url)
        assert teacher_link.startswith(f"{url}/class?code={code}&teacher=")
        assert "teacher=" not in teacher.url, "no token in the projected address bar"
        shot(teacher, "class-teacher-new")

        join(amira, url, code, "Amira")
        join(bob, url, code, "<b>Bob</b>")
        bob.locator("[data-testid='stMain'] [data-testid='stText']").filter(
            has_text="<b>Bob</b>").first.wait_for()
        # the class is named on every page, as a link back to the board
        go_to(bob, "Data")
        bob.get_by_role("link", name=f"Class {code}").wait_for()
        bob.get_by_text("joined as <b>Bob</b>", exact=True).wait_for()

        share_a_run(amira)
        share_a_run(bob)
        started = time.monotonic()
        wait_for_board(teacher, ["Amira", "<b>Bob</b>"], runs=2)
        assert time.monotonic() - started < BOARD_WAIT / 1000
        main = teacher.locator("[data-testid='stMain']")
        assert main.locator("b").filter(has_text="Bob").count() == 0, "never markup"
        no_exception(teacher)
        # the teacher's list of runs to remove names them as text too
        teacher.get_by_text("Teacher's controls").click()
        runs = teacher.get_by_role("combobox", name="A run")
        runs.wait_for()
        wait_idle(teacher)
        runs.click()
        teacher.get_by_role("option").filter(has_text="<b>Bob</b> · 0 vs 1").wait_for()
        teacher.keyboard.press("Escape")
        shot(teacher, "class-teacher-board")
        violations = axe_violations(teacher, axe_source)
        assert not violations, "\n".join(violations)
        go_to(bob, "Class")
        wait_for_board(bob, ["Amira", "<b>Bob</b>"], runs=2)
        shot(bob, "class-student-board")

        # the server dies mid-lesson (no clean shutdown) and is started again
        server = SERVERS[url]
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        port = int(url.rsplit(":", 1)[1])
        with streamlit_server("streamlit-class-restarted.log", env=env, port=port) as again:
            assert again == url
            with sqlite3.connect(path) as check:
                assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            with open_store(url_db) as store:
                assert sorted(r.name for r in store.board(code).runs) == ["<b>Bob</b>",
                                                                          "Amira"]
            later = people()
            later.goto(teacher_link)  # the bookmarked link, on another device
            wait_idle(later)
            later.get_by_text("Teacher's controls").wait_for()
            wait_for_board(later, ["Amira", "<b>Bob</b>"], runs=2)
            assert later.get_by_role("link", name="Teacher link").count() == 1
            no_exception(later)


def test_two_server_processes_on_one_database_show_one_board(people, database):
    url_db, _ = database
    env = {"PLAYGROUND_DATABASE_URL": url_db}
    with streamlit_server("streamlit-class-a.log", env=env) as url_a, \
            streamlit_server("streamlit-class-b.log", env=env) as url_b:
        assert url_a != url_b
        teacher, student = people(), people()
        code, _ = start_class(teacher, url_a)
        join(student, url_b, code, "Zoë 🦊")
        teacher_sees = students_line(teacher).filter(has_text="Zoë 🦊").first
        teacher_sees.wait_for(timeout=BOARD_WAIT)
        share_a_run(student)
        wait_for_board(teacher, ["Zoë 🦊"], runs=1)
        go_to(student, "Class")
        wait_for_board(student, ["Zoë 🦊"], runs=1)
        no_exception(teacher)
