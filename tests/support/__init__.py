"""What the tests, the benchmarks and the tools share: starting the app as a teacher
would (``server``), driving it in Debian's Chromium (``browser``), AppTest helpers
(``apptest``), the live view's events (``live``), a private PostgreSQL (``postgres``),
the tutorial's plain code as an oracle (``tutorial_reference``) and drawn digits that
do not come from scikit-learn (``drawn_digits``). No tests here: test modules import
these, and so may ``benchmarks/`` and ``tools/``."""
