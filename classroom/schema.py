"""The class store's tables, as SQLAlchemy Core describes them (the latest version;
``migrations`` builds and upgrades them in a database).

::

    classes   one row per class: its code, the teacher token's hash, when it was
              created and expires, when it was closed, and ``revision``, bumped by every
              change to its board other than a new student or share (a removal, closing)
    members   the students who joined a class, with the name they typed and the hash
              of their member token (their browser keeps the token itself)
    shares    one row per run or drawing shared: by whom, when, with which idempotency
              key (unique in its class: a key delivered twice is stored once)
    runs      a shared run's settings (``logreg.settings.RunSettings.record()`` as JSON:
              a new setting needs no new column), scores, cost curve and weights, and
              the challenge it was entered in (if any)
    suggestions  settings the teacher sent the class ("Your teacher suggests"); a
              student's last one opened or dismissed is on their ``members`` row
    challenges   the teacher's challenges: a pair, a target test accuracy and a most
              iterations (either open), a time limit; one at a time per class
    drawings  a shared drawing's 64 values, the digit meant and the neuron's answer

Deleting a class deletes everything of it (foreign keys cascade). Times are seconds
since the epoch (a float: the same on every database, compared as numbers); vectors
are JSON arrays in text columns (exact for floats, readable with any SQL tool).
"""

import sqlalchemy as sa

metadata = sa.MetaData()


def _owner(table, column="id"):
    return sa.ForeignKey(f"{table}.{column}", ondelete="CASCADE")


schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.Double, nullable=False),
)

classes = sa.Table(
    "classes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("teacher_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("expires_at", sa.Double, nullable=False, index=True),
    sa.Column("closed_at", sa.Double),
    sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
    sqlite_autoincrement=True,  # ids are never reused, here and below
)

def member_columns():
    """The columns every version of ``members`` has (new Column objects each call)."""
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, _owner("classes"), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("joined_at", sa.Double, nullable=False),
    ]


members = sa.Table(
    "members", metadata,
    *member_columns(),
    sa.Column("token_hash", sa.String(64), unique=True),  # NULL: joined before tokens
    sa.Column("seen_suggestion", sa.Integer),  # the last suggestion opened or dismissed
    sqlite_autoincrement=True,
)

shares = sa.Table(
    "shares", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.Integer, _owner("classes"), nullable=False),
    sa.Column("member_id", sa.Integer, _owner("members"), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("idempotency_key", sa.String(100), nullable=False),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.UniqueConstraint("class_id", "idempotency_key", name="shares_once_per_key"),
    sa.CheckConstraint("kind IN ('run', 'drawing')", name="shares_kind"),
    sa.Index("shares_by_member_time", "member_id", "created_at"),  # the flood limit's count
    sqlite_autoincrement=True,
)


def run_columns(settings):
    """The columns of ``runs`` around ``settings`` (the columns holding a run's settings,
    which is what its versions differ in): new Column objects on every call."""
    return [
        sa.Column("share_id", sa.Integer, _owner("shares"), primary_key=True,
                  autoincrement=False),
        *settings,
        sa.Column("iteration", sa.Integer, nullable=False),
        sa.Column("train_accuracy", sa.Double, nullable=False),
        sa.Column("test_accuracy", sa.Double, nullable=False),
        sa.Column("train_cost", sa.Double, nullable=False),
        sa.Column("test_cost", sa.Double, nullable=False),
        sa.Column("curve_iterations", sa.Text, nullable=False),  # JSON array
        sa.Column("curve_costs", sa.Text, nullable=False),  # JSON array
        sa.Column("weights", sa.Text, nullable=False),  # JSON array of 64
        sa.Column("bias", sa.Double, nullable=False),
    ]


suggestions = sa.Table(
    "suggestions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.Integer, _owner("classes"), nullable=False, index=True),
    sa.Column("settings", sa.Text, nullable=False),  # JSON: a RunSettings record
    sa.Column("created_at", sa.Double, nullable=False),
    sqlite_autoincrement=True,
)

challenges = sa.Table(
    "challenges", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("class_id", sa.Integer, _owner("classes"), nullable=False, index=True),
    sa.Column("negative", sa.Integer, nullable=False),
    sa.Column("positive", sa.Integer, nullable=False),
    sa.Column("target_accuracy", sa.Double),  # NULL: any test accuracy
    sa.Column("max_iterations", sa.Integer),  # NULL: any number of iterations
    sa.Column("started_at", sa.Double, nullable=False),
    sa.Column("ends_at", sa.Double),  # NULL: no time limit
    sa.Column("ended_at", sa.Double),  # the teacher ended it (NULL: not yet)
    sqlite_autoincrement=True,
)

runs = sa.Table(
    "runs", metadata,
    *run_columns([sa.Column("settings", sa.Text, nullable=False)]),  # RunSettings as JSON
    sa.Column("challenge_id", sa.Integer, sa.ForeignKey("challenges.id", ondelete="SET NULL")),
)

drawings = sa.Table(
    "drawings", metadata,
    sa.Column("share_id", sa.Integer, _owner("shares"), primary_key=True, autoincrement=False),
    sa.Column("features", sa.Text, nullable=False),  # JSON array of 64 in 0-1
    sa.Column("intended_digit", sa.Integer, nullable=False),
    sa.Column("model_answer", sa.Integer, nullable=False),
)

DATA_TABLES = (classes, members, shares, suggestions, challenges, runs, drawings)
