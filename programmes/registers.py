"""Recording a session's register: the whole group's attendance in one save.

Two workers may save the same register at once; what each saw is compared with
what is stored, lines that differ are merged or refused as a conflict, and every
change keeps its history. A concern raised on a line is signalled once.
"""

from dataclasses import dataclass, field
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from programmes.models import Attendance, Enrolment, Module, Session
from programmes.signals import attendance_concern_raised


class AttendanceConflict(Exception):
    """Another worker saved different values for the same men meanwhile."""

    def __init__(self, conflicts: dict[int, Attendance], session: Session):
        super().__init__("attendance conflict")
        self.conflicts = conflicts
        self.session = session


@dataclass
class AttendanceRow:
    """One man's line of the session form: what the worker saw and what they sent."""

    # The columns of a line the worker fills in (see values()).
    VALUE_FIELDS: ClassVar[tuple[str, ...]] = (
        "status",
        "participation",
        "note",
        "concern",
        "urgent",
    )

    participant_id: int
    status: str
    participation: int | None = None
    note: str = ""
    concern: bool = False
    urgent: bool = False
    changed: bool = True
    seen: dict = field(default_factory=dict)

    def values(self) -> dict:
        return {name: getattr(self, name) for name in self.VALUE_FIELDS}


def _values_of(attendance: Attendance | None) -> dict:
    if attendance is None:
        return {
            "status": "",
            "participation": None,
            "note": "",
            "concern": False,
            "urgent": False,
        }
    return {name: getattr(attendance, name) for name in AttendanceRow.VALUE_FIELDS}


def expected_participant_ids(session: Session) -> set[int]:
    """The men whose attendance a session records."""
    if session.is_one_to_one:
        return {session.participant_id}
    return set(
        Enrolment.objects.filter(group_id=session.group_id)
        .expected_on(session.date)
        .values_list("participant_id", flat=True)
    )


def _update_lines(lines: list[Attendance], *, actor: User, now) -> None:
    """Write changed lines of a register, with their history, in at most two
    UPDATEs: one setting what every line now shares (often the whole register:
    everyone present), one CASE per line for the columns whose new values differ.

    Django's bulk_update builds a CASE branch per line and column, which was most
    of a save's time for a group of twelve when every column went through it.
    """
    shared = {"recorded_by": actor, "updated_at": now}
    differing = []
    for name in AttendanceRow.VALUE_FIELDS:
        values = {getattr(line, name) for line in lines}
        if len(values) == 1:
            shared[name] = values.pop()
        else:
            differing.append(name)
    Attendance.objects.filter(pk__in=[line.pk for line in lines]).update(**shared)
    # With no fields this writes the history rows only.
    bulk_update_with_history(lines, Attendance, differing, default_user=actor)


@transaction.atomic
def record_attendance(
    *,
    session: Session,
    rows: list[AttendanceRow],
    seen_version: int,
    actor: User,
    module: Module | None = None,
) -> tuple[Session, bool]:
    """Save a session's attendance for the whole group in one go.

    Optimistic locking on Session.version: when someone else saved since the form
    was opened, rows this worker did not change keep the other's values, and rows
    both changed differently raise AttendanceConflict with nothing saved.
    Returns the session and whether a merge with another save happened.
    """
    session = lock_recordable_session(session)
    strangers = {row.participant_id for row in rows} - expected_participant_ids(session)
    if strangers:
        raise ValidationError(
            _("Attendance can only be recorded for men in the group.")
        )
    existing = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    merged = session.version != seen_version
    if merged:
        rows = merge_with_the_other_save(rows, existing, session)
    now = timezone.now()
    to_create, to_update, worried = sort_lines(
        rows, existing, session=session, actor=actor, now=now
    )
    if to_create:
        bulk_create_with_history(to_create, Attendance, default_user=actor)
    if to_update:
        _update_lines(to_update, actor=actor, now=now)
    if worried:
        raise_concerns(session, worried, actor=actor)
    mark_held(session, actor=actor, now=now, module=module)
    return session, merged


def lock_recordable_session(session: Session) -> Session:
    """The session, locked for this save, if its attendance may be recorded."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("This session was cancelled; nothing to record."))
    if not session.has_started(timezone.localtime()):
        raise ValidationError(
            _("This session has not started yet: record it from %(time)s on %(date)s.")
            % {
                "time": session.start_time.strftime("%H:%M"),
                "date": session.date.strftime("%d/%m/%Y"),
            }
        )
    return session


def merge_with_the_other_save(
    rows: list[AttendanceRow], existing: dict[int, Attendance], session: Session
) -> list[AttendanceRow]:
    """The rows this worker changed, when none clashes with what another worker
    saved meanwhile; otherwise AttendanceConflict, naming the clashing rows."""
    conflicts = {}
    for row in rows:
        current = _values_of(existing.get(row.participant_id))
        if row.changed and current != row.seen and current != row.values():
            conflicts[row.participant_id] = existing.get(row.participant_id)
    if conflicts:
        raise AttendanceConflict(conflicts, session)
    # Keep what the other worker saved for every row this one left alone.
    return [row for row in rows if row.changed]


def sort_lines(
    rows: list[AttendanceRow],
    existing: dict[int, Attendance],
    *,
    session: Session,
    actor: User,
    now,
) -> tuple[list[Attendance], list[Attendance], list[Attendance]]:
    """The lines to create, the lines to update (set to the rows' values), and
    those of them where a concern was newly raised or newly marked urgent;
    unchanged lines are left."""
    to_create, to_update, worried = [], [], []
    for row in rows:
        attendance = existing.get(row.participant_id)
        if attendance is None:
            attendance = Attendance(
                organisation_id=session.organisation_id,
                session=session,
                participant_id=row.participant_id,
                recorded_by=actor,
                **row.values(),
            )
            to_create.append(attendance)
            if row.concern:
                worried.append(attendance)
            continue
        if _values_of(attendance) == row.values():
            continue
        raised = (row.concern and not attendance.concern) or (
            row.urgent and not attendance.urgent
        )
        for name, value in row.values().items():
            setattr(attendance, name, value)
        attendance.recorded_by = actor
        attendance.updated_at = now
        to_update.append(attendance)
        if raised:
            worried.append(attendance)
    return to_create, to_update, worried


def raise_concerns(session: Session, worried: list[Attendance], *, actor: User):
    """Tell risk (attendance_concern_raised) of each line with a new concern, or
    one newly marked urgent; risk alerts his caseworker (and managers if urgent)."""
    # bulk_create may not set primary keys on every database: reload them.
    by_participant = {
        a.participant_id: a
        for a in Attendance.objects.filter(
            session=session, participant_id__in=[a.participant_id for a in worried]
        ).select_related("participant", "session")
    }
    for attendance in worried:
        saved = by_participant[attendance.participant_id]
        attendance_concern_raised.send(
            sender=Attendance,
            attendance=saved,
            text=saved.note or _("The facilitator flagged a concern."),
            actor=actor,
            urgent=saved.urgent,
        )


def mark_held(
    session: Session, *, actor: User, now, module: Module | None = None
) -> None:
    """Record that the session was held and logged now (a new version of it)."""
    session.status = Session.Status.HELD
    session.logged_at = now
    session.logged_by = actor
    session.version += 1
    if module is not None:
        session.module = module
    session._history_user = actor
    session.save()
    if actor.role == User.Role.FACILITATOR:
        session.facilitators.add(actor)
