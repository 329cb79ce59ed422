"""Every widget at its extremes, and hostile links: never a traceback, never NaN, never
a value echoed back as markup."""

import pytest

from tests.support import live
from tests.support.apptest import metrics, open_app, train

EXTREMES = [
    {"lr": "10", "iterations": "10000"},
    {"lr": "0.0001", "iterations": "1"},
    {"test_size": "0.5", "l2": "1", "batch": "16", "init": "random", "seed": "10000",
     "iterations": "500", "lr": "10"},
    {"test_size": "0.1", "batch": "128", "neg": "9", "pos": "8", "iterations": "2000"},
]


@pytest.mark.parametrize("query", EXTREMES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_training_at_the_extremes_is_clean(query):
    at = train(open_app("app_pages/train.py", query))
    shown = " ".join(f"{k} {v}" for k, v in metrics(at).items()).lower()
    assert "nan" not in shown and "inf" not in shown
    query_iterations = int(query["iterations"])
    assert live.progress(at) == f"Iteration {query_iterations} / {query_iterations}"
    assert not [i for i in at.info if "not valid" in i.value], "extreme but valid values"


HOSTILE = [
    {"lr": "abc"}, {"lr": "-1"}, {"lr": "nan"}, {"lr": "1e308"}, {"lr": "inf"},
    {"neg": "11"}, {"neg": "3", "pos": "3"}, {"iterations": "1e12"}, {"iterations": "-4"},
    {"lr": "<script>alert(1)</script>"}, {"neg": "<b>7</b>"}, {"seed": "1; DROP TABLE"},
    {"batch": "'\"><img src=x onerror=alert(1)>"}, {"test_size": "%00"},
]
OTHER_PAGES = ["app_pages/data.py", "app_pages/lab.py", "app_pages/draw.py", "app_pages/home.py"]


@pytest.mark.parametrize("page, query", [("app_pages/train.py", q) for q in HOSTILE]
                         + [(p, q) for p in OTHER_PAGES for q in HOSTILE[6:11]])
def test_hostile_links_never_break_a_page(page, query):
    at = open_app(page, query)
    texts = [e.value for e in list(at.info) + list(at.warning) + list(at.markdown)
             + list(at.caption) + list(at.success)]
    assert not any("<script" in t or "<img" in t or "<b>" in t for t in texts)
    if page == "app_pages/train.py":
        train(at)
        assert "%" in metrics(at)["Test accuracy"]
