"""The board: everything a class's page shows, read at one moment, and a small value that
changes whenever it does (a page polling every few seconds compares it). A part of
``ClassStore`` (see ``classroom.base``)."""

import json

import sqlalchemy as sa

from classroom.records import Board, Member, SharedDrawing, SharedRun, info_from_row, utc
from classroom.schema import drawings, members, runs, shares
from logreg.settings import RunSettings


class Boards:
    def board(self, code):
        """Everything the class's board shows, read at one moment: a ``Board`` with the
        class, its students, runs and drawings (oldest first), and its version."""
        with self._transaction() as connection:
            row = self._find(connection, code, counts=True)
            students = tuple(
                Member(m.id, m.name, utc(m.joined_at)) for m in connection.execute(
                    sa.select(members.c.id, members.c.name, members.c.joined_at)
                    .where(members.c.class_id == row.id).order_by(members.c.id)))
            shared_runs = tuple(shared_run(r) for r in connection.execute(
                self._entries(runs, row.id)))
            shared_drawings = tuple(shared_drawing(d) for d in connection.execute(
                self._entries(drawings, row.id)))
        return Board(info_from_row(row), students, shared_runs, shared_drawings, _version(row))

    def board_version(self, code):
        """A small value that changes whenever the board does (a student joins, a share
        arrives or is removed, the class closes): a page polling every few seconds
        compares it with the last one and redraws only when it differs. One query."""
        with self._transaction() as connection:
            return _version(self._find(connection, code, counts=True))

    def _entries(self, table, class_id):
        """A class's shares of one kind with their details and who shared them."""
        return (sa.select(shares.c.id, shares.c.member_id, shares.c.created_at,
                          members.c.name, table)
                .join(table, table.c.share_id == shares.c.id)
                .join(members, members.c.id == shares.c.member_id)
                .where(shares.c.class_id == class_id).order_by(shares.c.id))


def _version(row):
    # Any new student or share raises a count; a removal, closing or a new name the
    # revision.
    return (row.revision, row.n_students, row.n_shares)


def shared_run(r):
    """A row of ``_entries(runs, ...)`` -> ``SharedRun``."""
    return SharedRun(
        r.id, r.member_id, r.name, RunSettings.from_record(json.loads(r.settings)),
        r.iteration, r.train_accuracy, r.test_accuracy, r.train_cost, r.test_cost,
        tuple(json.loads(r.curve_iterations)), tuple(json.loads(r.curve_costs)),
        tuple(json.loads(r.weights)), r.bias, utc(r.created_at))


def shared_drawing(d):
    """A row of ``_entries(drawings, ...)`` -> ``SharedDrawing``."""
    return SharedDrawing(d.id, d.member_id, d.name, tuple(json.loads(d.features)),
                         d.intended_digit, d.model_answer, utc(d.created_at))
