"""The school deployment as a school runs it: ``bash run_school.sh`` (app processes behind
Debian's HAProxy), real browsers through the proxy, and real faults: a worker killed
mid-lesson, reloads and new tabs, an upload, PostgreSQL down for a while, forged and
stale member tokens. What a class would notice: a student dropped from the class, a
share lost or counted twice, a traceback, an upload that goes nowhere, processes left
running after Ctrl-C."""

import os
import signal
import time

import pytest

from classroom import open_store
from playground.class_mode.seat import COOKIE
from tests.support.browser import screenshot, wait_idle
from tests.support.lesson import go_to, join, no_exception, press, start_class
from tests.support.postgres import postgres_server, stopped
from tests.support.school import in_class, school, worker_of

pytestmark = pytest.mark.browser

BACK_WITHIN = 15  # s: after its worker died, a student's page is back in the class


def train_and_share(page, url, pair):
    """Open Train on ``pair`` by a link, train at Instant, share; wait for the answer."""
    page.goto(f"{url}/train?neg={pair[0]}&pos={pair[1]}&iterations=60")
    wait_idle(page)
    page.get_by_text("Instant", exact=True).click()
    page.get_by_role("radio", name="Instant", checked=True).wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Share this run").wait_for()
    wait_idle(page)
    press(page, "Share this run", "It is on the board now")


STUDENTS = {"Amira": (3, 8), "Ben": (4, 9), "Chloé": (1, 7), "Dev": (5, 6)}


def test_a_lesson_survives_a_killed_worker_reloads_and_new_tabs(tmp_path, people):
    with school(tmp_path) as running:
        url = running.url
        teacher = people()
        code, _ = start_class(teacher, url)
        students = {}
        for name in STUDENTS:
            students[name] = people()
            join(students[name], url, code, name)
        workers = {name: worker_of(page) for name, page in students.items()}
        assert set(workers.values()) == {"w1", "w2"}, f"not spread: {workers}"
        for name, page in students.items():
            train_and_share(page, url, STUDENTS[name])

        # one worker dies mid-lesson
        victim = workers["Amira"]
        pid = running.worker_pids()[int(victim[1:])]
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        for name, page in students.items():
            in_class(page, code, name, timeout=max(1, BACK_WITHIN - (time.monotonic()
                                                                     - killed_at)) * 1000)
            no_exception(page)
        assert time.monotonic() - killed_at < BACK_WITHIN
        for name, page in students.items():  # and they work on: train and share again
            train_and_share(page, url, STUDENTS[name])
        # a student whose worker died uploads a photo: the upload (HTTP, beside the
        # WebSocket) reaches the process that now holds her session
        moved = [name for name, worker in workers.items() if worker == victim]
        upload_a_seven(students[moved[0]], url, tmp_path)

        # the launcher started the dead worker again
        deadline = time.monotonic() + 60
        while running.worker_pids()[int(victim[1:])] == pid or not running.healthy(
                running.worker_port + int(victim[1:]) - 1):
            assert time.monotonic() < deadline, running.log()
            time.sleep(0.5)
        assert f"worker {victim[1:]} (pid {pid}) stopped; starting it again" in running.log()

        # reloads and a projected link in a new tab: still in the class
        for name, page in students.items():
            page.reload()
            wait_idle(page)
            in_class(page, code, name)
            tab = page.context.new_page()
            tab.goto(f"{url}/train?neg=3&pos=8&lr=0.5")
            wait_idle(tab)
            in_class(tab, code, name)
            no_exception(tab)
            tab.close()

        with open_store(f"sqlite:///{tmp_path / 'playground.sqlite3'}") as store:
            board = store.board(code)
        assert sorted(s.name for s in board.students) == sorted(STUDENTS), "each once"
        assert sorted(r.name for r in board.runs) == sorted(list(STUDENTS) * 2), \
            "every acknowledged share exactly once"
        go_to(teacher, "Class")
        teacher.get_by_text("4 students").first.wait_for()
        screenshot(teacher, "school-board")


def upload_a_seven(page, url, tmp_path):
    """Draw: upload a photo of a 7; its Prediction, and the page's media files (the
    canvas's background picture, fetched over HTTP beside the WebSocket), must come
    back from the process holding the session."""
    from PIL import Image

    from tests.support.drawn_digits import draw_digit

    path = tmp_path / "seven.png"
    ink = draw_digit(7, size=220)[:, :, 3]  # the canvas's alpha: ink on nothing
    Image.fromarray(255 - ink).save(path)  # dark ink on white paper, as a photo
    media = []
    page.on("response", lambda r: media.append(r.status) if "/media/" in r.url else None)
    page.goto(f"{url}/draw")
    wait_idle(page)
    page.locator("canvas.upper-canvas").first.wait_for()
    page.wait_for_timeout(500)
    assert media and set(media) == {200}, f"media files answered {media}"
    page.get_by_text("Upload a photo", exact=True).click()
    wait_idle(page)
    page.locator("input[type='file']").set_input_files(str(path))
    prediction = page.locator("[data-testid='stMetric']").filter(has_text="Prediction")
    prediction.first.wait_for(timeout=30_000)
    assert "7" in prediction.first.inner_text()
    no_exception(page)


def test_an_upload_on_draw_gets_its_prediction_through_the_proxy(tmp_path, people):
    with school(tmp_path) as running:
        workers = set()
        for _ in range(2):  # two browsers, kept open: one on each worker
            page = people()
            upload_a_seven(page, running.url, tmp_path)
            workers.add(worker_of(page))
        assert workers == {"w1", "w2"}


def test_sharing_while_postgresql_is_down_is_a_message_and_works_again_after(
        tmp_path, people):
    with postgres_server() as database, school(
            tmp_path, env={"PLAYGROUND_DATABASE_URL": database}) as running:
        teacher, amira = people(), people()
        code, _ = start_class(teacher, running.url)
        join(amira, running.url, code, "Amira")
        train_and_share(amira, running.url, (3, 8))
        with stopped(database):  # the same run shared again: a new press, a new share
            amira.get_by_role("button", name="Share this run").click()
            message = amira.get_by_text("The class board cannot be reached right now. "
                                        "Try again in a moment.")
            message.first.wait_for()
            wait_idle(amira)
            no_exception(amira)
            time.sleep(10)
        amira.get_by_role("button", name="Share this run").click()
        amira.get_by_text("It is on the board now").first.wait_for()
        wait_idle(amira)
        no_exception(amira)
        with open_store(database) as store:
            board = store.board(code)
            with store.engine.connect() as connection:
                shares = connection.exec_driver_sql("SELECT count(*) FROM shares").scalar()
                runs = connection.exec_driver_sql("SELECT count(*) FROM runs").scalar()
        assert [r.name for r in board.runs] == ["Amira", "Amira"]
        assert shares == runs == 2, "nothing half-written"


def forgotten(page):
    """The page has the browser forget its class cookie (it names no seat)."""
    page.wait_for_function("name => !document.cookie.includes(name + '=')", arg=COOKIE,
                           timeout=10_000)
    assert all(c["name"] != COOKIE for c in page.context.cookies())


def test_forged_and_stale_member_tokens_give_no_seat(tmp_path, people):
    with school(tmp_path) as running:
        url = running.url
        teacher = people()
        code, teacher_link = start_class(teacher, url)
        other_teacher = people()
        other_code, other_link = start_class(other_teacher, url)
        amira = people()
        join(amira, url, code, "Amira")
        token = next(c["value"] for c in amira.context.cookies()
                     if c["name"] == COOKIE).split(".")[2]
        normal = code.replace("-", "")
        cases = {
            "forged": f"{normal}.s.{'A' * 32}",
            "another class's code": f"{other_code.replace('-', '')}.s.{token}",
            "a teacher's seat with a student's token": f"{normal}.t.{token}",
        }
        for case, value in cases.items():
            page = people()
            page.context.add_cookies([{"name": COOKIE, "value": value, "url": url}])
            page.goto(f"{url}/train")
            wait_idle(page)
            assert page.get_by_text(f"Class {code}").count() == 0, case
            assert page.get_by_text(f"Class {other_code}").count() == 0, case
            no_exception(page)
            forgotten(page)
        with open_store(f"sqlite:///{tmp_path / 'playground.sqlite3'}") as store:
            assert [s.name for s in store.board(code).students] == ["Amira"], "nothing new"
            # the class closes: her seat still shows the class, and a share is refused
            store.close_class(code, teacher_link.split("teacher=")[1])
        page = people()
        page.context.add_cookies([{"name": COOKIE, "value": f"{normal}.s.{token}", "url": url}])
        page.goto(f"{url}/train?iterations=20")
        wait_idle(page)
        in_class(page, code, "Amira")
        page.get_by_role("button", name="+100").click()
        wait_idle(page)
        no_exception(page)
        with open_store(f"sqlite:///{tmp_path / 'playground.sqlite3'}") as store:
            assert store.board(code).runs == (), "nothing shared in a closed class"
        # the class is deleted: the seat is gone, and so is the cookie
        with open_store(f"sqlite:///{tmp_path / 'playground.sqlite3'}") as store:
            store.delete_class(code, teacher_link.split("teacher=")[1])
        page = people()
        page.context.add_cookies([{"name": COOKIE, "value": f"{normal}.s.{token}", "url": url}])
        page.goto(f"{url}/train")
        wait_idle(page)
        assert page.get_by_text(f"Class {code}").count() == 0
        forgotten(page)
