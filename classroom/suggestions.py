"""What the teacher sends the room: settings for everyone to open ("Your teacher
suggests"), and what every page of a class asks every few seconds (``news``). A part of
``ClassStore`` (see ``classroom.base``)."""

import json

import sqlalchemy as sa

from classroom.base import JSON
from classroom.codes import hash_token, normalise_code
from classroom.errors import ClassNotFound, NotJoined
from classroom.records import Challenge, News, Suggestion, utc
from classroom.schema import challenges, classes, members, suggestions
from logreg.settings import RunSettings


class Suggestions:
    def suggest(self, code, token, settings):
        """Send ``settings`` (a ``RunSettings`` with two different digits) to the class
        (teacher only); a later suggestion replaces the earlier one. Its id."""
        if not isinstance(settings, RunSettings) or not settings.valid_pair:
            raise TypeError("settings must be a RunSettings with two different digits")
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            return connection.execute(sa.insert(suggestions).values(
                class_id=row.id, settings=JSON(settings.record()), created_at=self.clock())
                .returning(suggestions.c.id)).scalar_one()

    def seen(self, code, student_token, suggestion_id):
        """The student opened or dismissed suggestion ``suggestion_id``: ``news`` no
        longer gives it to them (on any page, after a reload, in any server process)."""
        if isinstance(suggestion_id, bool) or not isinstance(suggestion_id, int):
            raise TypeError(f"suggestion_id must be an int, got {type(suggestion_id).__name__}")
        with self._transaction(write=True) as connection:
            row = self._find(connection, code)
            member = self._member_row(connection, row.id, student_token, lock=True)
            if member is None:
                raise NotJoined()
            if (member.seen_suggestion or 0) < suggestion_id:
                connection.execute(sa.update(members).where(members.c.id == member.id)
                                   .values(seen_suggestion=suggestion_id))

    def news(self, code, student_token=None):
        """``News`` of the class for this student (None: the teacher, or nobody): one
        small query, for a page that asks every few seconds. ``ClassNotFound`` if the
        class is gone."""
        normal = normalise_code(code)
        if normal is None:
            raise ClassNotFound()
        others, earlier = suggestions.alias(), challenges.alias()
        latest = (sa.select(sa.func.max(others.c.id)).where(others.c.class_id == classes.c.id)
                  .correlate(classes).scalar_subquery())
        current = (sa.select(sa.func.max(earlier.c.id))
                   .where(earlier.c.class_id == classes.c.id)
                   .correlate(classes).scalar_subquery())
        seen = (sa.select(members.c.seen_suggestion)
                .where(members.c.class_id == classes.c.id,
                       members.c.token_hash == hash_token(student_token or ""))
                .scalar_subquery())
        query = (sa.select(classes.c.closed_at, suggestions.c.id.label("suggestion_id"),
                           suggestions.c.settings,
                           suggestions.c.created_at.label("suggested_at"),
                           seen.label("seen"), challenges)
                 .select_from(classes)
                 .outerjoin(suggestions, suggestions.c.id == latest)
                 .outerjoin(challenges, challenges.c.id == current)
                 .where(classes.c.code == normal, classes.c.expires_at > self.clock()))
        with self._transaction() as connection:
            found = connection.execute(query).first()
        if found is None:
            raise ClassNotFound()
        suggestion = None
        if student_token and found.suggestion_id is not None and \
                (found.seen or 0) < found.suggestion_id:
            suggestion = Suggestion(found.suggestion_id,
                                    RunSettings.from_record(json.loads(found.settings)),
                                    utc(found.suggested_at))
        challenge = challenge_from_row(found) if found.id is not None else None
        return News(found.closed_at is not None, suggestion, challenge)


def challenge_from_row(row):
    """A ``challenges`` row -> ``Challenge``."""
    return Challenge(row.id, row.negative, row.positive, row.target_accuracy,
                     row.max_iterations, utc(row.started_at),
                     None if row.ends_at is None else utc(row.ends_at),
                     None if row.ended_at is None else utc(row.ended_at))
