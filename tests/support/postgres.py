"""A throwaway PostgreSQL server for the class store's tests and benchmark.

``postgres_server()`` starts one with Debian's own binaries (``/usr/lib/postgresql/*/bin``):
``initdb`` into a fresh temporary folder, then ``pg_ctl start`` listening only on a unix
socket inside that folder. No TCP port: nothing else on the machine can reach it or
collide with it, and its password-less "trust" login admits only whoever can enter that
private (0700) folder. When the ``with`` block ends, however it ends, the server is
stopped (``pg_ctl stop -m fast``) and the folder removed. PostgreSQL refuses to run as
root, so under root (as in CI) its programs run as the ``postgres`` system user, which
Debian's postgresql package creates. Missing binaries are an error, not a skip:
``run_tests.sh`` installs them.

Tests ask for the session fixture ``postgres_server_url`` (``tests/conftest.py``) and call
``empty_database(postgres_server_url)`` at the start of each test for a clean slate
(or keep tables and empty them with ``execute(url, "TRUNCATE ...")``: cheaper still).
"""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"  # the cluster's superuser (a role inside PostgreSQL)
SYSTEM_USER = "postgres"  # the unprivileged account that runs the server under root
PORT = 5432  # only names the socket file; nothing listens on TCP
# For tests: durability off (the server itself is never killed, only clients are).
FAST_SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def binaries():
    """The newest ``/usr/lib/postgresql/<version>/bin``; RuntimeError if there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if not found:
        raise RuntimeError("PostgreSQL's server programs are missing (no "
                           "/usr/lib/postgresql/*/bin/initdb): install Debian's postgresql "
                           "package (run_tests.sh does)")
    return Path(found[-1]).parent


def _as_server_user():
    """The command prefix that runs a program as an unprivileged user, and that user's
    uid/gid: PostgreSQL's programs refuse to run as root."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        raise RuntimeError(f"running as root, PostgreSQL needs the unprivileged "
                           f"{SYSTEM_USER!r} system user (Debian's postgresql package "
                           "creates it)") from None
    return ["runuser", "-u", SYSTEM_USER, "--"], user


def _run(prefix, *command):
    result = subprocess.run([*prefix, *map(str, command)], capture_output=True, text=True,
                            timeout=120)
    if result.returncode:
        raise RuntimeError(f"{Path(str(command[0])).name} failed ({result.returncode}):\n"
                           f"{result.stdout}{result.stderr}")
    return result


def url_for(folder, database):
    """The SQLAlchemy URL of ``database`` on the server whose socket is in ``folder``."""
    return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={folder}&port={PORT}"


@contextlib.contextmanager
def postgres_server(fast=True):
    """Start a private PostgreSQL server; yield the URL of its (empty) database
    ``playground``; stop it afterwards.

    ``fast`` turns durability off (fsync, synchronous commit), which is right for tests;
    a benchmark passes ``fast=False`` to measure the server as it would really run.
    """
    bin_dir = binaries()
    prefix, user = _as_server_user()
    # In /tmp, not $TMPDIR: the server's user must reach it, and a socket's path is short.
    folder = Path(tempfile.mkdtemp(prefix="playground-pg-", dir="/tmp"))
    data = folder / "data"
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    started = False
    try:
        _run(prefix, bin_dir / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust",
             "--encoding=UTF8", "--locale=C", "--no-sync")
        options = (f"-c listen_addresses='' -k '{folder}' -p {PORT} -c max_connections=200"
                   + (f" {FAST_SETTINGS}" if fast else ""))
        started = True  # from here on, stop it whatever happens (pg_ctl may time out)
        (folder / "options").write_text(options)  # for ``stopped`` to start it again
        _start(folder)
        _create_database(folder, "playground")
        yield url_for(folder, "playground")
    finally:
        if started:
            subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "stop", "-D", str(data),
                            "-m", "fast", "-w"], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def _start(folder):
    prefix, _ = _as_server_user()
    log = folder / "server.log"
    try:
        _run(prefix, binaries() / "pg_ctl", "start", "-D", folder / "data", "-l", log, "-w",
             "-t", "60", "-o", (folder / "options").read_text())
    except RuntimeError as error:
        server_log = log.read_text() if log.exists() else ""
        raise RuntimeError(f"{error}\nserver log:\n{server_log}") from None


@contextlib.contextmanager
def stopped(url):
    """The server of ``url`` down for the ``with`` block (stopped as an operator stops
    it: its connections are cut), then started again as it was."""
    from sqlalchemy.engine import make_url

    folder = Path(make_url(url).query["host"])
    prefix, _ = _as_server_user()
    _run(prefix, binaries() / "pg_ctl", "stop", "-D", folder / "data", "-m", "fast", "-w")
    try:
        yield
    finally:
        _start(folder)


def _create_database(folder, name):
    import psycopg

    with psycopg.connect(host=str(folder), port=PORT, user=SUPERUSER, dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def create_database(server_url, name):
    """A new database ``name`` on the server of ``server_url``; returns its URL."""
    from sqlalchemy.engine import make_url

    folder = make_url(server_url).query["host"]
    _create_database(folder, name)
    return url_for(folder, name)


def execute(url, *statements):
    """Run SQL ``statements`` (each committed) on the database at ``url``, after closing
    every other connection to it (whatever a previous test left open or locked)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(host=parsed.query["host"], port=PORT, user=SUPERUSER,
                         dbname=parsed.database, autocommit=True) as connection:
        connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        for statement in statements:
            connection.execute(statement)


def empty_database(url):
    """Empty the database at ``url``: everything in its ``public`` schema is dropped (and
    other connections closed); return ``url``. Much cheaper than a new database per
    test (each copies ~7 MB)."""
    execute(url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")
    return url
