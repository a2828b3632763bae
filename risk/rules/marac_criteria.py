"""Detectors of the multi-agency risk conference (MARAC) criteria, one per criterion.

A man who meets a criterion and has had no MARAC referral since is offered one
(DESIGN.md section 4). Every key has the form
marac:<man>:<criterion>:<assessment, last incident date or referral>, the form
written when the four criteria were one detector (`detect_marac_criteria`), so
events recorded then are recognised now and none is doubled. The criteria's names
are risk.marac's, which the case file's MARAC offer uses too.
"""

from datetime import date, datetime, timedelta  # timedelta: the windows

from django.db.models import Count, Exists, Max, OuterRef
from django.utils.translation import gettext_noop

from participants.models import RiskLevel
from partner_contact.models import PartnerChecklist  # partner_side
from referrals.models import OnwardReferral
from risk.events import (  # partner_side
    OPEN_STATUSES,
    Detection,
    Kind,
    partner_side_detection,
)
from risk.marac import ESCALATION, HIGH_COUNT, PROFESSIONAL_JUDGEMENT, REPEAT
from risk.models import RiskAssessment, RiskEvent
from risk.rules.registry import detector, settings_for_all  # own windows
from risk.words import Words


def marac_detection(
    row: dict, *, criterion: str, ref, today: date, summary: str
) -> Detection:
    """A criterion met today by the man of `row`, keyed
    marac:<man>:<criterion>:<ref>."""
    return Detection(
        organisation_id=row["organisation_id"],
        participant_id=row["participant_id"],
        kind=Kind.MARAC_CRITERION,
        occurred_on=today,
        dedup_key=f"marac:{row['participant_id']}:{criterion}:{ref}",
        summary=summary,
    )


def unreferred_latest_assessments():
    """Each open man's latest assessment, when no MARAC referral was made since."""
    referred_since = OnwardReferral.objects.marac().filter(
        participant=OuterRef("participant"), made_on__gte=OuterRef("assessed_on")
    )
    return (
        RiskAssessment.objects.latest_per_participant()
        .filter(participant__status__in=OPEN_STATUSES)
        .filter(~Exists(referred_since))
        .values("pk", "organisation_id", "participant_id", "yes_count")
    )


@detector
def detect_marac_high_count(*, today: date, now: datetime) -> list[Detection]:
    """Yes answers in his latest assessment at or above the organisation's MARAC
    threshold (default 14), with no referral since.

    Idempotent by the key marac:<man>:high_count:<assessment>.
    """
    settings = settings_for_all()
    lowest = min((s.marac_threshold for s in settings.values()), default=14)
    return [
        marac_detection(
            row,
            criterion=HIGH_COUNT,
            ref=row["pk"],
            today=today,
            summary=Words.of(
                gettext_noop("%(count)s yes answers in the latest assessment."),
                count=row["yes_count"],
            ),
        )
        for row in unreferred_latest_assessments().filter(yes_count__gte=lowest)
        if row["yes_count"] >= settings[row["organisation_id"]].marac_threshold
    ]


@detector
def detect_marac_judgement(*, today: date, now: datetime) -> list[Detection]:
    """Professional judgement of high risk in his latest assessment, with no
    referral since; an assessment that also meets the count is that criterion's.

    Idempotent by the key marac:<man>:professional_judgement:<assessment>.
    """
    settings = settings_for_all()
    return [
        marac_detection(
            row,
            criterion=PROFESSIONAL_JUDGEMENT,
            ref=row["pk"],
            today=today,
            summary=Words.of(gettext_noop("Professional judgement of high risk.")),
        )
        for row in unreferred_latest_assessments().filter(
            judgement_level=RiskLevel.HIGH
        )
        if row["yes_count"] < settings[row["organisation_id"]].marac_threshold
    ]


def incidents_in_the_year(today: date, at_least: int, window_days: int = 365):
    """Open men with at least this many incidents in the window (by default the
    twelve months) to today: their organisation, the count and the latest date."""
    return (
        RiskEvent.objects.filter(
            kind__in=RiskEvent.INCIDENT_KINDS,
            occurred_on__gt=today - timedelta(days=window_days),
            occurred_on__lte=today,
            participant__status__in=OPEN_STATUSES,
        )
        .values("organisation_id", "participant_id")
        .annotate(incidents=Count("pk"), latest=Max("occurred_on"))
        .filter(incidents__gte=at_least)
    )


@detector
def detect_marac_escalation(*, today: date, now: datetime) -> list[Detection]:
    """Escalation: the organisation's number of incidents (default 3) within its
    escalation window (default twelve months), the latest after his last
    referral, if any.

    Idempotent by the key marac:<man>:escalation:<date of the latest incident>.
    """
    settings = settings_for_all()
    lowest = min((s.escalation_incidents for s in settings.values()), default=3)
    # One query per window in use (organisations rarely differ).
    windows: dict[int, list[int]] = {}
    for org_id, rules in settings.items():
        windows.setdefault(rules.escalation_window_days, []).append(org_id)
    rows = [
        row
        for window, org_ids in windows.items()
        for row in incidents_in_the_year(today, lowest, window).filter(
            organisation_id__in=org_ids
        )
    ]
    # The last referral of each of these men, in one query.
    last_referral = dict(
        OnwardReferral.objects.marac()
        .filter(participant__in=[row["participant_id"] for row in rows])
        .values("participant")
        .annotate(last=Max("made_on"))
        .values_list("participant", "last")
    )
    return [
        marac_detection(
            row,
            criterion=ESCALATION,
            ref=row["latest"].isoformat(),
            today=today,
            summary=Words.of(
                gettext_noop("%(count)s incidents in twelve months."),
                count=row["incidents"],
            ),
        )
        for row in rows
        if row["incidents"] >= settings[row["organisation_id"]].escalation_incidents
        and not last_referral.get(row["participant_id"], date.min) >= row["latest"]
    ]


@detector
def detect_marac_repeat(*, today: date, now: datetime) -> list[Detection]:
    """Repeat: a new incident after a referral made within the organisation's
    repeat window (default twelve months), with no later referral.

    Idempotent by the key marac:<man>:repeat:<referral>.
    """
    marac = OnwardReferral.objects.marac()
    incident_after = RiskEvent.objects.filter(
        participant=OuterRef("participant"),
        kind__in=RiskEvent.INCIDENT_KINDS,
        occurred_on__gt=OuterRef("made_on"),
    )
    later_referral = marac.filter(
        participant=OuterRef("participant"), made_on__gt=OuterRef("made_on")
    )
    settings = settings_for_all()
    widest = max((s.repeat_window_days for s in settings.values()), default=365)
    rows = [
        row
        for row in marac.filter(
            made_on__gt=today - timedelta(days=widest),
            participant__status__in=OPEN_STATUSES,
        )
        .filter(Exists(incident_after), ~Exists(later_referral))
        .values("pk", "organisation_id", "participant_id", "made_on")
        if row["made_on"]
        > today - timedelta(days=settings[row["organisation_id"]].repeat_window_days)
    ]
    return [
        marac_detection(
            row,
            criterion=REPEAT,
            ref=row["pk"],
            today=today,
            summary=Words.of(
                gettext_noop("A new incident since the referral of %(date)s."),
                date=row["made_on"],
            ),
        )
        for row in rows
    ]


@detector
def detect_marac_partner_side(*, today: date, now: datetime) -> list[Detection]:
    """Her latest risk checklist met the conference criteria, and an open man
    linked to her has had no MARAC referral since she completed it. His case
    learns only that (risk.events.partner_side_detection); the receiver of
    partner_contact.signals.partner_conference_criteria_met writes the same
    event at once, this finds the men linked to her later.

    Idempotent by the key marac:<man>:partner_side:<her checklist>, the key the
    receiver uses, so the two never double an event.
    """
    newer = PartnerChecklist.objects.filter(
        partner=OuterRef("partner"), completed_on__gt=OuterRef("completed_on")
    )
    rows = list(
        PartnerChecklist.objects.filter(meets_conference_criteria=True)
        .filter(~Exists(newer))
        .filter(partner__relationships__participant__status__in=OPEN_STATUSES)
        .values(
            "pk",
            "organisation_id",
            "completed_on",
            "partner__relationships__participant_id",
        )
    )
    # The last MARAC referral of each of these men, in one query.
    last_referral = dict(
        OnwardReferral.objects.marac()
        .filter(
            participant__in={
                row["partner__relationships__participant_id"] for row in rows
            }
        )
        .values("participant")
        .annotate(last=Max("made_on"))
        .values_list("participant", "last")
    )
    return [
        partner_side_detection(
            organisation_id=row["organisation_id"],
            participant_id=row["partner__relationships__participant_id"],
            checklist_id=row["pk"],
            on=today,
        )
        for row in rows
        if last_referral.get(row["partner__relationships__participant_id"], date.min)
        < row["completed_on"]
    ]
