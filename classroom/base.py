"""What every part of the class store stands on: the engine, the settings (how long a
class is kept, the flood limit, the clock), one transaction per call, and finding a class
by its code.

``ClassStore`` (``classroom.store``) is this base with one part per job: classes,
members, shares, the board. A part's methods use only what is here.
"""

import contextlib
import json
import math
import os
import threading
import time

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from classroom.codes import normalise_code, token_matches
from classroom.database import is_prepared
from classroom.errors import ClassClosed, ClassNotFound, NotAllowed, StoreUnavailable
from classroom.migrations import upgrade
from classroom.schema import classes, members, shares

CLASS_DAYS = 30  # a class and all its data are deleted this long after it starts
SHARE_LIMIT = 20  # shares per student per minute (a second press is fine, a script is not)
JSON = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
# The database is down, unreachable or stayed locked: StoreUnavailable, not a traceback.
UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def _class_days(days):
    """``days``, else ``$PLAYGROUND_CLASS_DAYS``, else 30; ValueError naming the bad one."""
    name = "days"
    if days is None:
        name, raw = "PLAYGROUND_CLASS_DAYS", os.environ.get("PLAYGROUND_CLASS_DAYS")
        try:
            days = float(raw) if raw else CLASS_DAYS
        except ValueError:
            days = math.nan
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not (
            math.isfinite(days) and days > 0):
        raise ValueError(f"{name} must be a number of days greater than 0")
    return days


class StoreBase:
    """The engine and settings of a ``ClassStore`` (its parameters are described there),
    and the transactions its parts run in."""

    def __init__(self, engine, *, days=None, share_limit=SHARE_LIMIT, clock=time.time):
        if not isinstance(engine, sa.engine.Engine):
            raise TypeError(f"engine must be a SQLAlchemy Engine, got {type(engine).__name__}")
        if engine.dialect.name == "sqlite" and not is_prepared(engine):
            raise ValueError("engine must come from classroom.database.make_engine for "
                             "SQLite (it sets the file up for many writers)")
        if isinstance(share_limit, bool) or not isinstance(share_limit, int) or share_limit < 1:
            raise ValueError("share_limit must be a whole number of 1 or more")
        if not callable(clock):
            raise TypeError("clock must be a function returning seconds since the epoch")
        self.engine = engine
        self.days = _class_days(days)
        self.share_limit = share_limit
        self.clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        # SQLite lets one writer in at a time and makes the others poll, sleeping ever
        # longer; queueing this process's writers here instead keeps the file busy.
        self._write_lock = contextlib.nullcontext() if self._postgres else threading.Lock()
        try:
            upgrade(engine, clock=clock)
        except UNREACHABLE as error:
            raise StoreUnavailable() from error

    def __repr__(self):
        return f"ClassStore({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self):
        """Close the database connections (the store must not be used afterwards)."""
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    @contextlib.contextmanager
    def _transaction(self, write=False):
        """One transaction on a pooled connection. A write takes SQLite's write lock at
        once; a read on PostgreSQL sees one snapshot for all its queries (SQLite's
        reads always do). A database that cannot be reached is ``StoreUnavailable``."""
        try:
            with self._write_lock if write else contextlib.nullcontext(), \
                    self.engine.connect() as connection:
                if write:
                    connection.execution_options(sqlite_begin="IMMEDIATE")
                elif self._postgres:
                    connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    yield connection
        except UNREACHABLE as error:
            raise StoreUnavailable() from error

    def _find(self, connection, code, lock=None, counts=False):
        """The unexpired class with this code, or ``ClassNotFound``. ``lock="share"``
        keeps it from being closed or deleted until the transaction ends, ``"update"``
        locks it for a change (both only matter on PostgreSQL). ``counts`` adds the
        number of its students and shares (for the board's version)."""
        normal = normalise_code(code)
        if normal is None:
            raise ClassNotFound()
        columns = [classes]
        if counts:
            columns += [
                sa.select(sa.func.count()).where(members.c.class_id == classes.c.id)
                .scalar_subquery().label("n_students"),
                sa.select(sa.func.count()).where(shares.c.class_id == classes.c.id)
                .scalar_subquery().label("n_shares")]
        query = sa.select(*columns).where(classes.c.code == normal,
                                          classes.c.expires_at > self.clock())
        if lock:
            query = query.with_for_update(read=lock == "share")
        row = connection.execute(query).first()
        if row is None:
            raise ClassNotFound()
        return row

    def _open_class(self, connection, code):
        """The class, kept from being closed or deleted until the transaction ends;
        ``ClassClosed`` if the teacher closed it (nobody joins or shares any more)."""
        row = self._find(connection, code, lock="share")
        if row.closed_at is not None:
            raise ClassClosed()
        return row

    def _teacher_class(self, connection, code, token):
        row = self._find(connection, code, lock="update")
        if not token_matches(token, row.teacher_hash):
            raise NotAllowed()
        return row

    def _insert_once(self, table):
        """INSERT ... ON CONFLICT DO NOTHING: a unique constraint turns a second
        insert into no row instead of an error (and waits for a concurrent first)."""
        dialect = postgresql if self._postgres else sqlite
        return dialect.insert(table).on_conflict_do_nothing()

    def _bump(self, connection, class_id):
        """The board changed in a way its counts do not show (a removal, closing)."""
        connection.execute(sa.update(classes).where(classes.c.id == class_id)
                           .values(revision=classes.c.revision + 1))
