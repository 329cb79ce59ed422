"""The app's pages, in one table: ``app.py`` builds its navigation from it, the Home
page links to them from it, and the tests open every page from it.

Pure (no Streamlit): a page is its script, its title and icon in the navigation bar,
and its URL path (``/train``); Home is at ``/``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    """One page: ``script`` relative to app.py, ``url_path`` "" for Home (``/``), and
    the line the Home page writes under its link (none for Home and Class)."""

    script: str
    title: str
    icon: str
    url_path: str
    blurb: str = ""

    @property
    def url(self):
        """The page's path in the address bar: ``/`` or ``/train``."""
        return "/" + self.url_path


PAGES = (
    PageInfo("app_pages/home.py", "Home", ":material/home:", ""),
    PageInfo("app_pages/data.py", "Data", ":material/grid_on:", "data",
             "See the 8×8 images, how one becomes 64 numbers, and the average of each "
             "digit."),
    PageInfo("app_pages/train.py", "Train", ":material/model_training:", "train",
             "Pick two digits and a learning rate, press Train, and watch the neuron "
             "learn."),
    PageInfo("app_pages/draw.py", "Draw", ":material/draw:", "draw",
             "Draw a digit and see the neuron's answer, with its arithmetic."),
    PageInfo("app_pages/concepts.py", "Concepts", ":material/function:", "concepts",
             "The sigmoid, the log-loss and the gradient, made interactive."),
    PageInfo("app_pages/lab.py", "Lab", ":material/science:", "lab",
             "Race learning rates, map which digit pairs are hard, compare with "
             "scikit-learn."),
    PageInfo("app_pages/class_room.py", "Class", ":material/groups:", "class"),
)


def page(url_path):
    """The page at ``url_path`` ("" for Home, "train", "class", ...)."""
    for info in PAGES:
        if info.url_path == url_path:
            return info
    raise ValueError(f"url_path must be one of {[p.url_path for p in PAGES]}, "
                     f"got {url_path!r}")


CLASS = page("class")
