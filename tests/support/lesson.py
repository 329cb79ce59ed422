"""A lesson in real browsers: the steps a teacher and students take in class mode, as
the browser tests (and the school's fault tests) take them."""

from playwright.sync_api import expect

from logreg.settings import LEARNING_RATES, format_number
from tests.support.browser import wait_idle

PROJECTOR = {"width": 1280, "height": 720}
BOARD_WAIT = 10_000  # ms: a share must be on every open board within this
NOTICE_WITHIN = 5_000  # ms: a suggestion or challenge is on every student's page within this


def no_exception(page):
    assert page.locator("[data-testid='stException']").count() == 0


def start_class(page, url):
    """The teacher starts a class: (code, teacher link)."""
    page.goto(f"{url}/class")
    wait_idle(page)
    page.get_by_role("button", name="Start a class").click()
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Class code")
    # (while the page is redrawn, the metric of the run before may still be there)
    code = metric.locator("[data-testid='stMetricValue']").first.inner_text(
        timeout=30_000).strip()
    wait_idle(page)
    link = page.get_by_role("link", name="Teacher link")
    expect(link).to_have_count(1)  # (a redraw shows the old one until it ends)
    teacher_link = link.get_attribute("href")
    no_exception(page)
    return code, teacher_link


def join(page, url, code, name):
    """A student opens the students' link, types a name and joins."""
    page.goto(f"{url}/class?code={code}")
    wait_idle(page)
    # the link fills the code in (the field may be drawn a moment before its value)
    expect(page.get_by_role("textbox", name="Class code")).to_have_value(code, timeout=5_000)
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You joined the class").wait_for()
    wait_idle(page)
    no_exception(page)


def go_to(page, title):
    """Another page through the navigation bar (the session, and its class, stay)."""
    page.locator("[data-testid='stTopNavLink']").filter(has_text=title).click()
    page.wait_for_url(f"**/{title.lower()}*")
    page.wait_for_timeout(300)  # the new page's run has begun
    wait_idle(page)


def press(page, button, answer):
    """Press ``button`` and wait for the page to say ``answer`` (and finish its run)."""
    page.get_by_role("button", name=button).click()
    page.get_by_text(answer).first.wait_for()
    wait_idle(page)
    no_exception(page)


def share_a_run(page):
    """Train 100 iterations, then Share this run; wait for the confirmation."""
    go_to(page, "Train")
    page.get_by_role("button", name="+100").click()
    press(page, "Share this run", "It is on the board now")


def students_line(page):
    """The board's list of students (plain text)."""
    return page.locator("[data-testid='stMain'] [data-testid='stText']")


def wait_for_board(page, names, runs):
    """The open board shows these names as text and this many runs (no reload)."""
    for name in names:
        students_line(page).filter(has_text=name).first.wait_for(timeout=BOARD_WAIT)
        page.locator(".js-plotly-plot text").filter(has_text=name).first.wait_for(
            timeout=BOARD_WAIT)
    page.get_by_text(f"{runs} run{'s' if runs != 1 else ''} ·").first.wait_for(
        timeout=BOARD_WAIT)


def pick(page, label, value):
    """Choose ``value`` in the selectbox labelled ``label``."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    page.keyboard.type(str(value))  # the list filters as one types; Enter takes the first
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(box).to_have_value(str(value))


def start_challenge(teacher, negative, positive, target=None, most_iterations=None):
    """On Class, the teacher sets a challenge and presses Start the challenge."""
    go_to(teacher, "Class")
    pick(teacher, "Negative digit", negative)
    pick(teacher, "Positive digit", positive)
    if target is not None:
        teacher.get_by_role("spinbutton", name="Target test accuracy (%)").fill(str(target))
    if most_iterations is not None:
        teacher.get_by_role("spinbutton", name="Most iterations").fill(str(most_iterations))
    teacher.keyboard.press("Tab")
    wait_idle(teacher)
    teacher.get_by_role("button", name="Start the challenge").click()
    teacher.get_by_text("A challenge is on").first.wait_for()
    wait_idle(teacher)


def enter_the_challenge(page, learning_rate, steps=1):
    """Train: Take the challenge, a learning rate, +100 ``steps`` times, Share to the
    challenge."""
    go_to(page, "Train")
    page.get_by_text("Challenge:").first.wait_for(timeout=NOTICE_WITHIN)
    page.get_by_role("button", name="Take the challenge").click()
    wait_idle(page)
    set_learning_rate(page, learning_rate)
    for _ in range(steps):
        page.get_by_role("button", name="+100").click()
        wait_idle(page)
    press(page, "Share to the challenge", "Entered in the challenge")


def set_learning_rate(page, learning_rate):
    """Move the Learning rate slider to ``learning_rate`` with the keyboard, as a student
    can. A key pressed while the page is redrawn can be lost, so the slider is read back
    and moved again until it shows the value."""
    slider = page.get_by_role("slider", name="Learning rate α")
    wanted = LEARNING_RATES.index(learning_rate)
    for _ in range(5):
        shown = slider.get_attribute("aria-valuetext")
        now = next((i for i, rate in enumerate(LEARNING_RATES)
                    if format_number(rate) == shown), None)
        if now == wanted:
            return
        slider.focus()
        if now is None:
            slider.press("Home")
            now = 0
        key = "ArrowRight" if wanted > now else "ArrowLeft"
        for _ in range(abs(wanted - now)):
            slider.press(key)
        page.wait_for_timeout(500)  # the last key's rerun has begun
        wait_idle(page)
    raise AssertionError(f"the Learning rate slider shows {slider.get_attribute('aria-valuetext')}"
                         f", not {format_number(learning_rate)}")
