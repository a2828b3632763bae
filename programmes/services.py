"""Writes on programmes, groups, sessions, enrolments and attendance."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

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
        raise ValidationError(gettext("Give an end date: the group has none."))
    if end < start:
        raise ValidationError(gettext("The end date must be after the start date."))
    if end - start > timedelta(weeks=104):
        raise ValidationError(
            gettext("Generate at most two years of sessions at once.")
        )
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
        raise ValidationError(
            gettext("This session was held and has attendance: it stays.")
        )
    if not reason.strip():
        raise ValidationError(gettext("Say why the session is cancelled."))
    session._history_user = actor
    session.mark_cancelled(reason=reason.strip())
    return session


@transaction.atomic
def enrol_participant(
    *, participant: Participant, group: Group, start_date: date, actor: User
) -> Enrolment:
    """Give a man a place in a group; a man waiting or assessed becomes active."""
    participant.refuse_if_restricted()  # data_rights: a restricted record
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if participant.organisation_id != group.organisation_id:
        raise ValidationError(gettext("This group belongs to another organisation."))
    if participant.status not in MAY_ENROL:
        raise ValidationError(
            gettext(
                "A man whose case is “%(status)s” cannot be enrolled; assess him "
                "or put him on the waiting list first."
            )
            % {"status": participant.get_status_display()}
        )
    if group.end_date and start_date > group.end_date:
        raise ValidationError(gettext("The group has ended by that date."))
    if group.enrolments.current().filter(participant=participant).exists():
        raise ValidationError(gettext("He already has a place in this group."))
    if group.enrolments.current().count() >= group.capacity:
        raise ValidationError(
            gettext(
                "The group is full (%(capacity)s places); end a place or raise its "
                "capacity first."
            )
            % {"capacity": group.capacity}
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
        raise ValidationError(gettext("This place has already ended."))
    status = OUTCOME_STATUS.get(outcome)
    if status is None:
        raise ValidationError(gettext("Choose an outcome from the list."))
    if reason not in dict(lifecycle.reasons_for(status)):
        raise ValidationError(
            gettext("Choose a reason from the list for this outcome.")
        )
    if end_date < enrolment.start_date:
        raise ValidationError(gettext("The end date cannot be before he started."))
    if end_date > timezone.localdate():
        raise ValidationError(gettext("The end date cannot be in the future."))
    excluding = move_lifecycle and outcome == Enrolment.Outcome.EXCLUDED
    if excluding and not can_approve(actor):
        raise ValidationError(
            gettext(
                "An exclusion needs a manager's approval: request it on his case file."
            )
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
