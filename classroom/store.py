"""The class store: classes, their students, and the runs and drawings they share.

A page opens one store per process (``open_store()``; caching it is the caller's
business) and calls it with the class code it was given; there is nothing to list or
search, so a board is reachable only with its code. All state is in the database: a
teacher's link (code + token) works after any restart, and several app processes can
share one database (a SQLite file on one machine, or PostgreSQL).

Every write is one transaction, checked and counted inside it, so the rules hold across
processes and threads: a share's idempotency key is stored at most once (the database's
unique constraint decides, not a read before the write), and the flood limit counts the
student's shares of the last minute in the database. People's mistakes raise
``ClassError`` subclasses with a sentence to show; the caller's mistakes raise
``TypeError``/``ValueError`` naming the argument.
"""

import contextlib
import json
import math
import os
import threading
import time

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from classroom import payloads
from classroom.codes import (format_code, hash_token, new_code, new_teacher_token,
                             normalise_code, token_matches)
from classroom.database import is_prepared, make_engine
from classroom.errors import (ClassClosed, ClassNotFound, NotAllowed, NotJoined,
                              StoreUnavailable, TooManyShares)
from classroom.migrations import upgrade
from classroom.names import clean_name
from classroom.records import (Board, Member, NewClass, SharedDrawing, SharedRun,
                               info_from_row, utc)
from classroom.schema import classes, drawings, members, runs, shares
from logreg.settings import RunSettings

CLASS_DAYS = 30  # a class and all its data are deleted this long after it starts
SHARE_LIMIT = 20  # shares per student per minute (a second press is fine, a script is not)
FLOOD_WINDOW = 60.0  # seconds
MAX_KEY_LENGTH = 100
_JSON = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
# The database is down, unreachable or stayed locked: StoreUnavailable, not a traceback.
_UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def open_store(url=None, **options):
    """The store in the database at ``url`` (see ``classroom.database``: None means
    ``$PLAYGROUND_DATABASE_URL`` or the default SQLite file), created or upgraded on the
    way. ``options`` go to ``ClassStore``."""
    engine = make_engine(url)
    try:
        return ClassStore(engine, **options)
    except BaseException:
        engine.dispose()
        raise


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


class ClassStore:
    """Classes and what their students share, in one database.

    Parameters
    ----------
    engine : a SQLAlchemy engine (``open_store`` makes one from a URL); its tables are
        created or upgraded here.
    days : how long a class and its data are kept; None: ``$PLAYGROUND_CLASS_DAYS`` or 30.
        Expired classes behave as if they never existed and are purged.
    share_limit : shares one student may make per minute; the next is ``TooManyShares``.
    clock : seconds since the epoch, ``time.time`` by default (tests pass a fake one).

    Every method taking a ``code`` raises ``ClassNotFound`` for a code that is wrong,
    expired or deleted; the teacher's methods (``close_class``, ``delete_class``,
    ``remove_run``, ``remove_drawing``) raise ``NotAllowed`` without the class's token.
    The store holds no state of its own: share it between threads and sessions.
    """

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
        except _UNREACHABLE as error:
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

    # --- classes -----------------------------------------------------------------

    def create_class(self):
        """Start a class; return ``NewClass(code, teacher_token)``.

        The code (``K7Q-XM4-RP2``) is for the students; the token is the teacher's
        secret, to keep in the teacher's link: only its hash is stored, so it cannot
        be shown again. Expired classes are purged on the way.
        """
        now = self.clock()
        with self._transaction(write=True) as connection:
            self._purge(connection, now)
            for _ in range(8):  # a collision of 44-bit codes: practically never
                code, token = new_code(), new_teacher_token()
                created = connection.execute(self._insert_once(classes).values(
                    code=code, teacher_hash=hash_token(token), created_at=now,
                    expires_at=now + self.days * 86400.0).returning(classes.c.id)).first()
                if created:
                    return NewClass(format_code(code), token)
        raise RuntimeError("no free class code found")

    def class_info(self, code):
        """The class with this code: ``ClassInfo(code, created_at, expires_at, closed)``."""
        with self._transaction() as connection:
            return info_from_row(self._find(connection, code))

    def check_teacher(self, code, token):
        """Whether ``token`` is this class's teacher token (False if missing).
        ``ClassNotFound`` if there is no such class."""
        with self._transaction() as connection:
            return token_matches(token, self._find(connection, code).teacher_hash)

    def close_class(self, code, token):
        """Close the class (teacher only): its board stays visible, but nobody can join
        or share any more. Closing a closed class changes nothing."""
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            if row.closed_at is None:
                connection.execute(sa.update(classes).where(classes.c.id == row.id).values(
                    closed_at=self.clock(), revision=classes.c.revision + 1))

    def delete_class(self, code, token):
        """Delete the class and everything in it, now (teacher only)."""
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            connection.execute(sa.delete(classes).where(classes.c.id == row.id))

    def purge_expired(self):
        """Delete every expired class with its data; return how many were deleted.
        Cheap (one indexed delete); ``create_class`` calls it too."""
        with self._transaction(write=True) as connection:
            return self._purge(connection, self.clock())

    # --- students ----------------------------------------------------------------

    def join(self, code, name):
        """Join the class as a student named ``name``; return the ``Member``.

        ``BadName`` says what is wrong with a name (rules in ``classroom.names``); two
        students may have the same name. The member's ``id`` is what the page passes
        when this student shares: keep it in the session (it is not a secret, but it
        should not travel in links).
        """
        name = clean_name(name)
        now = self.clock()
        with self._transaction(write=True) as connection:
            row = self._find(connection, code, lock="share")
            if row.closed_at is not None:
                raise ClassClosed()
            member_id = connection.execute(sa.insert(members).values(
                class_id=row.id, name=name, joined_at=now).returning(members.c.id)).scalar_one()
        return Member(member_id, name, utc(now))

    def share_run(self, code, student, run, idempotency_key):
        """Share a training run (a dict, described in ``classroom.payloads``); return
        its id on the board.

        ``idempotency_key`` names this attempt (e.g. ``uuid.uuid4().hex``, made once per
        press of Share): delivering the same key again stores nothing new and returns
        the same id; a new press needs a new key. ``BadShare`` if the run is not valid,
        ``TooManyShares`` past the flood limit, ``ClassClosed``, ``NotJoined``.
        """
        fields = payloads.clean_run(run)
        for key in ("settings", "curve_iterations", "curve_costs", "weights"):
            fields[key] = _JSON(fields[key])
        return self._share(code, student, idempotency_key, "run", runs, fields)

    def share_drawing(self, code, student, features, intended_digit, model_answer,
                      idempotency_key):
        """Share a drawing: its 64 features (0-1, the dataset's format), the digit the
        student meant and the neuron's answer; return its id on the board.
        Idempotency and errors as in ``share_run``."""
        fields = payloads.clean_drawing(features, intended_digit, model_answer)
        fields["features"] = _JSON(fields["features"])
        return self._share(code, student, idempotency_key, "drawing", drawings, fields)

    # --- the board ---------------------------------------------------------------

    def board(self, code):
        """Everything the class's board shows, read at one moment: a ``Board`` with the
        class, its students, runs and drawings (oldest first), and its version."""
        with self._transaction() as connection:
            row = self._find(connection, code, counts=True)
            students = tuple(Member(m.id, m.name, utc(m.joined_at)) for m in connection.execute(
                sa.select(members.c.id, members.c.name, members.c.joined_at)
                .where(members.c.class_id == row.id).order_by(members.c.id)))
            shared_runs = tuple(_shared_run(r) for r in connection.execute(
                self._entries(runs, row.id)))
            shared_drawings = tuple(_shared_drawing(d) for d in connection.execute(
                self._entries(drawings, row.id)))
        return Board(info_from_row(row), students, shared_runs, shared_drawings, _version(row))

    def board_version(self, code):
        """A small value that changes whenever the board does (a student joins, a share
        arrives or is removed, the class closes): a page polling every few seconds
        compares it with the last one and redraws only when it differs. One query."""
        with self._transaction() as connection:
            return _version(self._find(connection, code, counts=True))

    def remove_run(self, code, token, run_id):
        """Remove a run from the board (teacher only); True if it was there."""
        return self._remove(code, token, "run", run_id)

    def remove_drawing(self, code, token, drawing_id):
        """Remove a drawing from the board (teacher only); True if it was there."""
        return self._remove(code, token, "drawing", drawing_id)

    # --- inside ------------------------------------------------------------------

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
        except _UNREACHABLE as error:
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

    def _teacher_class(self, connection, code, token):
        row = self._find(connection, code, lock="update")
        if not token_matches(token, row.teacher_hash):
            raise NotAllowed()
        return row

    def _purge(self, connection, now):
        return connection.execute(sa.delete(classes).where(classes.c.expires_at <= now)).rowcount

    def _insert_once(self, table):
        """INSERT ... ON CONFLICT DO NOTHING: a unique constraint turns a second
        insert into no row instead of an error (and waits for a concurrent first)."""
        dialect = postgresql if self._postgres else sqlite
        return dialect.insert(table).on_conflict_do_nothing()

    def _share(self, code, student, key, kind, table, fields):
        member_id = _member_id(student)
        key = _idempotency_key(key)
        now = self.clock()
        with self._transaction(write=True) as connection:
            row = self._find(connection, code, lock="share")
            if row.closed_at is not None:
                raise ClassClosed()
            # Lock the student: their shares go one at a time, so the count below is exact.
            joined = connection.execute(
                sa.select(members.c.id).where(members.c.id == member_id,
                                              members.c.class_id == row.id)
                .with_for_update()).first()
            if joined is None:
                raise NotJoined()
            share_id = connection.execute(self._insert_once(shares).values(
                class_id=row.id, member_id=member_id, kind=kind, idempotency_key=key,
                created_at=now).returning(shares.c.id)).scalar()
            if share_id is None:  # this key was stored before: the same answer again
                return _delivered(connection, row.id, key, member_id, kind)
            recent = connection.scalar(
                sa.select(sa.func.count()).select_from(shares)
                .where(shares.c.member_id == member_id,
                       shares.c.created_at > now - FLOOD_WINDOW))
            if recent > self.share_limit:  # raising rolls the insert back
                raise TooManyShares(f"You have shared {self.share_limit} times in the last "
                                    "minute. Wait a moment, then try again.")
            connection.execute(sa.insert(table).values(share_id=share_id, **fields))
        return share_id

    def _entries(self, table, class_id):
        """A class's shares of one kind with their details and who shared them."""
        return (sa.select(shares.c.id, shares.c.member_id, shares.c.created_at,
                          members.c.name, table)
                .join(table, table.c.share_id == shares.c.id)
                .join(members, members.c.id == shares.c.member_id)
                .where(shares.c.class_id == class_id).order_by(shares.c.id))

    def _remove(self, code, token, kind, entry_id):
        if isinstance(entry_id, bool) or not isinstance(entry_id, int):
            raise TypeError(f"the {kind} id must be an int, got {type(entry_id).__name__}")
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            removed = connection.execute(sa.delete(shares).where(
                shares.c.id == entry_id, shares.c.class_id == row.id,
                shares.c.kind == kind)).rowcount
            if removed:
                connection.execute(sa.update(classes).where(classes.c.id == row.id)
                                   .values(revision=classes.c.revision + 1))
        return bool(removed)


def _member_id(student):
    if isinstance(student, Member):
        return student.id
    if isinstance(student, bool) or not isinstance(student, int):
        raise TypeError(f"student must be a Member or a member id (int), "
                        f"got {type(student).__name__}")
    return student


def _idempotency_key(key):
    if not isinstance(key, str):
        raise TypeError(f"idempotency_key must be a str, got {type(key).__name__}")
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise ValueError(f"idempotency_key must be 1 to {MAX_KEY_LENGTH} characters long")
    return key


def _delivered(connection, class_id, key, member_id, kind):
    """The id stored under ``key`` by an earlier delivery of the same share."""
    first = connection.execute(sa.select(shares.c.id, shares.c.member_id, shares.c.kind)
                               .where(shares.c.class_id == class_id,
                                      shares.c.idempotency_key == key)).one()
    if (first.member_id, first.kind) != (member_id, kind):
        raise ValueError("idempotency_key was already used for another share: make a new "
                         "key for each share")
    return first.id


def _version(row):
    # Any new student or share raises a count; any removal or closing the revision.
    return (row.revision, row.n_students, row.n_shares)


def _shared_run(r):
    return SharedRun(
        r.id, r.member_id, r.name, RunSettings.from_record(json.loads(r.settings)),
        r.iteration, r.train_accuracy, r.test_accuracy, r.train_cost, r.test_cost,
        tuple(json.loads(r.curve_iterations)), tuple(json.loads(r.curve_costs)),
        tuple(json.loads(r.weights)), r.bias, utc(r.created_at))


def _shared_drawing(d):
    return SharedDrawing(d.id, d.member_id, d.name, tuple(json.loads(d.features)),
                         d.intended_digit, d.model_answer, utc(d.created_at))
