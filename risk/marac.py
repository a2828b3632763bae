"""Multi-agency risk conference (MARAC): criteria and the referral pre-fill.

A man who meets a criterion is offered a referral pre-filled from his latest
assessment, so nobody types an assessment twice (DOMAIN.md section 4). The
criterion values are those of `referrals.OnwardReferral.Criterion`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext  # partner_side

from participants.models import Participant, RiskLevel
from referrals.models import OnwardReferral
from risk.models import RiskAssessment, RiskEvent, RiskSettings

HIGH_COUNT = "high_count"
PROFESSIONAL_JUDGEMENT = "professional_judgement"
ESCALATION = "escalation"
REPEAT = "repeat"
# Her own checklist met the criteria (partner_side): his case learns only that,
# from a programme-visible event (risk.sharing.flag_partner_side_criteria).
PARTNER_SIDE = "partner_side"
# In the order a referral names them: the first one met is the criterion.
CRITERIA = (HIGH_COUNT, PROFESSIONAL_JUDGEMENT, ESCALATION, REPEAT)
YEAR = timedelta(days=365)


def marac_referrals():
    """Onward referrals to a MARAC (referrals app, below risk)."""
    return OnwardReferral.objects.marac()


def latest_assessment(participant: Participant) -> RiskAssessment | None:
    return (
        RiskAssessment.objects.filter(participant=participant)
        .select_related("instrument")
        .order_by("-assessed_on", "-pk")
        .first()
    )


def previous_referral_date(participant: Participant) -> date | None:
    referrals = marac_referrals()
    if referrals is None:
        return None
    return (
        referrals.filter(participant=participant)
        .order_by("-made_on")
        .values_list("made_on", flat=True)
        .first()
    )


@dataclass(frozen=True)
class MaracPicture:
    """What his MARAC criteria are judged on, read once, and the criteria met."""

    today: date
    assessment: RiskAssessment | None
    previous_referral_on: date | None
    incidents_in_year: int
    latest_incident_on: date | None
    criteria: list[str]
    # Conference criteria met from the partner side since his last referral.
    partner_side: bool = False


# Says that the caller has not read his latest assessment (None: he has none).
NOT_READ = object()


def picture(
    participant: Participant,
    *,
    today: date | None = None,
    latest: RiskAssessment | None | object = NOT_READ,
) -> MaracPicture:
    """His latest assessment, last MARAC referral and the year's incidents, and the
    criteria they meet, in four queries (three when the caller passes the
    `latest` assessment it has read already, or None if he has none).

    A criterion counts only if it arose after his last MARAC referral; within
    the organisation's repeat window (default twelve months) of that referral,
    anything new makes it a repeat referral too. Escalation counts the incidents
    in the organisation's escalation window (default twelve months).
    """
    today = today or timezone.localdate()
    settings = RiskSettings.for_organisation(participant.organisation_id)
    previous = previous_referral_date(participant)
    assessment = latest_assessment(participant) if latest is NOT_READ else latest
    incidents = _his_events(
        participant,
        since=today - timedelta(days=settings.escalation_window_days),
        today=today,
        previous=previous,
    )

    def since_referral(on: date) -> bool:
        return previous is None or on > previous

    met = []
    if assessment and since_referral(assessment.assessed_on):
        if assessment.yes_count >= settings.marac_threshold:
            met.append(HIGH_COUNT)
        if assessment.judgement_level == RiskLevel.HIGH:
            met.append(PROFESSIONAL_JUDGEMENT)
    latest_incident_on = incidents["latest"]
    if (
        latest_incident_on
        and since_referral(latest_incident_on)
        and incidents["count"] >= settings.escalation_incidents
    ):
        met.append(ESCALATION)
    newer_incident = latest_incident_on and latest_incident_on > (previous or today)
    repeat_since = today - timedelta(days=settings.repeat_window_days)
    if previous and previous > repeat_since and (met or newer_incident):
        met.append(REPEAT)
    partner_side = incidents["partner_side"] > 0
    return MaracPicture(
        today=today,
        assessment=assessment,
        previous_referral_on=previous,
        incidents_in_year=incidents["count"],
        latest_incident_on=latest_incident_on,
        criteria=met,
        partner_side=partner_side,
    )


def _his_events(
    participant: Participant, *, since: date, today: date, previous: date | None
) -> dict:
    """His incidents after `since` up to today (how many, the latest) and whether
    her side's criteria were flagged after his last referral (`previous`).

    One plain read of his incidents and criterion events, counted here: the same
    query as three filtered aggregates cost Django twice as much to build as it
    cost to run, and a man has a handful of such events, not thousands.
    """
    flag_prefix = partner_side_prefix(participant)
    found = {"count": 0, "latest": None, "partner_side": 0}
    for kind, occurred_on, dedup_key in RiskEvent.objects.filter(
        participant=participant,
        kind__in=(*RiskEvent.INCIDENT_KINDS, RiskEvent.Kind.MARAC_CRITERION),
    ).values_list("kind", "occurred_on", "dedup_key"):
        if kind in RiskEvent.INCIDENT_KINDS:
            if since < occurred_on <= today:
                found["count"] += 1
                if found["latest"] is None or occurred_on > found["latest"]:
                    found["latest"] = occurred_on
        elif dedup_key.startswith(flag_prefix) and (
            previous is None or occurred_on > previous
        ):
            found["partner_side"] += 1
    return found


def partner_side_prefix(participant: Participant) -> str:
    """How the dedup keys of his partner_side flags begin."""
    return f"marac:{participant.pk}:{PARTNER_SIDE}:"


def partner_side_condition(participant: Participant, since: date | None) -> Q:
    """Which of his events say her checklist met the conference criteria
    (partner_side), raised after `since` (his last referral) if given."""
    condition = Q(
        kind=RiskEvent.Kind.MARAC_CRITERION,
        dedup_key__startswith=partner_side_prefix(participant),
    )
    return condition & Q(occurred_on__gt=since) if since else condition


def partner_side_flags(participant: Participant, *, since: date | None):
    """The programme-visible events saying her checklist met the conference
    criteria (partner_side), raised after `since` (his last referral) if given."""
    return RiskEvent.objects.filter(
        partner_side_condition(participant, since), participant=participant
    )


def partner_side_words() -> str:
    """What his side is told of her checklist (partner_side), and nothing more."""
    return gettext("Conference criteria met from the partner side.")


def criteria_met(participant: Participant, *, today: date | None = None) -> list[str]:
    """The MARAC criteria his case meets now, in the order a referral names them."""
    return picture(participant, today=today).criteria


def referral_prefill(participant: Participant) -> dict:
    """Initial values of a MARAC referral, from his latest assessment and events.

    Keys: criterion (one of CRITERIA, or "" when none is met), yes_count,
    incidents_last_12_months, judgement_narrative, previous_referral_date.
    """
    seen = picture(participant)
    assessment = seen.assessment
    narrative = ""
    if assessment is not None:
        if assessment.judgement_reason:
            narrative = assessment.judgement_reason
        else:
            narrative = gettext(
                "Assessed %(level)s risk on %(date)s with %(instrument)s: %(yes)s yes "
                "answers."
            ) % {
                "level": assessment.get_level_display().lower(),
                "date": date_format(assessment.assessed_on, "DATE_FORMAT"),
                "instrument": assessment.instrument.name,
                "yes": assessment.yes_count,
            }
    if seen.partner_side:
        # His referrer knows only that her side met the criteria: the referral
        # rests on their judgement of that (partner_side).
        narrative = " ".join(filter(None, [narrative, partner_side_words()]))
    return {
        "criterion": seen.criteria[0]
        if seen.criteria
        else (PROFESSIONAL_JUDGEMENT if seen.partner_side else ""),
        "yes_count": assessment.yes_count if assessment else None,
        "incidents_last_12_months": seen.incidents_in_year,
        "judgement_narrative": narrative,
        "previous_referral_date": seen.previous_referral_on,
    }
