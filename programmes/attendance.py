"""Attendance figures for many men at once: the one query other apps reuse.

`figures_for(ids)` costs one query whatever the number of men: one SQL statement
that counts held sessions, attendances and the trailing run of unexcused absences
per man (a window function), with each man's programme minimum. The SQL is plain
enough to run on PostgreSQL and on SQLite (`make run`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from programmes.models import Attendance, Enrolment, Group, Programme, Session

ATTENDED = tuple(str(s) for s in Attendance.ATTENDED)
# An attended or excused session ends a run of missed ones.
BREAKS_A_RUN = (*ATTENDED, str(Attendance.Status.EXCUSED))


@dataclass(frozen=True)
class AttendanceFigures:
    """How much a man came: offered means held sessions of his groups since he
    started in each; a held session without a record for him counts as missed."""

    offered: int = 0
    attended: int = 0
    excused: int = 0
    missed_in_a_row: int = 0
    # Read with the counts: known once he has been offered a session.
    minimum_percent: int | None = None

    @property
    def missed(self) -> int:
        return self.offered - self.attended

    @property
    def percent(self) -> int | None:
        if not self.offered:
            return None
        return round(100 * self.attended / self.offered)

    @property
    def meets_minimum(self) -> bool | None:
        """None until there is both a session offered and a programme minimum."""
        if self.percent is None or self.minimum_percent is None:
            return None
        return self.percent >= self.minimum_percent


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _counts(where: str, params: list) -> dict[int, tuple[int, int, int, int, int]]:
    """participant id -> (offered, attended, excused, missed in a row, minimum).

    The minimum is that of the programme of his current enrolment, or of his
    latest one when none is current.
    """
    enrolment = Enrolment._meta.db_table
    session = Session._meta.db_table
    attendance = Attendance._meta.db_table
    group = Group._meta.db_table
    programme = Programme._meta.db_table
    attended_in = _placeholders(list(ATTENDED))
    # The day his place was recorded, in the organisation's time zone: a place
    # entered with an earlier start date is not offered the sessions held before
    # it was entered (EnrolmentQuerySet.expected_on, issue 14, item 9).
    enrolled_on, enrolled_params = connection.ops.datetime_cast_date_sql(
        "e.created_at", (), timezone.get_current_timezone_name()
    )
    breaks_in = _placeholders(list(BREAKS_A_RUN))
    sql = f"""
        WITH offered AS (
            SELECT DISTINCT e.participant_id AS pid, s.id AS sid, s.date AS sdate,
                   s.start_time AS stime, a.status AS astatus
            FROM {enrolment} e
            JOIN {session} s ON s.group_id = e.group_id
            LEFT JOIN {attendance} a
                   ON a.session_id = s.id AND a.participant_id = e.participant_id
            WHERE s.status = %s
              AND s.date >= e.start_date
              AND s.date >= {enrolled_on}
              AND (e.end_date IS NULL OR s.date <= e.end_date)
              AND {where}
        ), ordered AS (
            SELECT pid, astatus,
                   SUM(CASE WHEN astatus IN ({breaks_in}) THEN 1 ELSE 0 END)
                   OVER (PARTITION BY pid ORDER BY sdate DESC, stime DESC, sid DESC
                         ROWS UNBOUNDED PRECEDING) AS breaks
            FROM offered
        )
        SELECT pid,
               COUNT(*),
               SUM(CASE WHEN astatus IN ({attended_in}) THEN 1 ELSE 0 END),
               SUM(CASE WHEN astatus = %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN breaks = 0 THEN 1 ELSE 0 END),
               (SELECT p.minimum_attendance_percent
                FROM {enrolment} e2
                JOIN {group} g ON g.id = e2.group_id
                JOIN {programme} p ON p.id = g.programme_id
                WHERE e2.participant_id = pid
                ORDER BY e2.end_date IS NULL DESC, e2.end_date DESC,
                         e2.start_date DESC
                LIMIT 1)
        FROM ordered
        GROUP BY pid
    """  # noqa: S608 - table names come from models, values are parameters
    all_params = [
        str(Session.Status.HELD),
        *enrolled_params,
        *params,
        *BREAKS_A_RUN,
        *ATTENDED,
        str(Attendance.Status.EXCUSED),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        return {
            row[0]: (
                int(row[1]),
                int(row[2] or 0),
                int(row[3] or 0),
                int(row[4] or 0),
                row[5],
            )
            for row in cursor.fetchall()
        }


def figures_for(participant_ids: Iterable[int]) -> dict[int, AttendanceFigures]:
    """Attendance figures for every man asked for, in one query; men never
    offered a session get empty figures."""
    ids = sorted({int(pk) for pk in participant_ids})
    if not ids:
        return {}
    counts = _counts(f"e.participant_id IN ({_placeholders(ids)})", ids)
    figures = {}
    for pk in ids:
        offered, attended, excused, in_a_row, minimum = counts.get(
            pk, (0, 0, 0, 0, None)
        )
        figures[pk] = AttendanceFigures(
            offered=offered,
            attended=attended,
            excused=excused,
            missed_in_a_row=in_a_row,
            minimum_percent=minimum,
        )
    return figures


def figures_for_enrolment(enrolment: Enrolment) -> AttendanceFigures:
    """The figures of one enrolment only (for its exit report)."""
    offered, attended, excused, in_a_row, _minimum = _counts(
        "e.id = %s", [enrolment.pk]
    ).get(enrolment.participant_id, (0, 0, 0, 0, None))
    return AttendanceFigures(
        offered=offered,
        attended=attended,
        excused=excused,
        missed_in_a_row=in_a_row,
        minimum_percent=enrolment.group.programme.minimum_attendance_percent,
    )
