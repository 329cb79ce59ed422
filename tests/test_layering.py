"""The architecture's rules, checked: ``logreg`` never imports Streamlit or plotly, the
class store never imports Streamlit, plotly or the app (only ``logreg``'s run settings),
and the figure modules never import Streamlit (so each is testable without a running
app)."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import classroom
import logreg

ROOT = Path(__file__).resolve().parent.parent
LOGREG_MODULES = sorted(f"logreg.{m.name}" for m in pkgutil.iter_modules(logreg.__path__))
PURE_PLAYGROUND = ["playground.figures", "playground.concept_figures", "playground.navigation",
                   "playground.playback",
                   "playground.formats", "playground.class_mode.figures"]
CLASSROOM_MODULES = sorted(f"classroom.{m.name}" for m in pkgutil.iter_modules(classroom.__path__))


def imported_after(modules):
    """The top-level packages loaded by importing ``modules`` in a fresh interpreter."""
    code = (f"import sys; import {', '.join(modules)}; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=120).stdout
    return set(out.split())


def test_logreg_never_imports_streamlit_or_plotly():
    assert {"logreg.model", "logreg.drawing", "logreg.pairs"} <= set(LOGREG_MODULES)
    assert not imported_after(["logreg"] + LOGREG_MODULES) & {"streamlit", "plotly"}


def test_figures_never_import_streamlit():
    loaded = imported_after(PURE_PLAYGROUND)
    assert "plotly" in loaded and "streamlit" not in loaded


def test_the_class_store_never_imports_streamlit_plotly_or_the_app():
    assert {"classroom.store", "classroom.payloads"} <= set(CLASSROOM_MODULES)
    assert not imported_after(CLASSROOM_MODULES) & {"streamlit", "plotly", "playground"}
