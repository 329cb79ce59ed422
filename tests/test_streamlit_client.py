"""The load generator's simulated browser (``benchmarks/streamlit_client.py``) does what
a browser does, on the real app: if it did not, the capacity benchmark would measure
something other than students using the app.

What would be noticed: a Train whose trajectory never arrives or is someone else's, an
"ended" the server does not take as the live view's (no result), a result that is not
the tutorial's number for the pair, a join or a share that does not reach the class
board. Correctness only: no time is asserted here.
"""

import asyncio
import concurrent.futures
import itertools

import numpy as np
import pytest

from benchmarks.streamlit_client import ProtocolError, StreamlitClient
from classroom import open_store
from tests.support import tutorial_reference as tutorial
from tests.support.server import streamlit_server

ITERATIONS = 300
LEARNING_RATE = 0.05  # the app's default (logreg.settings.DEFAULT)
_events = itertools.count(1)


def run(coroutine):
    """Run the simulated browser's ``coroutine`` to its end in a thread of its own, with
    an event loop of its own: the browser tests' Playwright keeps one running in this
    thread for the whole test session."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A real ``streamlit run app.py`` with a class database of its own: (url, db url)."""
    data = tmp_path_factory.mktemp("client-data")
    database = f"sqlite:///{data / 'class.sqlite3'}"
    with streamlit_server(log_name="streamlit-client-server.log",
                          env={"PLAYGROUND_DATA_DIR": str(data),
                               "PLAYGROUND_DATABASE_URL": database}) as url:
        yield url, database


def tutorial_accuracy(negative, positive):
    """The Test accuracy the app must show for the pair, from the tutorial's own code,
    as the app writes it (``playground.formats.percent``)."""
    X_train, Y_train, X_test, Y_test = tutorial.tutorial_data(negative, positive)
    params, _ = tutorial.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, ITERATIONS,
                                  LEARNING_RATE)
    accuracy = np.mean(tutorial.predict(params["w"], params["b"], X_test) == Y_test)
    return f"{100 * accuracy:.2f}%"


def ended(payload):
    """The "ended" event the browser's live view sends when the last frame of
    ``payload`` is on screen (``playground/live_view/live_view.js``, ``emit``)."""
    seq = next(_events)
    return {"event": "ended", "id": f"proto-{seq}", "seq": seq,
            "playback": payload["playback"], "segment": payload["segment"],
            "iteration": payload["frames"]["iteration"][-1]}


async def train(client):
    """Press Train, receive the trajectory, play it (instantly), send "ended" and
    receive the result; returns the trajectory's payload."""
    await client.click("Train")
    view = client.element("bidi_component", key="live")
    payload = client.component_data(view)
    assert "Test accuracy" not in client.metrics(), \
        "the result is shown while the browser is still playing the run"
    await client.send_event(view, "ended", ended(payload))
    return payload


def test_train_page_trajectory_ended_and_the_tutorials_accuracy(app):
    url, _ = app

    async def student():
        async with StreamlitClient(url, f"/train?neg=3&pos=8&iterations={ITERATIONS}") as client:
            before = client.component_data(client.element("bidi_component", key="live"))
            assert not before["animate"], "a fresh Train page plays nothing"
            payload = await train(client)
            after = client.component_data(client.element("bidi_component", key="live"))
            return client, before, payload, after

    client, before, payload, after = run(student())
    assert payload["playback"] != before["playback"], "Train sent no new playback"
    assert payload["animate"] and payload["final"]
    assert (payload["negative"], payload["positive"]) == (3, 8)
    assert payload["num_iterations"] == ITERATIONS
    frames = payload["frames"]["iteration"]
    assert frames[-1] == ITERATIONS and frames == sorted(frames) and len(frames) > 10
    # after "ended", the view gets the still picture of the end under the same id
    assert after["playback"] == payload["playback"] and not after["animate"]
    metrics = client.metrics()
    assert metrics["Test accuracy"] == tutorial_accuracy(3, 8)
    assert metrics["Iterations"] == str(ITERATIONS)
    assert client.exceptions() == [] and client.errors == []


def test_a_class_teacher_starts_a_student_joins_trains_shares_and_the_board_shows_it(app):
    url, database = app

    async def lesson():
        teacher = await StreamlitClient(url, "/class").open()
        student = await StreamlitClient(
            url, f"/train?neg=1&pos=8&iterations={ITERATIONS}").open()
        try:
            await teacher.click("Start a class")
            code = teacher.metrics()["Class code"]

            await student.switch_page("class")
            await student.type("Class code", code.lower().replace("-", ""))  # as typed
            await student.type("Your name", "Ada")
            await student.click("Join")
            assert "joined as Ada" not in student.texts()  # the Class page has no badge
            await student.switch_page("train")
            assert "joined as Ada" in student.texts(), "Train shows no class badge"

            await train(student)
            share = student.element("button", label="Share this run")
            await student.click(node=share)
            await student.click(node=share)  # the same click delivered twice
            shared = [n.proto.body for n in student.elements("alert")]
            assert any(text.startswith(f"Shared with class {code}") for text in shared)

            await student.switch_page("class")
            mine = student.dataframe(student.element("dataframe"))
            # the teacher's open board follows the class by itself (an auto-rerun)
            board = await teacher.wait_for(lambda: teacher.elements("dataframe"), timeout=15)
            theirs = teacher.dataframe(board[0])
            return code, mine, theirs, [c.errors + c.exceptions() for c in (teacher, student)]
        finally:
            await teacher.close()
            await student.close()

    code, mine, theirs, problems = run(lesson())
    expected = tutorial_accuracy(1, 8)
    for table in (mine, theirs):
        assert table.to_dict("records") == [{
            "Name": "Ada", "Pair": "1 vs 8", "Learning rate": LEARNING_RATE,
            "Iterations": ITERATIONS, "Test accuracy": pytest.approx(float(expected[:-1]))}]
    store = open_store(database)
    try:
        board = store.board(code)
    finally:
        store.close()
    assert [(r.name, r.pair, r.iteration) for r in board.runs] == [("Ada", (1, 8), ITERATIONS)]
    assert f"{100 * board.runs[0].test_accuracy:.2f}%" == expected
    assert problems == [[], []]


def test_a_missing_element_is_an_error_not_a_guess(app):
    """Asking for a button the page does not have fails loudly (a benchmark that
    clicked nothing would measure nothing)."""
    url, _ = app

    async def look():
        async with StreamlitClient(url, "/train") as client:
            with pytest.raises(ProtocolError, match="0 buttons with label='Share this run'"):
                await client.click("Share this run")
            with pytest.raises(ProtocolError, match="no page 'nowhere'"):
                await client.switch_page("nowhere")

    run(look())
