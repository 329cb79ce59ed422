"""Students: joining a class, and finding a student again by the member token their
browser keeps. A part of ``ClassStore`` (see ``classroom.base``).

Joining gives a student a member token (a random secret; the database keeps only its
hash). The browser keeps it, so a reload, a new tab or a new server process finds the
same student (``member``), and joining again from the same browser with it is the same
student, never a second one. A member id is not a credential: every call that acts as a
student takes the token.
"""

import sqlalchemy as sa

from classroom.codes import hash_token, new_token
from classroom.errors import NotJoined
from classroom.names import clean_name
from classroom.records import Member, utc
from classroom.schema import members


class Members:
    def join(self, code, name, token=None):
        """Join the class as a student named ``name``; return the ``Member``, with its
        ``token`` (keep it: it is how this student is found again and shares).

        With the ``token`` of a student of this class (the browser joined before), it is
        that student again, under the name now typed. ``BadName`` says what is wrong
        with a name (rules in ``classroom.names``); two students may have the same name.
        ``ClassClosed`` once the teacher closed the class.
        """
        name = clean_name(name)
        now = self.clock()
        with self._transaction(write=True) as connection:
            row = self._open_class(connection, code)
            again = self._member_row(connection, row.id, token, lock=True) if token else None
            if again is not None:
                if again.name != name:
                    connection.execute(sa.update(members).where(members.c.id == again.id)
                                       .values(name=name))
                    self._bump(connection, row.id)
                return Member(again.id, name, utc(again.joined_at), token)
            token = new_token()
            member_id = connection.execute(sa.insert(members).values(
                class_id=row.id, name=name, joined_at=now, token_hash=hash_token(token))
                .returning(members.c.id)).scalar_one()
        return Member(member_id, name, utc(now), token)

    def member(self, code, token):
        """The student of this class whose member token is ``token`` (with it), e.g. for
        a browser coming back; ``NotJoined`` if there is none (a forged token, another
        class's), ``ClassNotFound`` if the class is gone. A closed class still has its
        students (its board can be seen)."""
        with self._transaction() as connection:
            row = self._find(connection, code)
            found = self._member_row(connection, row.id, token)
            if found is None:
                raise NotJoined()
            return Member(found.id, found.name, utc(found.joined_at), token)

    def _member_row(self, connection, class_id, token, lock=False):
        """The ``members`` row of this class with this token, or None; ``lock`` holds it
        until the transaction ends (the student's shares then go one at a time)."""
        if not isinstance(token, str) or not token:
            return None
        query = sa.select(members).where(members.c.class_id == class_id,
                                         members.c.token_hash == hash_token(token))
        return connection.execute(query.with_for_update() if lock else query).first()
