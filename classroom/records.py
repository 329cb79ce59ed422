"""What the store hands back: small frozen records of plain Python values.

Times are timezone-aware ``datetime`` in UTC; vectors are tuples of floats (a page turns
them into arrays: ``np.array(run.weights).reshape(8, 8)``); ``dataclasses.asdict`` turns
any record into a dict, e.g. for a table. Names are user text: show them as text.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

from classroom.codes import format_code
from logreg.settings import RunSettings


def utc(timestamp):
    """Seconds since the epoch (as stored) -> an aware UTC datetime."""
    return datetime.fromtimestamp(timestamp, timezone.utc)


class NewClass(NamedTuple):
    """A class just created: ``code, token = store.create_class()``.

    ``code`` is shown to the class (grouped, ``K7Q-XM4-RP2``); ``teacher_token`` goes
    only into the teacher's link. The token is not stored anywhere: it cannot be shown
    again.
    """

    code: str
    teacher_token: str


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A class: its code (grouped for reading), when it started and when it expires
    (with all its data), and whether the teacher closed it."""

    code: str
    created_at: datetime
    expires_at: datetime
    closed: bool


@dataclass(frozen=True, slots=True)
class Member:
    """A student of a class. ``token`` (their member token, the secret their browser
    keeps) only on what ``join`` and ``member`` return, never on a board's list."""

    id: int
    name: str
    joined_at: datetime
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class SharedRun:
    """A training run on the board: who shared it, its settings (a
    ``logreg.settings.RunSettings``), where it got to, its cost curve and its 64 weights
    and bias (accuracies as fractions 0-1)."""

    id: int
    student_id: int
    name: str
    settings: RunSettings
    iteration: int
    train_accuracy: float
    test_accuracy: float
    train_cost: float
    test_cost: float
    curve_iterations: tuple
    curve_costs: tuple
    weights: tuple
    bias: float
    created_at: datetime

    @property
    def pair(self):
        """(negative, positive)."""
        return self.settings.negative, self.settings.positive


@dataclass(frozen=True, slots=True)
class SharedDrawing:
    """A drawing on the board: who drew it, the 64 values (0-1) the neuron read, the
    digit they meant and the neuron's answer."""

    id: int
    student_id: int
    name: str
    features: tuple
    intended_digit: int
    model_answer: int
    created_at: datetime

    @property
    def correct(self):
        """Whether the neuron read the digit that was meant."""
        return self.intended_digit == self.model_answer


@dataclass(frozen=True, slots=True)
class Board:
    """Everything a class's board shows, read at one moment: the class, its students
    (in joining order), its runs and drawings (in sharing order), and ``version`` (as
    ``ClassStore.board_version`` gives it, so a page can skip a redraw)."""

    info: ClassInfo
    students: tuple
    runs: tuple
    drawings: tuple
    version: tuple


def info_from_row(row):
    """A ``classes`` row -> ``ClassInfo``."""
    return ClassInfo(format_code(row.code), utc(row.created_at), utc(row.expires_at),
                     row.closed_at is not None)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Settings the teacher sent the class (a ``RunSettings``), and when."""

    id: int
    settings: RunSettings
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Challenge:
    """The teacher's challenge: a pair, a ``target_accuracy`` (a fraction 0-1) and a
    ``max_iterations`` (either None: open), the time it ``ends_at`` (None: no limit) and
    the time the teacher ``ended_at`` it (None: not yet)."""

    id: int
    negative: int
    positive: int
    target_accuracy: float | None
    max_iterations: int | None
    started_at: datetime
    ends_at: datetime | None
    ended_at: datetime | None

    @property
    def pair(self):
        return self.negative, self.positive

    def over(self, now):
        """Whether it is over at ``now`` (an aware datetime): ended, or out of time."""
        return self.ended_at is not None or (self.ends_at is not None and now >= self.ends_at)

    def met_by(self, test_accuracy, iteration):
        """Whether a run with this test accuracy (0-1) after this many iterations meets
        the goal (what is left open is met by any run)."""
        return ((self.target_accuracy is None or test_accuracy >= self.target_accuracy)
                and (self.max_iterations is None or iteration <= self.max_iterations))


@dataclass(frozen=True, slots=True)
class Standings:
    """A challenge and its entries (``SharedRun``), the best of each student, best first:
    the goal met, then the highest test accuracy, then the fewest iterations, then the
    first shared."""

    challenge: Challenge
    entries: tuple

    def meets(self, entry):
        return self.challenge.met_by(entry.test_accuracy, entry.iteration)


@dataclass(frozen=True, slots=True)
class News:
    """What a page of a class asks every few seconds: whether the class is ``closed``,
    the newest ``suggestion`` this student has not opened or dismissed (None for the
    teacher, or when there is none), and the class's current or last ``challenge``."""

    closed: bool
    suggestion: Suggestion | None
    challenge: Challenge | None
