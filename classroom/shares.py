"""Sharing to a class's board: a run or a drawing from a student, stored once per press
however often it is delivered, and removed by the teacher. A part of ``ClassStore``
(see ``classroom.base``).

Every share is one transaction, checked and counted inside it: the idempotency key is
stored at most once (the database's unique constraint decides, not a read before the
write), and the flood limit counts the student's shares of the last minute in the
database, with the student's row locked so their shares go one at a time.
"""

import sqlalchemy as sa

from classroom import payloads
from classroom.base import JSON
from classroom.errors import NotJoined, TooManyShares
from classroom.records import Member
from classroom.schema import drawings, runs, shares

FLOOD_WINDOW = 60.0  # seconds
MAX_KEY_LENGTH = 100


class Shares:
    def share_run(self, code, student, run, idempotency_key, challenge=None):
        """Share a training run (a dict, described in ``classroom.payloads``) as
        ``student`` (the ``Member`` that ``join`` or ``member`` returned, or its token);
        return its id on the board. With ``challenge`` (the id of the class's challenge)
        it is also entered in that challenge: ``ChallengeOver`` if it is over, or the
        run is on another pair.

        ``idempotency_key`` names this attempt (e.g. ``uuid.uuid4().hex``, made once per
        press of Share): delivering the same key again stores nothing new and returns
        the same id; a new press needs a new key. ``BadShare`` if the run is not valid,
        ``TooManyShares`` past the flood limit, ``ClassClosed``, ``NotJoined`` (a token
        that is no student of this class).
        """
        fields = payloads.clean_run(run)
        pair = (fields["settings"]["negative"], fields["settings"]["positive"])
        for key in ("settings", "curve_iterations", "curve_costs", "weights"):
            fields[key] = JSON(fields[key])
        if challenge is not None:
            if isinstance(challenge, bool) or not isinstance(challenge, int):
                raise TypeError(f"challenge must be a challenge's id (int), got "
                                f"{type(challenge).__name__}")
            fields["challenge_id"] = challenge
        return self._share(code, student, idempotency_key, "run", runs, fields,
                           entered=pair if challenge is not None else None)

    def share_drawing(self, code, student, features, intended_digit, model_answer,
                      idempotency_key):
        """Share a drawing: its 64 features (0-1, the dataset's format), the digit the
        student meant and the neuron's answer; return its id on the board.
        ``student``, idempotency and errors as in ``share_run``."""
        fields = payloads.clean_drawing(features, intended_digit, model_answer)
        fields["features"] = JSON(fields["features"])
        return self._share(code, student, idempotency_key, "drawing", drawings, fields)

    def remove_run(self, code, token, run_id):
        """Remove a run from the board (teacher only); True if it was there."""
        return self._remove(code, token, "run", run_id)

    def remove_drawing(self, code, token, drawing_id):
        """Remove a drawing from the board (teacher only); True if it was there."""
        return self._remove(code, token, "drawing", drawing_id)

    def _share(self, code, student, key, kind, table, fields, entered=None):
        token = _member_token(student)
        key = _idempotency_key(key)
        now = self.clock()
        with self._transaction(write=True) as connection:
            row = self._open_class(connection, code)
            joined = self._member_row(connection, row.id, token, lock=True)
            if joined is None:
                raise NotJoined()
            share_id = connection.execute(self._insert_once(shares).values(
                class_id=row.id, member_id=joined.id, kind=kind, idempotency_key=key,
                created_at=now).returning(shares.c.id)).scalar()
            if share_id is None:  # this key was stored before: the same answer again
                return _delivered(connection, row.id, key, joined.id, kind)
            recent = connection.scalar(
                sa.select(sa.func.count()).select_from(shares)
                .where(shares.c.member_id == joined.id,
                       shares.c.created_at > now - FLOOD_WINDOW))
            if recent > self.share_limit:  # raising rolls the insert back
                raise TooManyShares(f"You have shared {self.share_limit} times in the last "
                                    "minute. Wait a moment, then try again.")
            if entered is not None:  # the challenge, on and on this pair (or roll back)
                self._entered(connection, row.id, fields["challenge_id"], entered)
            connection.execute(sa.insert(table).values(share_id=share_id, **fields))
        return share_id

    def _remove(self, code, token, kind, entry_id):
        if isinstance(entry_id, bool) or not isinstance(entry_id, int):
            raise TypeError(f"the {kind} id must be an int, got {type(entry_id).__name__}")
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            removed = connection.execute(sa.delete(shares).where(
                shares.c.id == entry_id, shares.c.class_id == row.id,
                shares.c.kind == kind)).rowcount
            if removed:
                self._bump(connection, row.id)
        return bool(removed)


def _member_token(student):
    if isinstance(student, Member) and student.token:
        return student.token
    if isinstance(student, str) and student:
        return student
    raise TypeError(f"student must be a Member with its token (from join or member) or a "
                    f"member token (str), got {type(student).__name__}")


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
