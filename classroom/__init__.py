"""Class mode's storage: a teacher starts a class, students join it with its code and
share training runs and drawings to one board.

Plain Python over SQLAlchemy Core (SQLite by default, PostgreSQL by URL); never imports
Streamlit or plotly. A page does, for example::

    from classroom import open_store, ClassError

    store = open_store()                    # once per process
    code, token = store.create_class()      # teacher: show code, keep token in the link
    me = store.join("k7q xm4 rp2", "Amira")  # student (codes are forgiving to type);
    # me.token is the member token: the browser keeps it, store.member(code, me.token)
    # finds the same student again (a reload, another server process)
    store.share_run(code, me, run, idempotency_key=uuid.uuid4().hex)
    board = store.board(code)               # runs, drawings, students
    try: ...
    except ClassError as error: st.error(str(error))   # a sentence for people

Names and other text are user text: show them as text, never as HTML or Markdown.

Modules: ``store`` (the API, ``ClassStore``), made of ``classes``, ``members``,
``shares``, ``board``, ``suggestions`` and ``challenges`` on ``base``; ``codes`` (class codes, tokens), ``names`` (what a
name may be), ``payloads`` (what a run or drawing must hold), ``records`` (what comes
back), ``errors``, ``database`` (URL and engine), ``schema`` and ``migrations``.
"""

from classroom.codes import format_code, normalise_code
from classroom.errors import (BadName, BadShare, ChallengeOn, ChallengeOver, ClassClosed,
                              ClassError, ClassNotFound, NotAllowed, NotJoined,
                              StoreUnavailable, TooManyShares)
from classroom.records import (Board, Challenge, ClassInfo, Member, NewClass, News,
                               SharedDrawing, SharedRun, Standings, Suggestion)
from classroom.store import CLASS_DAYS, SHARE_LIMIT, ClassStore, open_store

__all__ = [
    "open_store", "ClassStore", "CLASS_DAYS", "SHARE_LIMIT",
    "ClassError", "ClassNotFound", "ClassClosed", "BadName", "BadShare", "TooManyShares",
    "NotAllowed", "NotJoined", "StoreUnavailable", "ChallengeOn", "ChallengeOver",
    "NewClass", "ClassInfo", "Member", "SharedRun", "SharedDrawing", "Board",
    "Suggestion", "Challenge", "Standings", "News",
    "format_code", "normalise_code",
]
