"""Demo programmes, groups and a realistic calendar with attendance.

Runs after participants.demo: men who started the programme get places in
groups from the date they became active; past sessions are held with attendance
(except a few left unlogged, so "overdue logs" shows something), and every demo
facilitator has a session today. Bulk inserts keep large seeds fast.
"""

import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.demo import DemoContext
from participants import lifecycle
from participants.models import Participant, StatusChange
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
# Attendance of an engaged man, as (status, weight).
ENGAGED = [(A.PRESENT, 74), (A.LATE, 8), (A.LEFT_EARLY, 3), (A.EXCUSED, 8)]
ENGAGED += [(A.UNEXCUSED, 7)]
CONCERNS = [
    "Blamed his partner for the police call-out; became angry when challenged.",
    "Mentioned he has been driving past her house (demo).",
]
PLACE_STATUSES = (
    S.ACTIVE,
    S.SUSPENDED,
    *lifecycle.EXIT_STATUSES,
    S.FOLLOW_UP,
    S.CLOSED,
)
OUTCOMES = {
    S.COMPLETED: Enrolment.Outcome.COMPLETED,
    S.DROPPED_OUT: Enrolment.Outcome.DROPPED_OUT,
    S.EXCLUDED: Enrolment.Outcome.EXCLUDED,
    S.TRANSFERRED: Enrolment.Outcome.TRANSFERRED,
    S.MOVED_AWAY: Enrolment.Outcome.DROPPED_OUT,
}


FULL_GROUP = 12


def _pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def seed(ctx: DemoContext) -> None:
    """Programmes, groups, sessions, places and attendance for each organisation."""
    for organisation in ctx.organisations:
        _seed_organisation(ctx, organisation)


def _seed_organisation(ctx: DemoContext, organisation) -> None:
    rng, today = ctx.rng, ctx.today
    facilitators = ctx.users(organisation, "facilitator")
    caseworkers = ctx.users(organisation, "caseworker")
    programmes = [
        Programme.objects.create(
            organisation=organisation,
            name=name,
            planned_sessions=sessions,
            duration_weeks=sessions,
            minimum_attendance_percent=minimum,
            delivery=delivery,
        )
        for name, sessions, minimum, delivery in PROGRAMMES
    ]
    modules = {}
    for programme in programmes:
        modules[programme.pk] = Module.objects.bulk_create(
            [
                Module(
                    organisation=organisation,
                    programme=programme,
                    order=i + 1,
                    title=title,
                )
                for i, title in enumerate(MODULE_TITLES[: programme.planned_sessions])
            ]
        )
    # Who started the programme, when, and when he left it.
    starts = dict(
        StatusChange.objects.filter(organisation=organisation, to_status=S.ACTIVE)
        .order_by("effective_on")
        .values_list("participant_id", "effective_on")
    )
    exits = {
        pk: (status, day, reason)
        for pk, status, day, reason in StatusChange.objects.filter(
            organisation=organisation, to_status__in=lifecycle.EXIT_STATUSES
        ).values_list("participant_id", "to_status", "effective_on", "reason")
    }
    men = list(
        Participant.objects.filter(
            organisation=organisation, pk__in=list(starts), status__in=PLACE_STATUSES
        ).order_by("pk")
    )
    current = [m for m in men if m.pk not in exits]
    former = [m for m in men if m.pk in exits]

    # Current groups run around today; past groups held the men who have left.
    per_group = 10
    current_count = max(len(facilitators), math.ceil(len(current) / per_group))
    past_count = max(1, math.ceil(len(former) / per_group))
    groups = []
    for i in range(current_count):
        # Each facilitator's first group meets on today's weekday.
        weekday = today.weekday() if i < len(facilitators) else rng.randint(0, 4)
        groups.append(
            Group(
                organisation=organisation,
                programme=programmes[i % 2],
                name=f"{Group.Weekday(weekday).label} group {i + 1} (demo)",
                kind=Group.Kind.ROLLING,
                weekday=weekday,
                start_time=time(18, 30) if i % 3 else time(10, 0),
                venue=VENUES[i % len(VENUES)],
                capacity=14,
                start_date=today - timedelta(weeks=20),
                end_date=today + timedelta(weeks=12),
            )
        )
    for i in range(past_count):
        weekday = rng.randint(0, 4)
        groups.append(
            Group(
                organisation=organisation,
                programme=programmes[i % 2],
                name=f"Past cohort {i + 1} (demo)",
                kind=Group.Kind.COHORT,
                weekday=weekday,
                start_time=time(18, 0),
                venue=VENUES[i % len(VENUES)],
                capacity=14,
                # Two years of calendar behind today (the benchmark's history).
                start_date=today - timedelta(weeks=104),
                end_date=today - timedelta(weeks=20),
            )
        )
    groups = bulk_create_with_history(groups, Group, default_user=caseworkers[0])
    groups = list(Group.objects.filter(organisation=organisation).order_by("pk"))
    current_groups = groups[:current_count]
    past_groups = groups[current_count:]
    through = []
    for i, group in enumerate(current_groups):
        pair = {facilitators[i % len(facilitators)]}
        if len(facilitators) > 1:
            pair.add(facilitators[(i + 1) % len(facilitators)])
        through += [
            Group.facilitators.through(group_id=group.pk, user_id=f.pk) for f in pair
        ]
    for i, group in enumerate(past_groups):
        through.append(
            Group.facilitators.through(
                group_id=group.pk, user_id=facilitators[i % len(facilitators)].pk
            )
        )
    Group.facilitators.through.objects.bulk_create(through)
    lead = {t.group_id: t.user_id for t in through}

    # The calendar: weekly sessions, past ones held (a few cancelled or unlogged).
    sessions = []
    for index, group in enumerate(groups):
        group_modules = modules[group.programme_id]
        first = group.start_date + timedelta(
            days=(group.weekday - group.start_date.weekday()) % 7
        )
        day, n = first, 0
        while day <= group.end_date:
            status, reason, logged = Session.Status.SCHEDULED, "", None
            if day < today:
                status = Session.Status.HELD
                if n == 5:
                    status, reason = Session.Status.CANCELLED, "Venue unavailable"
                elif day >= today - timedelta(days=7) and index % 4 == 1:
                    status = Session.Status.SCHEDULED  # a log still owed
            if status == Session.Status.HELD:
                logged = timezone.make_aware(datetime.combine(day, group.start_time))
            sessions.append(
                Session(
                    organisation=organisation,
                    group=group,
                    date=day,
                    start_time=group.start_time,
                    status=status,
                    cancellation_reason=reason,
                    module=group_modules[n % len(group_modules)],
                    logged_at=logged,
                    logged_by_id=lead[group.pk] if logged else None,
                    version=1 if logged else 0,
                )
            )
            day += timedelta(weeks=1)
            n += 1
    bulk_create_with_history(sessions, Session, batch_size=2000)
    held = defaultdict(list)
    for session in Session.objects.filter(
        organisation=organisation, status=Session.Status.HELD
    ).order_by("date"):
        held[session.group_id].append(session)

    # Places: each man in a group from the day he became active.
    # The first group holds the twelve longest-started men (a full group of 12 at
    # every session since its start); the others share the rest.
    full = sorted(current, key=lambda m: (starts[m.pk], m.pk))[:FULL_GROUP]
    full_ids = {m.pk for m in full}
    rest = [m for m in current if m.pk not in full_ids]
    others = current_groups[1:] or current_groups
    placed = [(man, current_groups[0]) for man in full] + [
        (man, others[i % len(others)]) for i, man in enumerate(rest)
    ]
    enrolments = []
    for man, group in placed:
        enrolments.append(
            Enrolment(
                organisation=organisation,
                participant=man,
                group=group,
                start_date=max(starts[man.pk], group.start_date),
            )
        )
    for i, man in enumerate(former):
        status, ended, reason = exits[man.pk]
        group = past_groups[i % len(past_groups)]
        enrolments.append(
            Enrolment(
                organisation=organisation,
                participant=man,
                group=group,
                start_date=max(starts[man.pk], group.start_date),
                end_date=max(ended, starts[man.pk], group.start_date),
                outcome=OUTCOMES[status],
                outcome_reason=reason,
            )
        )
    bulk_create_with_history(enrolments, Enrolment, batch_size=2000)
    enrolments = list(
        Enrolment.objects.filter(organisation=organisation).select_related(
            "participant__caseworker", "group__programme"
        )
    )
    attendances, reports = [], []
    for enrolment in enrolments:
        man = enrolment.participant
        mine = [
            s
            for s in held[enrolment.group_id]
            if s.date >= enrolment.start_date
            and (enrolment.end_date is None or s.date <= enrolment.end_date)
        ]
        # Men who dropped out or are suspended missed their last sessions.
        fading = man.status in (S.DROPPED_OUT, S.SUSPENDED) or (
            enrolment.outcome == Enrolment.Outcome.DROPPED_OUT
        )
        attended = 0
        for k, session in enumerate(mine):
            status = _pick(rng, ENGAGED)
            if fading and k >= len(mine) - 3:
                status = A.UNEXCUSED
            concern = rng.random() < 0.01
            attended += status in Attendance.ATTENDED
            attendances.append(
                Attendance(
                    organisation=organisation,
                    session=session,
                    participant=man,
                    status=status,
                    participation=rng.randint(2, 5)
                    if status in Attendance.ATTENDED
                    else None,
                    note=rng.choice(CONCERNS) if concern else "",
                    concern=concern,
                    recorded_by_id=session.logged_by_id,
                )
            )
        if enrolment.end_date:
            programme = enrolment.group.programme
            reports.append(
                ExitReport(
                    organisation=organisation,
                    enrolment=enrolment,
                    participant=man,
                    outcome=enrolment.outcome,
                    outcome_reason=enrolment.outcome_reason,
                    ended_on=enrolment.end_date,
                    sessions_planned=programme.planned_sessions,
                    sessions_offered=len(mine),
                    sessions_attended=attended,
                    sessions_missed=len(mine) - attended,
                    minimum_attendance_percent=programme.minimum_attendance_percent,
                    modules_covered=min(attended, programme.planned_sessions),
                    modules_total=programme.planned_sessions,
                    risk_level_at_intake=enrolment.risk_level_at_start,
                    risk_level_at_exit=man.risk_level,
                    created_by=man.caseworker or caseworkers[0],
                )
            )
    bulk_create_with_history(attendances, Attendance, batch_size=5000)
    bulk_create_with_history(reports, ExitReport, batch_size=1000)
    _seed_one_to_ones(ctx, organisation, current, caseworkers)


def _seed_one_to_ones(ctx, organisation, current, caseworkers) -> None:
    """A few one-to-one sessions: some held last week, some coming up."""
    sessions = []
    for i, man in enumerate(current[:6]):
        past = i % 2 == 0
        sessions.append(
            Session(
                organisation=organisation,
                participant=man,
                date=ctx.today + timedelta(days=-5 if past else 2),
                start_time=time(11, 0),
                status=Session.Status.HELD if past else Session.Status.SCHEDULED,
            )
        )
    sessions = bulk_create_with_history(sessions, Session)
    sessions = list(
        Session.objects.filter(organisation=organisation, group__isnull=True)
    )
    Session.facilitators.through.objects.bulk_create(
        [
            Session.facilitators.through(session_id=s.pk, user_id=caseworkers[0].pk)
            for s in sessions
        ]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                organisation=organisation,
                session=s,
                participant_id=s.participant_id,
                status=A.PRESENT,
                participation=4,
                recorded_by=caseworkers[0],
            )
            for s in sessions
            if s.status == Session.Status.HELD
        ]
    )  # demo rows: their history is not needed
