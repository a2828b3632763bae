"""Writes on programmes, groups, sessions, enrolments and attendance."""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from participants import lifecycle
from participants.models import Participant
from participants.services import can_approve, move_participant
from programmes.attendance import figures_for_enrolment
from programmes.models import (
    OUTCOME_STATUS,
    Attendance,
    Enrolment,
    ExitReport,
    Group,
    Module,
    Session,
)
from programmes.signals import attendance_concern_raised

# Statuses from which starting in a group makes him active.
STARTS_ACTIVE = (Participant.Status.ASSESSMENT, Participant.Status.WAITING_LIST)
# Statuses in which a man may hold a place in a group.
MAY_ENROL = (*STARTS_ACTIVE, Participant.Status.ACTIVE, Participant.Status.SUSPENDED)


@transaction.atomic
def generate_sessions(
    *, group: Group, actor: User, start: date | None = None, end: date | None = None
) -> list[Session]:
    """Create the group's weekly sessions between two dates; existing ones stay.

    Modules of the programme are assigned in order, one per session, so the
    calendar also shows the curriculum.
    """
    start = start or group.start_date
    end = end or group.end_date
    if end is None:
        raise ValidationError("Give an end date: the group has none.")
    if end < start:
        raise ValidationError("The end date must be after the start date.")
    if end - start > timedelta(weeks=104):
        raise ValidationError("Generate at most two years of sessions at once.")
    first = start + timedelta(days=(group.weekday - start.weekday()) % 7)
    existing = set(
        group.sessions.filter(start_time=group.start_time).values_list(
            "date", flat=True
        )
    )
    modules = list(Module.objects.filter(programme_id=group.programme_id))
    held_before = group.sessions.exclude(status=Session.Status.CANCELLED).count()
    sessions = []
    day = first
    while day <= end:
        if day not in existing:
            index = held_before + len(sessions)
            sessions.append(
                Session(
                    organisation_id=group.organisation_id,
                    group=group,
                    date=day,
                    start_time=group.start_time,
                    module=modules[index % len(modules)] if modules else None,
                )
            )
        day += timedelta(weeks=1)
    created = bulk_create_with_history(sessions, Session, default_user=actor)
    return created


@transaction.atomic
def add_one_to_one_session(
    *,
    participant: Participant,
    day: date,
    start_time: time,
    facilitators: list[User],
    actor: User,
    module: Module | None = None,
) -> Session:
    """Book a one-to-one session with a man."""
    session = Session(
        organisation_id=participant.organisation_id,
        participant=participant,
        date=day,
        start_time=start_time,
        module=module,
    )
    session._history_user = actor
    session.save()
    session.facilitators.set(facilitators)
    return session


@transaction.atomic
def cancel_session(*, session: Session, reason: str, actor: User) -> Session:
    """Cancel a session that has not been held, with a reason."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.HELD:
        raise ValidationError("This session was held and has attendance: it stays.")
    if not reason.strip():
        raise ValidationError("Say why the session is cancelled.")
    session._history_user = actor
    session.mark_cancelled(reason=reason.strip())
    return session


@transaction.atomic
def enrol_participant(
    *, participant: Participant, group: Group, start_date: date, actor: User
) -> Enrolment:
    """Give a man a place in a group; a man waiting or assessed becomes active."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if participant.organisation_id != group.organisation_id:
        raise ValidationError("This group belongs to another organisation.")
    if participant.status not in MAY_ENROL:
        raise ValidationError(
            f"A man who is {participant.get_status_display().lower()} cannot be "
            "enrolled; assess him or put him on the waiting list first."
        )
    if group.end_date and start_date > group.end_date:
        raise ValidationError("The group has ended by that date.")
    if group.enrolments.current().filter(participant=participant).exists():
        raise ValidationError("He already has a place in this group.")
    if group.enrolments.current().count() >= group.capacity:
        raise ValidationError(
            f"The group is full ({group.capacity} places); end a place or raise "
            "its capacity first."
        )
    enrolment = Enrolment(
        organisation_id=group.organisation_id,
        participant=participant,
        group=group,
        start_date=start_date,
        risk_level_at_start=participant.risk_level,
    )
    enrolment._history_user = actor
    enrolment.save()
    if participant.status in STARTS_ACTIVE:
        move_participant(
            participant=participant,
            to_status=Participant.Status.ACTIVE,
            reason="started_programme",
            actor=actor,
            effective_on=max(
                min(start_date, timezone.localdate()),
                participant.status_changed_on or start_date,
            ),
        )
    return enrolment


@transaction.atomic
def end_enrolment(
    *,
    enrolment: Enrolment,
    outcome: str,
    reason: str,
    end_date: date,
    actor: User,
    move_lifecycle: bool = True,
) -> Enrolment:
    """End a man's place in a group with an outcome, write its exit report, and
    move his case on when this was his last place.

    An exclusion needs a manager; `move_lifecycle=False` is for the receiver of
    an approved move, which has already moved the case.
    """
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.is_current:
        raise ValidationError("This place has already ended.")
    status = OUTCOME_STATUS.get(outcome)
    if status is None:
        raise ValidationError("Choose an outcome from the list.")
    if reason not in dict(lifecycle.reasons_for(status)):
        raise ValidationError("Choose a reason from the list for this outcome.")
    if end_date < enrolment.start_date:
        raise ValidationError("The end date cannot be before he started.")
    if end_date > timezone.localdate():
        raise ValidationError("The end date cannot be in the future.")
    excluding = move_lifecycle and outcome == Enrolment.Outcome.EXCLUDED
    if excluding and not can_approve(actor):
        raise ValidationError(
            "An exclusion needs a manager's approval: request it on his case file."
        )
    enrolment.end_date = end_date
    enrolment.outcome = outcome
    enrolment.outcome_reason = reason
    enrolment._history_user = actor
    enrolment.save()
    build_exit_report(enrolment=enrolment, actor=actor)
    participant = enrolment.participant
    moving_groups = outcome == Enrolment.Outcome.TRANSFERRED and (
        reason == "another_group"
        or participant.enrolments.current().exclude(pk=enrolment.pk).exists()
    )
    if (
        move_lifecycle
        and not moving_groups
        and not participant.enrolments.current().exists()
        and lifecycle.is_allowed(participant.status, status)
    ):
        move_participant(
            participant=participant,
            to_status=status,
            reason=reason,
            actor=actor,
            effective_on=max(end_date, participant.status_changed_on or end_date),
        )
    return enrolment


@transaction.atomic
def end_current_enrolments(
    *, participant: Participant, to_status: str, reason: str, end_date: date, actor
) -> list[Enrolment]:
    """End every current place of a man whose case just left the programme."""
    outcome = {v: k for k, v in OUTCOME_STATUS.items()}.get(
        to_status, Enrolment.Outcome.DROPPED_OUT
    )
    if reason not in dict(lifecycle.reasons_for(OUTCOME_STATUS[outcome])):
        reason = lifecycle.reasons_for(OUTCOME_STATUS[outcome])[0][0]
    ended = []
    for enrolment in participant.enrolments.current():
        ended.append(
            end_enrolment(
                enrolment=enrolment,
                outcome=outcome,
                reason=reason,
                end_date=max(end_date, enrolment.start_date),
                actor=actor,
                move_lifecycle=False,
            )
        )
    return ended


def build_exit_report(*, enrolment: Enrolment, actor: User) -> ExitReport:
    """Write the exit report of an ended enrolment from the records themselves."""
    figures = figures_for_enrolment(enrolment)
    programme = enrolment.group.programme
    participant = enrolment.participant
    attended_modules = (
        Attendance.objects.filter(
            participant=participant,
            session__group_id=enrolment.group_id,
            session__date__gte=enrolment.start_date,
            session__date__lte=enrolment.end_date,
            session__module__isnull=False,
            status__in=Attendance.ATTENDED,
        )
        .values("session__module")
        .distinct()
        .count()
    )
    at_exit = participant.risk_level
    report = ExitReport(
        organisation_id=enrolment.organisation_id,
        enrolment=enrolment,
        participant=participant,
        outcome=enrolment.outcome,
        outcome_reason=enrolment.outcome_reason,
        ended_on=enrolment.end_date,
        sessions_planned=programme.planned_sessions,
        sessions_offered=figures.offered,
        sessions_attended=figures.attended,
        sessions_missed=figures.missed,
        minimum_attendance_percent=programme.minimum_attendance_percent,
        modules_covered=attended_modules,
        modules_total=programme.modules.count(),
        risk_level_at_intake=enrolment.risk_level_at_start,
        risk_level_at_exit=at_exit,
        notify_referrer=True,
        # The woman is told of every ending through her support worker.
        notify_partner_support=True,
        notify_marac=enrolment.risk_level_at_start != at_exit,
        created_by=actor,
    )
    report._history_user = actor
    report.save()
    return report


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
