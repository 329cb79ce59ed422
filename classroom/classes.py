"""Classes: starting one, what it is, checking the teacher's token, closing, deleting,
and deleting the expired ones. A part of ``ClassStore`` (see ``classroom.base``)."""

import sqlalchemy as sa

from classroom.codes import format_code, hash_token, new_code, new_token, token_matches
from classroom.records import NewClass, info_from_row
from classroom.schema import classes


class Classes:
    def create_class(self):
        """Start a class; return ``NewClass(code, teacher_token)``.

        The code (``K7Q-XM4-RP2``) is for the students; the token is the teacher's
        secret, to keep in the teacher's link: only its hash is stored, so it cannot
        be shown again. Expired classes are purged on the way.
        """
        now = self.clock()
        with self._transaction(write=True) as connection:
            self._purge(connection, now)
            for _ in range(8):  # a collision of 44-bit codes: practically never
                code, token = new_code(), new_token()
                created = connection.execute(self._insert_once(classes).values(
                    code=code, teacher_hash=hash_token(token), created_at=now,
                    expires_at=now + self.days * 86400.0).returning(classes.c.id)).first()
                if created:
                    return NewClass(format_code(code), token)
        raise RuntimeError("no free class code found")

    def class_info(self, code):
        """The class with this code: ``ClassInfo(code, created_at, expires_at, closed)``."""
        with self._transaction() as connection:
            return info_from_row(self._find(connection, code))

    def check_teacher(self, code, token):
        """Whether ``token`` is this class's teacher token (False if missing).
        ``ClassNotFound`` if there is no such class."""
        with self._transaction() as connection:
            return token_matches(token, self._find(connection, code).teacher_hash)

    def close_class(self, code, token):
        """Close the class (teacher only): its board stays visible, but nobody can join
        or share any more. Closing a closed class changes nothing."""
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            if row.closed_at is None:
                connection.execute(sa.update(classes).where(classes.c.id == row.id)
                                   .values(closed_at=self.clock()))
                self._bump(connection, row.id)

    def delete_class(self, code, token):
        """Delete the class and everything in it, now (teacher only)."""
        with self._transaction(write=True) as connection:
            row = self._teacher_class(connection, code, token)
            connection.execute(sa.delete(classes).where(classes.c.id == row.id))

    def purge_expired(self):
        """Delete every expired class with its data; return how many were deleted.
        Cheap (one indexed delete); ``create_class`` calls it too."""
        with self._transaction(write=True) as connection:
            return self._purge(connection, self.clock())

    def _purge(self, connection, now):
        return connection.execute(sa.delete(classes).where(classes.c.expires_at <= now)).rowcount
