"""What can go wrong for a person using a class, as exceptions a page can show as-is.

Every ``ClassError`` carries one short, friendly sentence (``str(error)``) meant for the
student or teacher in front of the screen. Messages never repeat what someone typed,
so a page can display them without escaping worries. Mistakes of the calling code
(a wrong type, an empty idempotency key) are ordinary ``TypeError``/``ValueError``
naming the argument instead.
"""


class ClassError(Exception):
    """A problem the person using the page can understand and fix (or wait out: the
    database may be unreachable), never a mistake of the calling code."""

    default_message = "Something went wrong with this class. Try again."

    def __init__(self, message=None):
        super().__init__(message or self.default_message)


class ClassNotFound(ClassError):
    """No class has this code: mistyped, expired or deleted (they look the same, on
    purpose: a code reveals nothing about other classes)."""

    default_message = "No class has this code. Check it with your teacher."


class ClassClosed(ClassError):
    """The teacher closed the class: its board can be seen, nothing can be added."""

    default_message = ("This class is closed: its board can still be seen, but no one "
                       "can join or share any more.")


class BadName(ClassError):
    """The name typed to join a class cannot be used (the message says why)."""

    default_message = "Please type your name."


class BadShare(ClassError):
    """A run or drawing cannot be shared as it is (the message says what is wrong)."""

    default_message = "This cannot be shared: something in it is not valid."


class ChallengeOn(ClassError):
    """A challenge is on: the class has one at a time."""

    default_message = "A challenge is on: end it before starting another one."


class ChallengeOver(ClassError):
    """A run entered in a challenge that has ended (or is not this class's current one),
    or on another pair than the challenge's."""

    default_message = "That challenge is over: it takes no more runs."


class TooManyShares(ClassError):
    """One student shared more than the limit in the last minute; nothing was stored."""

    default_message = "You are sharing very fast. Wait a minute, then try again."


class NotAllowed(ClassError):
    """A teacher's action without the teacher's link (a missing or wrong token)."""

    default_message = "Only the teacher of this class can do that."


class NotJoined(NotAllowed):
    """A share from someone who is not a student of this class."""

    default_message = "Join this class first, then share."


class StoreUnavailable(ClassError):
    """The database cannot be reached or stayed busy too long; trying again may work."""

    default_message = "The class board cannot be reached right now. Try again in a moment."
