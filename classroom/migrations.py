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

import time

import sqlalchemy as sa

from classroom.schema import DATA_TABLES, metadata, schema_version

LOCK_KEY = 0x636C617373  # "class": PostgreSQL advisory lock held while upgrading


def initial_schema(connection):
    """Version 1: classes, members, shares, runs, drawings."""
    metadata.create_all(connection, tables=DATA_TABLES)


MIGRATIONS = (initial_schema,)


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
