"""What concerns the whole server process rather than one session."""

import gc
import importlib
import threading

from threadpoolctl import threadpool_limits

# Every page's libraries, imported up front so that their objects are set aside too.
MODULES = ("plotly.graph_objects", "playground.figures", "playground.concept_figures",
           "playground.views", "logreg.drawing", "logreg.uploads", "logreg.compare", "logreg.pairs",
           "logreg.multiclass", "sklearn.linear_model", "scipy.ndimage")

_settled = threading.Event()
_limited = threading.Event()


def one_blas_thread():
    """Once per process: one BLAS thread. The matrices are small, and on a classroom
    server many sessions train at once; threads fighting over the cores only slow
    everyone down. The limit is the BLAS library's own, for the whole process: setting
    it again on every script run cost ~4 ms a run for nothing."""
    if _limited.is_set():
        return
    _limited.set()
    threadpool_limits(1)


def settle_memory():
    """Once per process: set the libraries' objects aside from the garbage collector.

    With plotly, SciPy and scikit-learn loaded, a full collection walks ~180,000
    long-lived objects: ~70 ms of one core. ``gc.freeze()`` moves what exists now
    (modules, functions, plotly's validators) out of the collector's way, so each of
    Python's own collections walks only what the sessions made. (Streamlit's full
    collection after every script run, ``runner.postScriptGC``, is off in
    ``.streamlit/config.toml``: run after every student's news poll, it still walked
    every session's objects; docs/capacity.md.) Reference counting still frees
    everything as before.
    """
    if _settled.is_set():
        return
    _settled.set()
    for name in MODULES:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
