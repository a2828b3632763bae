"""Detectors of what a man's risk management owes: reviews, periods of increased
risk and the partner contact they call for, her consents running out."""

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_noop

from participants.models import Child
from partner_contact.models import Consent, PartnerContact, Relationship
from risk.events import OPEN_STATUSES, PREGNANCY_MONITORING_DAYS, Detection, Kind
from risk.models import (
    Answer,
    MonitoringPeriod,
    RiskAnswer,
    RiskAssessment,
    RiskEvent,
    Visibility,
)
from risk.rules.registry import detector, settings_for_all
from risk.words import Words


@detector
def detect_overdue_reviews(*, today: date, now: datetime) -> list[Detection]:
    """A latest assessment past its review date, or no review within a monitoring
    period's limit.

    Idempotent by the keys review:<assessment> and period-review:<period>.
    """
    detections = [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            kind=Kind.REVIEW_OVERDUE,
            occurred_on=row["next_review_on"],
            dedup_key=f"review:{row['pk']}",
            summary=Words.of(
                gettext_noop("Review was due on %(date)s."), date=row["next_review_on"]
            ),
        )
        for row in RiskAssessment.objects.review_overdue(today)
        .filter(participant__status__in=OPEN_STATUSES)
        .values("pk", "organisation_id", "participant_id", "next_review_on")
    ]
    reviewed = RiskAssessment.objects.filter(
        participant=OuterRef("participant"), assessed_on__gte=OuterRef("starts_on")
    )
    for row in (
        MonitoringPeriod.objects.active(today)
        .filter(~Exists(reviewed))
        .values(
            "pk",
            "organisation_id",
            "participant_id",
            "starts_on",
            "review_within_days",
            "visibility",
        )
    ):
        due = row["starts_on"] + timedelta(days=row["review_within_days"])
        if due < today:
            detections.append(
                Detection(
                    organisation_id=row["organisation_id"],
                    participant_id=row["participant_id"],
                    kind=Kind.REVIEW_OVERDUE,
                    occurred_on=due,
                    dedup_key=f"period-review:{row['pk']}",
                    summary=Words.of(
                        gettext_noop(
                            "No assessment review since the period of increased risk "
                            "began."
                        )
                    ),
                    visibility=row["visibility"],
                )
            )
    return detections


# Registered before detect_missing_partner_contact: the monitoring periods its
# events open are checked by that detector in the same run.
@detector
def detect_pregnancy_or_birth(*, today: date, now: datetime) -> list[Detection]:
    """A pregnancy or a baby in the last 18 months: the item answered yes in his
    latest assessment, or a baby recorded among his children, with no pregnancy
    event in 18 months. The event opens an 18-month monitoring period.

    Idempotent by the keys pregnancy:answer:<assessment> and
    pregnancy:child:<child>, and by finding nothing while a pregnancy event of the
    last 18 months stands.
    """
    window = timedelta(days=PREGNANCY_MONITORING_DAYS)
    recent_event = RiskEvent.objects.filter(
        participant=OuterRef("participant"),
        kind=Kind.PREGNANCY,
        occurred_on__gt=today - window,
    )
    said_yes = RiskAnswer.objects.filter(
        assessment=OuterRef("pk"), item__marks_pregnancy=True, answer=Answer.YES
    )
    detections = [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            kind=Kind.PREGNANCY,
            occurred_on=row["assessed_on"],
            dedup_key=f"pregnancy:answer:{row['pk']}",
            summary=Words.of(
                gettext_noop(
                    "Pregnancy or a baby in the last eighteen months (assessment)."
                )
            ),
        )
        for row in RiskAssessment.objects.latest_per_participant()
        .filter(assessed_on__gt=today - window, participant__status__in=OPEN_STATUSES)
        .filter(Exists(said_yes), ~Exists(recent_event))
        .values("pk", "organisation_id", "participant_id", "assessed_on")
    ]
    detections += [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            kind=Kind.PREGNANCY,
            occurred_on=row["created_at"].date(),
            dedup_key=f"pregnancy:child:{row['pk']}",
            summary=Words.of(gettext_noop("A baby was recorded among his children.")),
        )
        for row in Child.objects.filter(
            birth_year__gte=today.year - 1,
            created_at__gt=now - window,
            participant__status__in=OPEN_STATUSES,
        )
        .filter(~Exists(recent_event))
        .values("pk", "organisation_id", "participant_id", "created_at")
    ]
    # One pregnancy event per man per run covers the window, whatever found it.
    return list({d.participant_id: d for d in reversed(detections)}.values())


@detector
def detect_missing_partner_contact(*, today: date, now: datetime) -> list[Detection]:
    """A man in a monitoring period whose partner had no contact attempt within
    the period's limit (default 7 days).

    Idempotent by the key no-contact:<period>:<window>: one event per elapsed
    window while the silence lasts.
    """
    last_contact = (
        PartnerContact.objects.filter(
            partner__relationships__participant=OuterRef("participant")
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    has_partner = Relationship.objects.filter(participant=OuterRef("participant"))
    detections = []
    for row in (
        MonitoringPeriod.objects.active(today)
        .filter(Exists(has_partner))
        .annotate(last_contact=Subquery(last_contact))
        .values(
            "pk",
            "organisation_id",
            "participant_id",
            "starts_on",
            "contact_every_days",
            "last_contact",
        )
    ):
        since = row["starts_on"]
        if row["last_contact"] is not None:
            since = max(since, row["last_contact"].date())
        if (today - since).days <= row["contact_every_days"]:
            continue
        window = (today - row["starts_on"]).days // row["contact_every_days"]
        detections.append(
            Detection(
                organisation_id=row["organisation_id"],
                participant_id=row["participant_id"],
                kind=Kind.NO_PARTNER_CONTACT,
                occurred_on=today,
                dedup_key=f"no-contact:{row['pk']}:{window}",
                summary=Words.of(
                    gettext_noop(
                        "No partner contact attempt for %(days)s days in a period of "
                        "increased risk."
                    ),
                    days=(today - since).days,
                ),
                visibility=Visibility.PARTNER_SUPPORT_ONLY,
            )
        )
    return detections


@detector
def detect_expiring_consents(*, today: date, now: datetime) -> list[Detection]:
    """A partner's consent in force that expires within the warning days;
    partner-side only.

    Idempotent by the key consent:<consent>:<man>:<expiry date>.
    """
    settings = settings_for_all()
    horizon = max((s.warning_days for s in settings.values()), default=14)
    rows = (
        Consent.objects.expiring_within(horizon, today)
        .filter(partner__relationships__isnull=False)
        .values(
            "pk",
            "organisation_id",
            "kind",
            "expires_on",
            "partner__relationships__participant_id",
        )
    )
    return [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["partner__relationships__participant_id"],
            kind=Kind.CONSENT_EXPIRING,
            occurred_on=row["expires_on"],
            dedup_key=(
                f"consent:{row['pk']}:{row['partner__relationships__participant_id']}"
                f":{row['expires_on'].isoformat()}"
            ),
            summary=Words.of(
                gettext_noop("A partner's consent expires on %(date)s."),
                date=row["expires_on"],
            ),
            visibility=Visibility.PARTNER_SUPPORT_ONLY,
        )
        for row in rows
        if row["expires_on"]
        <= today + timedelta(days=settings[row["organisation_id"]].warning_days)
    ]
