"""The class store: classes, their students, and the runs and drawings they share.

A page opens one store per process (``open_store()``; caching it is the caller's
business) and calls it with the class code it was given; there is nothing to list or
search, so a board is reachable only with its code. All state is in the database: a
teacher's link (code + token) and a student's member token work after any restart, and
several app processes can share one database (a SQLite file on one machine, or
PostgreSQL).

Every write is one transaction, checked and counted inside it, so the rules hold across
processes and threads. People's mistakes raise ``ClassError`` subclasses with a sentence
to show; the caller's mistakes raise ``TypeError``/``ValueError`` naming the argument.

``ClassStore`` is made of one part per job, each in its own module: ``classes`` (start,
close, delete), ``members`` (join, find a student again), ``shares`` (share, remove),
``board`` (read it), ``suggestions`` (settings sent to the class, and the news a page
asks for) and ``challenges``, on ``base`` (the engine, the transactions, finding a
class).
"""

from classroom.base import CLASS_DAYS, SHARE_LIMIT, StoreBase
from classroom.board import Boards
from classroom.challenges import Challenges
from classroom.classes import Classes
from classroom.database import make_engine
from classroom.members import Members
from classroom.shares import Shares
from classroom.suggestions import Suggestions

__all__ = ["ClassStore", "open_store", "CLASS_DAYS", "SHARE_LIMIT"]


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


class ClassStore(Classes, Members, Shares, Boards, Suggestions, Challenges, StoreBase):
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
    ``remove_run``, ``remove_drawing``, ``suggest``, ``start_challenge``,
    ``end_challenge``) raise ``NotAllowed`` without the class's token,
    and a student's (``share_run``, ``share_drawing``) ``NotJoined`` without a member
    token of the class. The store holds no state of its own: share it between threads
    and sessions.
    """
