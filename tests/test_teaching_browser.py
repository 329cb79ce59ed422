"""The teacher leads the room, in real browsers: a teacher and two students on a school's
deployment (``run_school.sh``: one, then two app processes behind HAProxy, one database;
on two, the store is the only channel between them). Send these settings to the class reaches a
student on Data and Open loads it; a challenge is started, one student meets it and one
does not, the table ranks them and marks only the first, names are shown as text; when
it ends, the winners. Screenshots land in ``artifacts/``."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, screenshot, wait_idle
from tests.support.lesson import (NOTICE_WITHIN, enter_the_challenge, go_to, join,
                                  no_exception, share_a_run, start_challenge, start_class)
from tests.support.school import school, worker_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("workers", [1, 2])
def test_send_settings_and_a_challenge_with_a_teacher_and_two_students(
        tmp_path, people, axe_source, workers):
    with school(tmp_path, workers=workers) as running:
        url = running.url
        teacher = people()
        code, _ = start_class(teacher, url)
        amira, bob = people(), people()
        join(amira, url, code, "<b>Amira</b>")
        join(bob, url, code, "Bob")
        assert {worker_of(p) for p in (teacher, amira, bob)} == \
            {f"w{k}" for k in range(1, workers + 1)}, "on two, the teacher is not alone"

        # Send these settings to the class: Amira is on Data
        go_to(amira, "Data")
        go_to(teacher, "Train")
        teacher.goto(f"{url}/train?neg=4&pos=9&lr=5&iterations=100")
        wait_idle(teacher)
        teacher.get_by_role("button", name="Send these settings to the class").click()
        teacher.get_by_text("Sent to the class: 4 vs 9, learning rate 5, 100 iterations")\
            .first.wait_for()
        notice = amira.get_by_text("Your teacher suggests")
        notice.wait_for(timeout=NOTICE_WITHIN)
        expect(amira.get_by_text("4 vs 9, learning rate 5, 100 iterations")).to_be_visible()
        screenshot(amira, "teaching-suggestion")
        amira.locator(".st-key-suggestion").get_by_role("button", name="Open").click()
        amira.wait_for_url("**/train*")
        wait_idle(amira)
        expect(amira.get_by_role("combobox", name="Negative digit (label 0)")).to_have_value("4")
        expect(amira.get_by_role("combobox", name="Positive digit (label 1)")).to_have_value("9")
        assert amira.evaluate("() => location.search").count("lr=5") == 1
        expect(amira.get_by_text("Your teacher suggests")).to_have_count(0)
        amira.reload()
        wait_idle(amira)
        expect(amira.get_by_text("Your teacher suggests")).to_have_count(0)  # not again
        bob.locator(".st-key-suggestion").get_by_role("button", name="Dismiss").click()
        wait_idle(bob)
        expect(bob.get_by_text("Your teacher suggests")).to_have_count(0)

        # a challenge: 3 vs 8, 95% in at most 300 iterations
        share_a_run(bob)  # 0 vs 1, before it: the board's weight pictures show that pair
        start_challenge(teacher, 3, 8, target=95, most_iterations=300)
        pair = teacher.get_by_role("combobox", name="Pair")
        expect(pair).to_have_value("0 vs 1")
        enter_the_challenge(amira, 0.5)
        enter_the_challenge(bob, 0.0001)
        rows = teacher.locator(".st-key-challenge_table, [data-testid='stDataFrame']").first
        rows.wait_for()
        table = teacher.locator("[data-testid='stDataFrame']").first
        expect(table).to_contain_text("Bob", timeout=10_000)  # the board follows
        expect(pair).to_have_value("3 vs 8")  # the challenge's pictures come up
        screenshot(teacher, "teaching-challenge")
        assert not (violations := axe_violations(teacher, axe_source)), "\n".join(violations)
        text = teacher.locator("[data-testid='stDataFrame']").first.text_content()
        assert text.index("<b>Amira</b>") < text.index("Bob"), "best first, as text"
        assert text.count("✓") == 1, "only the run that meets the goal is marked"
        teacher.get_by_role("button", name="End the challenge").click()
        teacher.get_by_text("The winners").first.wait_for()
        wait_idle(teacher)
        expect(teacher.locator(".st-key-winners").get_by_text("<b>Amira</b>")).to_be_visible()
        screenshot(teacher, "teaching-winners")
        go_to(bob, "Train")
        expect(bob.get_by_role("button", name="Share to the challenge")).to_have_count(0)
        for page in (teacher, amira, bob):
            no_exception(page)
        assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}", code)
