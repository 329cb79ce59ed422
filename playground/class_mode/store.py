"""The class store of this server process: one ``classroom.ClassStore``, opened on first
use and shared by every session (it holds no per-user state, only a pool of database
connections).

Which database: the server's settings when the store is opened, ``$PLAYGROUND_DATABASE_URL``,
else the SQLite file in ``$PLAYGROUND_DATA_DIR`` (``data/`` by default); classes last
``$PLAYGROUND_CLASS_DAYS`` days (30 by default). ``close()`` closes it (the next use opens
it again from the settings).
"""

import logging
import threading

from classroom import StoreUnavailable, open_store

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_store = None


def store():
    """The process's ``ClassStore`` (opened, and its file and tables created, on first
    use). ``StoreUnavailable`` if the database cannot be reached; a wrong setting (a bad
    URL or number of days) says which, as a ``StoreUnavailable`` too, since a student can
    do nothing about it."""
    global _store
    with _lock:
        if _store is None:
            try:
                _store = open_store()
            except StoreUnavailable:
                raise
            except Exception as error:  # a misconfigured server: the log says what
                # (never the page: the message could hold the database's password)
                _log.error("cannot open the class store: %s", error)
                raise StoreUnavailable(
                    "The class board is not set up correctly on this server: ask the "
                    "person who runs it to check PLAYGROUND_DATABASE_URL and "
                    "PLAYGROUND_CLASS_DAYS.") from error
        return _store


def database():
    """Which database the store of this process uses (its URL without the password, for
    cache keys)."""
    return repr(store())


def close():
    """Close the process's store, if open; the next ``store()`` opens it again."""
    global _store
    with _lock:
        if _store is not None:
            _store.close()
        _store = None
