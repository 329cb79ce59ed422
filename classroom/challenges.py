"""The teacher's challenges: "who can reach 98% on 3 vs 8 in the fewest iterations?".
One at a time per class, entered with runs (``share_run(..., challenge=id)``), ranked
on the board. A part of ``ClassStore`` (see ``classroom.base``).

A challenge has a pair, a target test accuracy and a most iterations (either may be
left open), and maybe a time limit. An entry meets the goal when its test accuracy is
at least the target and its iterations at most the limit. The standings keep each
student's best entry, best first: the goal met, then the highest test accuracy, then the
fewest iterations, then the first shared. Ended (by the teacher, or out of time), a
challenge takes no entry: it is frozen.
"""

import math
import numbers

import sqlalchemy as sa

from classroom.board import shared_run
from classroom.errors import ChallengeOn, ChallengeOver
from classroom.records import Standings, utc
from classroom.schema import challenges, runs
from classroom.suggestions import challenge_from_row

MAX_MINUTES = 24 * 60


class Challenges:
    def start_challenge(self, code, token, negative, positive, target_accuracy=None,
                        max_iterations=None, minutes=None):
        """Start a challenge on the pair (negative, positive) (teacher only); return it.
        ``target_accuracy`` a fraction 0-1, ``max_iterations`` a whole number >= 1,
        ``minutes`` the time limit (each None: open). ``ChallengeOn`` while another one
        is on."""
        negative, positive = _digit(negative, "negative"), _digit(positive, "positive")
        if negative == positive:
            raise ValueError(f"negative and positive must be two different digits, got "
                             f"{negative} twice")
        target_accuracy = _optional(target_accuracy, "target_accuracy", 0.0, 1.0)
        max_iterations = _optional(max_iterations, "max_iterations", 1, 10**9, whole=True)
        minutes = _optional(minutes, "minutes", 1, MAX_MINUTES)
        now = self.clock()
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            last = self._last_challenge(connection, row.id)
            if last is not None and not last.over(utc(now)):
                raise ChallengeOn()
            challenge_id = connection.execute(sa.insert(challenges).values(
                class_id=row.id, negative=negative, positive=positive,
                target_accuracy=target_accuracy, max_iterations=max_iterations,
                started_at=now, ends_at=None if minutes is None else now + 60 * minutes)
                .returning(challenges.c.id)).scalar_one()
            self._bump(connection, row.id)
            return self._last_challenge(connection, row.id, challenge_id)

    def end_challenge(self, code, token):
        """End the class's challenge now (teacher only): it is frozen, its standings
        stay. True if one was on."""
        now = self.clock()
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            last = self._last_challenge(connection, row.id)
            if last is None or last.over(utc(now)):
                return False
            connection.execute(sa.update(challenges).where(challenges.c.id == last.id)
                               .values(ended_at=now))
            self._bump(connection, row.id)
            return True

    def standings(self, code):
        """``Standings`` of the class's current or last challenge, or None if it never
        had one."""
        with self._transaction() as connection:
            row = self._find(connection, code)
            challenge = self._last_challenge(connection, row.id)
            if challenge is None:
                return None
            entered = [shared_run(r) for r in connection.execute(
                self._entries(runs, row.id).where(runs.c.challenge_id == challenge.id))]
        best = {}
        for run in entered:  # each student's best (a tie keeps the first shared)
            mine = best.get(run.student_id)
            if mine is None or _rank(challenge, run) < _rank(challenge, mine):
                best[run.student_id] = run
        return Standings(challenge, tuple(sorted(best.values(),
                                                 key=lambda run: _rank(challenge, run))))

    def _last_challenge(self, connection, class_id, challenge_id=None):
        query = sa.select(challenges).where(challenges.c.class_id == class_id)
        query = query.where(challenges.c.id == challenge_id) if challenge_id else \
            query.order_by(challenges.c.id.desc()).limit(1)
        found = connection.execute(query).first()
        return None if found is None else challenge_from_row(found)

    def _entered(self, connection, class_id, challenge_id, pair):
        """The challenge a run is entered in, checked: on, and on the run's pair."""
        challenge = self._last_challenge(connection, class_id)
        if challenge is None or challenge.id != challenge_id or \
                challenge.over(utc(self.clock())):
            raise ChallengeOver()
        if challenge.pair != pair:
            raise ChallengeOver(f"This run is not on the challenge's pair, "
                                f"{challenge.negative} vs {challenge.positive}.")
        return challenge


def _rank(challenge, run):
    return (not challenge.met_by(run.test_accuracy, run.iteration), -run.test_accuracy,
            run.iteration, run.id)


def _digit(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
            or not 0 <= value <= 9:
        raise ValueError(f"{name} must be a digit 0-9, got {value!r}")
    return int(value)


def _optional(value, name, low, high, whole=False):
    """None, or a number ``low``-``high`` (whole if ``whole``); ValueError naming it."""
    if value is None:
        return None
    kinds = numbers.Integral if whole else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kinds) or not (
            math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be None or a{' whole' if whole else ''} number "
                         f"from {low} to {high}, got {value!r}")
    return int(value) if whole else float(value)

