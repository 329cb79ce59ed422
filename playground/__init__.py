"""The app's own helpers, kept out of the page scripts.

``figures``, ``concept_figures``, ``class_mode.figures``, ``formats``, ``navigation`` and
``playback`` are pure (no Streamlit): arrays or strings in, plotly figures or values out,
unit-tested without a running app. ``session`` owns everything a session remembers; the other
modules draw parts of pages (``controls``, ``views``, the class modules) or cache what is
the same for everyone (``cached``).
"""
