"""Which database the class store uses, and how it is opened.

No set-up: by default a SQLite file, ``playground.sqlite3`` in the data folder
(``$PLAYGROUND_DATA_DIR``, else ``data/`` beside the app), created on first use.
``$PLAYGROUND_DATABASE_URL`` (or the ``url`` argument) points elsewhere, e.g. a
PostgreSQL server shared by several app processes:
``postgresql+psycopg://user:password@host/dbname`` (``postgresql://`` and
``postgres://`` mean the same here).

SQLite is set up for many writers (several server processes, each with many
sessions): write-ahead logging, so readers never wait for a writer; a busy timeout, so
a writer waits its turn instead of failing; foreign keys on (deleting a class deletes
its data); and transactions begun by us, so that a write transaction takes the write
lock as it starts (``BEGIN IMMEDIATE``: no deadlock between two readers turning writers).
"""

import os
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = "playground.sqlite3"
BUSY_TIMEOUT_MS = 15_000  # a writer waits this long for its turn before giving up
BEGIN_MODES = ("DEFERRED", "IMMEDIATE")
# A class presses Share together: with SQLAlchemy's default 5 + 10 connections, 30
# sessions queued for one, unfairly (measured: slowest share 2.2 s; with these 0.3 s).
POSTGRES_POOL = dict(pool_size=20, max_overflow=20, pool_pre_ping=True,
                     connect_args={"connect_timeout": 5})  # a server gone: a message soon


def database_url(url=None):
    """``url``, else ``$PLAYGROUND_DATABASE_URL``, else the SQLite file in the data folder."""
    url = url or os.environ.get("PLAYGROUND_DATABASE_URL")
    if url:
        return url  # text or a SQLAlchemy URL (str() of a URL would hide its password)
    folder = Path(os.environ.get("PLAYGROUND_DATA_DIR") or ROOT / "data")
    return f"sqlite:///{folder / DEFAULT_FILE}"


def make_engine(url=None):
    """A SQLAlchemy engine for ``database_url(url)``; a SQLite file's folder is created."""
    url = sa.make_url(database_url(url))
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, **POSTGRES_POOL)
    if url.database in (None, "", ":memory:") or url.database.startswith("file:"):
        raise ValueError("url must name a SQLite file (an in-memory database would be a "
                         "different one for each connection)")
    Path(url.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def is_prepared(engine):
    """Whether ``engine`` is a SQLite engine set up by ``make_engine`` (or not SQLite)."""
    return (engine.dialect.name != "sqlite"
            or sa.event.contains(engine, "begin", _sqlite_begin))


def _sqlite_connect(dbapi_connection, _record):
    dbapi_connection.isolation_level = None  # no implicit BEGIN: _sqlite_begin emits it
    for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "journal_mode = WAL",
                   "synchronous = NORMAL", "foreign_keys = ON"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _sqlite_begin(connection):
    """BEGIN as the transaction asks: ``execution_options(sqlite_begin="IMMEDIATE")``
    for a write (takes the write lock now, waiting its turn), DEFERRED for a read."""
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    if mode not in BEGIN_MODES:
        raise ValueError(f"sqlite_begin must be one of {BEGIN_MODES}, got {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")
