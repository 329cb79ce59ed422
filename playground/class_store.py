"""The class store of this server process: one ``classroom.ClassStore``, opened on
first use and shared by every session (it holds no per-user state, only a pool of
database connections).

Which database: ``$PLAYGROUND_DATABASE_URL``, else the SQLite file in
``$PLAYGROUND_DATA_DIR`` (``data/`` by default); classes last ``$PLAYGROUND_CLASS_DAYS``
days (30 by default). Those are read at each call, and the store is opened again if
they changed (the tests point each test at a database of its own), so nothing needs a
reset.
"""

import logging
import os
import threading

from classroom import StoreUnavailable, open_store
from classroom.database import database_url

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_store = None
_opened_for = None


def _wanted():
    return database_url(), os.environ.get("PLAYGROUND_CLASS_DAYS")


def store():
    """The process's ``ClassStore`` for the configured database (opened, and its file
    and tables created, on first use). ``StoreUnavailable`` if the database cannot be
    reached; a wrong setting (a bad URL or number of days) says which, as a
    ``StoreUnavailable`` too, since a student can do nothing about it."""
    global _store, _opened_for
    wanted = _wanted()
    with _lock:
        if _store is None or _opened_for != wanted:
            try:
                fresh = open_store(wanted[0])
            except StoreUnavailable:
                raise
            except Exception as error:  # a misconfigured server: the log says what
                # (never the page: the message could hold the database's password)
                _log.error("cannot open the class store: %s", error)
                raise StoreUnavailable(
                    "The class board is not set up correctly on this server: ask the "
                    "person who runs it to check PLAYGROUND_DATABASE_URL and "
                    "PLAYGROUND_CLASS_DAYS.") from error
            old, _store, _opened_for = _store, fresh, wanted
            if old is not None:
                old.close()
        return _store


def database():
    """Which database the store of this process uses now (a URL, for cache keys)."""
    return _wanted()[0]
