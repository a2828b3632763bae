"""Time points scheduled from enrolments, for him and each woman linked to him."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F  # withdraw

from outcomes.models import (
    OutcomeSettings,
    Respondent,
    TimePoint,
    TimePointKind,  # withdraw
)
from outcomes.windows import windows_for
from partner_contact.models import Relationship
from programmes.models import Enrolment

# Windows are created this long before they open, so a worklist can show them.
LOOK_AHEAD = timedelta(days=30)
# Places that ended longer ago than this have no window left to create.
LONGEST_REACH = timedelta(days=13 * 31 + 366)


@transaction.atomic
def schedule_time_points(
    *, today: date, organisation_ids: set[int] | None = None
) -> int:
    """Create every time point whose window opens within LOOK_AHEAD and has not
    closed, for every enrolment of every organisation (or of `organisation_ids`,
    those whose date `today` is). Idempotent: the unique constraints ignore what
    exists; returns how many were new."""
    enrolments = Enrolment.objects.all()
    if organisation_ids is not None:
        enrolments = enrolments.filter(organisation_id__in=organisation_ids)
    enrolments = list(
        enrolments.exclude(outcome=Enrolment.Outcome.TRANSFERRED)
        .filter(start_date__lte=today + LOOK_AHEAD)
        .exclude(end_date__lt=today - LONGEST_REACH)
        .values_list(
            "pk",
            "organisation_id",
            "participant_id",
            "start_date",
            "end_date",
            "group__programme__duration_weeks",
        )
    )
    settings = OutcomeSettings.by_organisation({row[1] for row in enrolments})
    partners = partners_by_man({row[2] for row in enrolments})
    wanted = []
    for pk, org_id, man_id, start, end, weeks in enrolments:
        for window in windows_for(
            start=start, end=end, duration_weeks=weeks, settings=settings[org_id]
        ):
            if window.closes < today or window.opens > today + LOOK_AHEAD:
                continue
            common = {
                "organisation_id": org_id,
                "participant_id": man_id,
                "enrolment_id": pk,
                "kind": window.kind,
                "opens_on": window.opens,
                "due_on": window.due,
                "closes_on": window.closes,
            }
            wanted.append(TimePoint(respondent=Respondent.MAN, **common))
            wanted.extend(
                TimePoint(
                    respondent=Respondent.PARTNER, partner_id=partner_id, **common
                )
                for partner_id in partners[man_id]
            )
    before = TimePoint.objects.count()
    TimePoint.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=2000)
    return TimePoint.objects.count() - before


def partners_by_man(man_ids) -> dict[int, list[int]]:
    """The women linked to each man whom the programme may contact."""
    found = defaultdict(list)
    for man_id, partner_id in Relationship.objects.filter(
        participant_id__in=man_ids, partner__do_not_contact=False
    ).values_list("participant_id", "partner_id"):
        found[man_id].append(partner_id)
    return found


def withdraw_half_way_points_he_never_reached(
    *, organisation_ids: set[int] | None = None
) -> int:
    """Delete the half-way time points of men who stopped before half way.

    The scheduler creates a half-way point some days before it opens; if he then
    stops attending (or completes early) before its due date, the point no longer
    applies: the "end" point takes over, and leaving it pending would alert his
    caseworker (and her worker) about a questionnaire nobody should ask. Only
    points with nothing recorded go; a draft or an answer keeps its point.
    Idempotent; returns how many were withdrawn.
    """
    stale = TimePoint.objects.filter(  # withdraw
        kind=TimePointKind.HALF_WAY,
        status=TimePoint.Status.PENDING,
        enrolment__end_date__isnull=False,
        due_on__gte=F("enrolment__end_date"),
        response__isnull=True,
    )
    if organisation_ids is not None:
        stale = stale.filter(organisation_id__in=organisation_ids)
    _total, by_model = stale.delete()  # withdraw
    return by_model.get(TimePoint._meta.label, 0)  # withdraw
