"""The app through Streamlit's AppTest: what a user sees on each page."""

import pytest

from tests.support import live
from tests.support.apptest import PAGE_SCRIPTS, metrics, open_app, train


@pytest.mark.parametrize("page", PAGE_SCRIPTS)
def test_every_page_loads_without_exception(page):
    at = open_app(page)
    assert at.title, f"{page} shows no title"


def test_train_with_the_defaults_reaches_100_percent_on_the_test_set():
    at = open_app("app_pages/train.py")
    assert at.selectbox(key="neg").value == 0 and at.selectbox(key="pos").value == 1
    assert at.select_slider(key="lr").value == 0.05
    assert at.number_input(key="iterations").value == 1000
    assert live.progress(at) == "Iteration 0 / 1000"
    at.segmented_control(key="speed").set_value("Normal").run()
    next(b for b in at.button if b.label == "Train").click().run()
    sent = live.payload(at)
    assert sent["animate"] and sent["final"] and sent["seconds"] == 2.5
    assert sent["frames"]["iteration"][-1] == 1000
    assert "Test accuracy" not in metrics(at), "not revealed before the end is on screen"
    live.play_to_the_end(at)
    shown = metrics(at)
    assert shown["Test accuracy"] == "100.00%"
    assert shown["Train accuracy"] == "100.00%"
    assert live.progress(at) == "Iteration 1000 / 1000"
    assert any("Reading the pictures" in c.value for c in at.caption)


def test_same_digit_twice_is_a_friendly_message_not_an_exception():
    at = open_app("app_pages/train.py")
    at.selectbox(key="neg").set_value(1).run()
    assert not at.exception
    assert any("Both digits are 1" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Train"], "nothing to train on"
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    assert any("Both digits are 1" in w.value for w in at.warning)


def test_the_trained_model_survives_switching_pages():
    at = train(open_app("app_pages/train.py").selectbox(key="pos").set_value(7).run())
    before = metrics(at)
    for page in ("app_pages/data.py", "app_pages/draw.py", "app_pages/lab.py", "app_pages/home.py"):
        at.switch_page(page).run()
        assert not at.exception
    at.switch_page("app_pages/draw.py").run()
    assert any("your neuron from Train: 0 vs 7" in c.value for c in at.caption)
    at.switch_page("app_pages/train.py").run()
    assert metrics(at) == before
    assert at.selectbox(key="pos").value == 7, "the chosen settings survive too"


def test_a_diverging_learning_rate_is_explained():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "8", "lr": "10", "iterations": "5"})
    train(at)
    assert any("went up" in w.value for w in at.warning)
    assert "nan" not in " ".join(m.value.lower() for m in at.metric)


def test_link_settings_set_the_controls():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "8", "lr": "0.5", "iterations": "300"})
    assert at.selectbox(key="neg").value == 3 and at.selectbox(key="pos").value == 8
    assert at.select_slider(key="lr").value == 0.5
    assert at.number_input(key="iterations").value == 300
    assert not at.info or all("not valid" not in i.value for i in at.info)


def test_invalid_link_values_are_replaced_with_a_note():
    at = open_app("app_pages/train.py", {"neg": "3", "pos": "3", "lr": "abc", "iterations": "-4"})
    notes = " ".join(i.value for i in at.info)
    assert "`lr`" in notes and "`iterations`" in notes and "`pos`" in notes
    assert at.select_slider(key="lr").value == 0.05
    assert at.number_input(key="iterations").value == 1
    assert at.selectbox(key="neg").value == 3 and at.selectbox(key="pos").value == 4
