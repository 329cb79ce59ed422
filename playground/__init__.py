"""The app's own helpers, kept out of the page scripts.

``figures`` and ``links`` are pure (no Streamlit): arrays or strings in, plotly figures
or values out, unit-tested without a running app. ``state`` and ``controls`` hold what
the pages share through ``st.session_state``.
"""
