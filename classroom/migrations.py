"""Creating and upgrading the class store's tables, one numbered version at a time.

``MIGRATIONS[k - 1]`` takes a database from version k - 1 to version k; version 0 is an
empty database and version 1 the initial schema. ``upgrade`` applies the missing ones
in order, all in one transaction, and records each in ``schema_version``: a database is
always at one version, never between two. Several processes may start on the same
fresh database at once: on SQLite the transaction takes the write lock at its start
(``BEGIN IMMEDIATE``), on PostgreSQL an advisory lock, so one of them creates the
tables and the others find them made.

To change the schema: change ``schema.py`` and append a migration that makes the same
change to an existing database. Version 1 creates the tables from ``schema.py``; the
first change to a table must first freeze version 1 here (its tables as they were),
so that a fresh database still goes through the same steps as an old one.
"""

import json
import time

import sqlalchemy as sa

from classroom.schema import (DATA_TABLES, challenges, member_columns, members, run_columns,
                              runs, schema_version, suggestions)

LOCK_KEY = 0x636C617373  # "class": PostgreSQL advisory lock held while upgrading


# Version 1's tables where a later version changed them (the others are as in schema.py):
# its members had no token (version 3 adds one); its runs kept their settings in nine
# columns (version 2 keeps them as one record).
SETTINGS_COLUMNS_V1 = {  # RunSettings field -> version 1's column: (name, type, nullable)
    "negative": ("negative", sa.Integer, False),
    "positive": ("positive", sa.Integer, False),
    "learning_rate": ("learning_rate", sa.Double, False),
    "num_iterations": ("iterations", sa.Integer, False),
    "test_size": ("test_size", sa.Double, False),
    "l2": ("l2", sa.Double, False),
    "batch_size": ("batch", sa.Integer, True),  # NULL: full batch
    "init": ("init", sa.String(8), False),
    "seed": ("seed", sa.Integer, False),
}


def _version_1_tables():
    v1 = sa.MetaData()
    for table in DATA_TABLES:
        if table not in (members, runs, suggestions, challenges):  # (the last two: v4)
            table.to_metadata(v1)
    sa.Table("members", v1, *member_columns(), sqlite_autoincrement=True)
    sa.Table("runs", v1, *run_columns(
        [sa.Column(name, kind, nullable=nullable)
         for name, kind, nullable in SETTINGS_COLUMNS_V1.values()]))
    return v1


def initial_schema(connection):
    """Version 1: classes, members, shares, runs, drawings."""
    _version_1_tables().create_all(connection)


def run_settings_as_one_record(connection):
    """Version 2: a shared run's settings in one column, ``settings``, holding
    ``RunSettings.record()`` as JSON, instead of nine (a new setting needs no column)."""
    connection.execute(sa.text(
        "ALTER TABLE runs ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'"))
    columns = {field: column[0] for field, column in SETTINGS_COLUMNS_V1.items()}
    old = sa.table("runs", sa.column("share_id"), sa.column("settings"),
                   *(sa.column(name) for name in columns.values()))
    for row in connection.execute(sa.select(old)).mappings().all():
        record = {field: row[name] for field, name in columns.items()}
        connection.execute(sa.update(old).where(old.c.share_id == row["share_id"])
                           .values(settings=json.dumps(record, separators=(",", ":"))))
    for name in columns.values():
        connection.execute(sa.text(f"ALTER TABLE runs DROP COLUMN {name}"))


def member_tokens(connection):
    """Version 3: a student's member token, kept by their browser, as its hash (a
    student who joined before has none, and stays as they are)."""
    connection.execute(sa.text("ALTER TABLE members ADD COLUMN token_hash VARCHAR(64)"))
    connection.execute(sa.text(
        "CREATE UNIQUE INDEX members_token_hash_key ON members (token_hash)"))


def suggestions_and_challenges(connection):
    """Version 4: the settings a teacher sends the class and the student's last one seen;
    the teacher's challenges, and the runs entered in one."""
    suggestions.create(connection)
    challenges.create(connection)
    connection.execute(sa.text("ALTER TABLE members ADD COLUMN seen_suggestion INTEGER"))
    connection.execute(sa.text("ALTER TABLE runs ADD COLUMN challenge_id INTEGER "
                               "REFERENCES challenges (id) ON DELETE SET NULL"))


MIGRATIONS = (initial_schema, run_settings_as_one_record, member_tokens,
              suggestions_and_challenges)


def current_version(connection):
    """The version recorded in the database (0 if it has none yet)."""
    if not sa.inspect(connection).has_table(schema_version.name):
        return 0
    return connection.scalar(sa.select(sa.func.coalesce(sa.func.max(schema_version.c.version), 0)))


def upgrade(engine, migrations=MIGRATIONS, clock=time.time):
    """Bring the database of ``engine`` to the last of ``migrations``; return its
    version. RuntimeError if the database is newer than this code (an older copy of the
    app must not write to it)."""
    with engine.connect() as connection:
        connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(sa.select(sa.func.pg_advisory_xact_lock(LOCK_KEY)))
            schema_version.create(connection, checkfirst=True)
            version = current_version(connection)
            if version > len(migrations):
                raise RuntimeError(f"the database's schema is version {version}, newer than "
                                   f"this code's {len(migrations)}: update the app")
            for version, migrate in enumerate(migrations[version:], start=version + 1):
                migrate(connection)
                connection.execute(sa.insert(schema_version).values(version=version,
                                                                    applied_at=clock()))
    return version
