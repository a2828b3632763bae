"""Demo programmes, groups and two years of calendar with attendance.

Men who started the programme get places in groups from the day they became
active; past sessions are held with attendance (a few left unlogged, so "overdue
logs" shows something), and every demo facilitator has a session today.
"""

import bisect
import math
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from demo.attendance import GroupAttendance
from demo.context import DemoContext, Man, Staff
from participants.models import Participant, RiskLevel
from programmes.models import (
    Attendance,
    Enrolment,
    ExitReport,
    Group,
    Module,
    Programme,
    Session,
)

S = Participant.Status
A = Attendance.Status
PROGRAMMES = [
    ("Respectful Relationships Programme (demo)", 22, 75, Programme.Delivery.GROUP),
    ("Fathers and Children Programme (demo)", 17, 80, Programme.Delivery.MIXED),
]
MODULE_TITLES = [
    "Welcome and group agreement",
    "What counts as abuse",
    "Noticing warning signs",
    "Time-out and staying safe",
    "Beliefs about men and women",
    "Jealousy and control",
    "Impact on partners",
    "Impact on children",
    "Emotional abuse",
    "Sexual respect",
    "Using money to control",
    "Separation and contact",
    "Listening without controlling",
    "Handling conflict",
    "Repair and responsibility",
    "Parenting after abuse",
    "Alcohol, drugs and excuses",
    "Respect in everyday life",
    "Relapse prevention",
    "Personal change plan",
    "Review of the journey",
    "Ending well",
]
VENUES = ["Community Hall Room 1 (demo)", "Riverside Centre (demo)", "Room 4 (demo)"]
# Attendance of an engaged man, as cumulative weights for rng.choices.
ENGAGED = [A.PRESENT, A.LATE, A.LEFT_EARLY, A.EXCUSED, A.UNEXCUSED]
ENGAGED_WEIGHTS = [74, 82, 85, 93, 100]
CONCERNS = [
    "Blamed his partner for the police call-out; became angry when challenged.",
    "Mentioned he has been driving past her house (demo).",
]
OUTCOMES = {
    S.COMPLETED: Enrolment.Outcome.COMPLETED,
    S.DROPPED_OUT: Enrolment.Outcome.DROPPED_OUT,
    S.EXCLUDED: Enrolment.Outcome.EXCLUDED,
    S.TRANSFERRED: Enrolment.Outcome.TRANSFERRED,
    S.MOVED_AWAY: Enrolment.Outcome.DROPPED_OUT,
}
FULL_GROUP = 12
PER_GROUP = 10


@dataclass
class DemoGroup:
    id: int
    programme: tuple[int, int, int]  # id, planned sessions, minimum percent
    start_date: date
    lead: int
    # (session id, date, logged by) of every held session, in date order.
    held: list[tuple[int, date, int]] = field(default_factory=list)
    held_days: list[date] = field(default_factory=list)


def seed(ctx: DemoContext) -> None:
    """Programmes, groups, sessions, places and attendance for each organisation.

    On PostgreSQL the group attendance is written by the database at the end
    (`demo.attendance`), elsewhere row by row here."""
    ctx.group_attendance = (
        GroupAttendance(ctx, ENGAGED, ENGAGED_WEIGHTS, CONCERNS)
        if ctx.loader.is_postgresql
        else None
    )
    for staff in ctx.staff:
        _seed_organisation(ctx, staff)
    if ctx.group_attendance is not None:
        ctx.group_attendance.write()
        ctx.group_attendance = None


def _seed_organisation(ctx: DemoContext, staff: Staff) -> None:
    org = staff.organisation.pk
    programmes = _programmes(ctx, org)
    men = [m for m in ctx.men[org] if m.started is not None]
    current = [m for m in men if not m.ended]
    former = [m for m in men if m.ended]
    facilitators = staff.ids("facilitator")
    current_count = max(len(facilitators), math.ceil(len(current) / PER_GROUP))
    past_count = max(1, math.ceil(len(former) / PER_GROUP))
    current_groups = [
        _group(ctx, staff, programmes[i % 2], i, past=False)
        for i in range(current_count)
    ]
    past_groups = [
        _group(ctx, staff, programmes[i % 2], i, past=True) for i in range(past_count)
    ]
    # The first group holds the twelve longest-started men (a full group of 12 at
    # every session since its start); the others share the rest.
    by_start = sorted(current, key=lambda m: (m.started, m.id))
    full = by_start[:FULL_GROUP]
    rest = by_start[FULL_GROUP:]
    others = current_groups[1:] or current_groups
    for man in full:
        _place(ctx, man, current_groups[0])
    for i, man in enumerate(rest):
        _place(ctx, man, others[i % len(others)])
    for i, man in enumerate(former):
        _place(ctx, man, past_groups[i % len(past_groups)])
    _one_to_ones(ctx, staff, current)


def _programmes(ctx: DemoContext, org: int) -> list[tuple[int, int, int]]:
    programmes = []
    for name, sessions, minimum, delivery in PROGRAMMES:
        pk = ctx.loader.add(
            Programme,
            organisation_id=org,
            name=name,
            planned_sessions=sessions,
            duration_weeks=sessions,
            minimum_attendance_percent=minimum,
            delivery=delivery,
        )
        modules = [
            ctx.loader.add(
                Module, organisation_id=org, programme_id=pk, order=i + 1, title=title
            )
            for i, title in enumerate(MODULE_TITLES[:sessions])
        ]
        programmes.append((pk, sessions, minimum, modules))
    return programmes


def _group(ctx: DemoContext, staff: Staff, programme, i: int, *, past: bool):
    rng, today, loader = ctx.rng, ctx.today, ctx.loader
    facilitators = staff.ids("facilitator")
    if past:
        weekday = rng.randint(0, 4)
        # Two years of calendar behind today (the benchmark's history).
        start, end = today - timedelta(weeks=104), today - timedelta(weeks=20)
        name, kind, at = f"Past cohort {i + 1} (demo)", Group.Kind.COHORT, time(18)
        leads = [facilitators[i % len(facilitators)]]
    else:
        # Each facilitator's first group meets on today's weekday.
        weekday = today.weekday() if i < len(facilitators) else rng.randint(0, 4)
        start, end = today - timedelta(weeks=20), today + timedelta(weeks=12)
        name = f"{Group.Weekday(weekday).label} group {i + 1} (demo)"
        kind, at = Group.Kind.ROLLING, time(18, 30) if i % 3 else time(10)
        leads = list(
            dict.fromkeys(
                [facilitators[i % len(facilitators)]]
                + [facilitators[(i + 1) % len(facilitators)]]
            )
        )
    manager = staff.first("manager")
    pk = loader.add(
        Group,
        history_user=manager,
        history_date=ctx.at(start - timedelta(weeks=2)),
        organisation_id=staff.organisation.pk,
        programme_id=programme[0],
        name=name,
        kind=kind,
        weekday=weekday,
        start_time=at,
        venue=VENUES[i % len(VENUES)],
        capacity=14,
        start_date=start,
        end_date=end,
    )
    for lead in leads:
        loader.add(Group.facilitators.through, group_id=pk, user_id=lead)
    group = DemoGroup(pk, programme[:3], start, leads[0])
    _calendar(ctx, staff, group, programme[3], weekday, at, end, owes=i % 4 == 1)
    if ctx.group_attendance is not None:
        ctx.group_attendance.add_group(group)
    return group


def _calendar(ctx, staff, group, modules, weekday, at, end, *, owes) -> None:
    """Weekly sessions: past ones held (the sixth cancelled, a recent one unlogged
    in every fourth current group), future ones scheduled."""
    today, loader = ctx.today, ctx.loader
    day = group.start_date + timedelta(days=(weekday - group.start_date.weekday()) % 7)
    n = 0
    while day <= end:
        status, reason, logged = Session.Status.SCHEDULED, "", None
        if day < today:
            status = Session.Status.HELD
            if n == 5:
                status, reason = Session.Status.CANCELLED, "Venue unavailable"
            elif day >= today - timedelta(days=7) and owes:
                status = Session.Status.SCHEDULED  # a log still owed
        if status == Session.Status.HELD:
            logged = ctx.at(day, at.hour + 3, at.minute)
        pk = loader.add(
            Session,
            history_user=group.lead if logged else None,
            history_date=logged or ctx.at(group.start_date - timedelta(weeks=1)),
            organisation_id=staff.organisation.pk,
            group_id=group.id,
            date=day,
            start_time=at,
            status=status,
            cancellation_reason=reason,
            module_id=modules[n % len(modules)],
            logged_at=logged,
            logged_by_id=group.lead if logged else None,
            version=1 if logged else 0,
        )
        if logged:
            group.held.append((pk, day, logged))
            group.held_days.append(day)
        day += timedelta(weeks=1)
        n += 1


def _place(ctx: DemoContext, man: Man, group: DemoGroup) -> None:
    """His place in a group, his attendance at its held sessions, his exit report."""
    loader = ctx.loader
    start = max(man.started, group.start_date)
    end = max(man.ended, start) if man.ended else None
    outcome = OUTCOMES[man.exit_status] if end else ""
    enrolment = loader.add(
        Enrolment,
        history_user=man.caseworker_id,
        organisation_id=man.organisation_id,
        participant_id=man.id,
        group_id=group.id,
        start_date=start,
        end_date=end,
        outcome=outcome,
        outcome_reason=man.exit_reason if end else "",
        created_at=ctx.at(start - timedelta(days=3)),
    )
    man.places.append((enrolment, start, end, outcome, group.programme[1]))
    # The held sessions between his start and end (held is in date order).
    days = group.held_days
    first = bisect.bisect_left(days, start)
    last = len(days) if end is None else bisect.bisect_right(days, end)
    mine = group.held[first:last]
    # Men who dropped out or are suspended missed their last sessions.
    fading = man.status in (S.DROPPED_OUT, S.SUSPENDED) or (
        outcome == Enrolment.Outcome.DROPPED_OUT
    )
    if ctx.group_attendance is None:
        attended = _attendance(ctx, man, group, mine, fading)
    else:
        # Counted by the database once it has written them (demo.attendance).
        ctx.group_attendance.add_place(
            man, group, first, first + len(mine), fading, enrolment if end else None
        )
        attended = 0
    if end:
        pk, planned, minimum = group.programme
        loader.add(
            ExitReport,
            history_user=man.caseworker_id,
            organisation_id=man.organisation_id,
            enrolment_id=enrolment,
            participant_id=man.id,
            outcome=outcome,
            outcome_reason=man.exit_reason,
            ended_on=end,
            sessions_planned=planned,
            sessions_offered=len(mine),
            sessions_attended=attended,
            sessions_missed=len(mine) - attended,
            minimum_attendance_percent=minimum,
            modules_covered=min(attended, planned),
            modules_total=planned,
            risk_level_at_intake=RiskLevel.NOT_ASSESSED,
            risk_level_at_exit=RiskLevel.NOT_ASSESSED,
            created_by_id=man.caseworker_id,
            created_at=ctx.at(end + timedelta(days=2), 15),
        )


def _attendance(ctx: DemoContext, man: Man, group: DemoGroup, mine, fading) -> int:
    """His attendance at these held sessions, row by row; how many he attended."""
    rng, loader = ctx.rng, ctx.loader
    statuses = rng.choices(ENGAGED, cum_weights=ENGAGED_WEIGHTS, k=len(mine))
    attended = 0
    for k, (session, _day, logged) in enumerate(mine):
        status = A.UNEXCUSED if fading and k >= len(mine) - 3 else statuses[k]
        concern = rng.random() < 0.01
        present = status in Attendance.ATTENDED
        attended += present
        loader.add(
            Attendance,
            history_user=group.lead,
            organisation_id=man.organisation_id,
            session_id=session,
            participant_id=man.id,
            status=status,
            participation=rng.randint(2, 5) if present else None,
            note=rng.choice(CONCERNS) if concern else "",
            concern=concern,
            recorded_by_id=group.lead,
            updated_at=logged,
        )
    return attended


def _one_to_ones(ctx: DemoContext, staff: Staff, current: list[Man]) -> None:
    """A few one-to-one sessions: some held last week, some coming up."""
    caseworker = staff.first("caseworker")
    for i, man in enumerate(current[:6]):
        past = i % 2 == 0
        day = ctx.today + timedelta(days=-5 if past else 2)
        logged = ctx.at(day, 12) if past else None
        pk = ctx.loader.add(
            Session,
            history_user=caseworker,
            history_date=ctx.at(ctx.today - timedelta(days=12)),
            organisation_id=man.organisation_id,
            participant_id=man.id,
            date=day,
            start_time=time(11),
            status=Session.Status.HELD if past else Session.Status.SCHEDULED,
            logged_at=logged,
            logged_by_id=caseworker if past else None,
            version=1 if past else 0,
        )
        ctx.loader.add(Session.facilitators.through, session_id=pk, user_id=caseworker)
        if past:
            ctx.loader.add(
                Attendance,
                history_user=caseworker,
                organisation_id=man.organisation_id,
                session_id=pk,
                participant_id=man.id,
                status=A.PRESENT,
                participation=4,
                recorded_by_id=caseworker,
                updated_at=logged,
            )
