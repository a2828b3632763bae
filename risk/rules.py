"""Risk detectors: small, named, set-based queries that find risk events.

Each detector takes `today` and `now`, reads every organisation at once with a
fixed number of queries (never one query per man), and returns Detections. Each
detection carries a stable de-duplication key naming the fact it stands for, so
running a detector twice inserts nothing new: the (organisation, dedup_key)
unique constraint ignores the repeat (risk.outbox.record_events).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import Lag

from accounts.models import Organisation
from participants.models import Child, Participant, RiskLevel, StatusChange
from programmes.models import Attendance, Session
from risk.models import (
    Alert,
    Answer,
    MonitoringPeriod,
    RiskAnswer,
    RiskAssessment,
    RiskEvent,
    RiskNote,
    RiskSettings,
    Visibility,
)
from risk.models.assessments import LEVEL_RANK
from risk.outbox import PREGNANCY_MONITORING_DAYS, Detection

Kind = RiskEvent.Kind
# Cases in which risk is still being worked with.
OPEN_STATUSES = (
    Participant.Status.ASSESSMENT,
    Participant.Status.WAITING_LIST,
    Participant.Status.ACTIVE,
    Participant.Status.SUSPENDED,
    Participant.Status.FOLLOW_UP,
)
# How far back a detector looks for facts still worth an alert.
RECENT = timedelta(days=30)
SEPARATION_RECENT = timedelta(days=90)
ABSENCE_WINDOW = timedelta(days=56)
YEAR = timedelta(days=365)


def _settings_for_all() -> dict[int, RiskSettings]:
    return RiskSettings.by_organisation(
        list(Organisation.objects.values_list("pk", flat=True))
    )


# Detections made outside the detectors, with the same keys -------------------


def separation_detection(
    *,
    relationship_id: int,
    organisation_id: int,
    participant_id: int,
    announced: bool,
    occurred_on: date,
    source: str = RiskEvent.Source.DETECTOR,
    reported_by_id: int | None = None,
    partner_contact_id: int | None = None,
) -> Detection:
    stage = "announced" if announced else "separated"
    return Detection(
        organisation_id=organisation_id,
        participant_id=participant_id,
        kind=Kind.ANNOUNCED_SEPARATION if announced else Kind.SEPARATION,
        occurred_on=occurred_on,
        dedup_key=f"separation:{relationship_id}:{stage}:{occurred_on.isoformat()}",
        summary="Separation announced." if announced else "Separation recorded.",
        source=source,
        detector="" if source != RiskEvent.Source.DETECTOR else "detect_separations",
        reported_by_id=reported_by_id,
        partner_contact_id=partner_contact_id,
    )


def status_change_detection(status_change: StatusChange, kind: str) -> Detection:
    return Detection(
        organisation_id=status_change.organisation_id,
        participant_id=status_change.participant_id,
        kind=kind,
        occurred_on=status_change.effective_on,
        dedup_key=f"status:{status_change.pk}",
        summary=f"Case moved to “{status_change.get_to_status_display()}”.",
        source=RiskEvent.Source.RECORD,
    )


def urgent_note_detection(note: RiskNote) -> Detection:
    return Detection(
        organisation_id=note.organisation_id,
        participant_id=note.participant_id,
        kind=Kind.URGENT_NOTE,
        occurred_on=note.created_at.date(),
        dedup_key=f"urgent-note:{note.pk}",
        summary="An urgent risk note was written.",
        visibility=note.visibility,
        source=RiskEvent.Source.RECORD,
    )


def level_raised_detection(
    assessment: RiskAssessment, previous_level: str
) -> Detection:
    return Detection(
        organisation_id=assessment.organisation_id,
        participant_id=assessment.participant_id,
        kind=Kind.LEVEL_RAISED,
        occurred_on=assessment.assessed_on,
        dedup_key=f"level-rise:{assessment.pk}",
        summary=(
            f"Assessed level rose from {RiskLevel(previous_level).label.lower()} "
            f"to {RiskLevel(assessment.level).label.lower()}."
        ),
        source=RiskEvent.Source.RECORD,
    )


# The detectors -----------------------------------------------------------------


def detect_separations(*, today: date, now: datetime) -> list[Detection]:
    """A relationship recorded as separated or separation announced (90 days).

    Key: separation:<relationship>:<stage>:<date>, the same key the
    separation_recorded receiver uses, so the two never both create an event.
    """
    from partner_contact.models import Relationship

    since = today - SEPARATION_RECENT
    rows = Relationship.objects.filter(
        Q(status=Relationship.Status.SEPARATED, separated_on__gte=since)
        | Q(
            status=Relationship.Status.SEPARATION_ANNOUNCED,
            separation_announced_on__gte=since,
        )
    ).values(
        "pk",
        "organisation_id",
        "participant_id",
        "status",
        "separated_on",
        "separation_announced_on",
    )
    return [
        separation_detection(
            relationship_id=row["pk"],
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            announced=row["status"] == Relationship.Status.SEPARATION_ANNOUNCED,
            occurred_on=row["separated_on"] or row["separation_announced_on"],
        )
        for row in rows
    ]


def detect_missed_sessions(*, today: date, now: datetime) -> list[Detection]:
    """Two unexcused absences in a row at held sessions (the later one recent).

    Key: absences:<attendance of the second absence>.
    """
    rows = (
        Attendance.objects.filter(
            session__status=Session.Status.HELD,
            session__date__gt=today - ABSENCE_WINDOW,
            session__date__lte=today,
            participant__status__in=OPEN_STATUSES,
        )
        .annotate(
            previous_status=Window(
                Lag("status"),
                partition_by=[F("participant_id")],
                order_by=[
                    F("session__date").asc(),
                    F("session__start_time").asc(),
                    F("pk").asc(),
                ],
            )
        )
        # Only the window column is filtered here, so the window still sees
        # every attendance in the period.
        .filter(previous_status=Attendance.Status.UNEXCUSED)
        .values("pk", "organisation_id", "participant_id", "status", "session__date")
    )
    return [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            kind=Kind.MISSED_SESSIONS,
            occurred_on=row["session__date"],
            dedup_key=f"absences:{row['pk']}",
            summary="Two unexcused absences in a row.",
            detector="detect_missed_sessions",
        )
        for row in rows
        if row["status"] == Attendance.Status.UNEXCUSED
        and row["session__date"] > today - RECENT
    ]


def detect_status_moves(*, today: date, now: datetime) -> list[Detection]:
    """Drop-out, exclusion, suspension or completion in the last 30 days.

    Key: status:<status change>, as the status_changed receiver uses.
    """
    from risk.services import STATUS_EVENT_KINDS

    rows = StatusChange.objects.filter(
        to_status__in=list(STATUS_EVENT_KINDS),
        effective_on__gt=today - RECENT,
        effective_on__lte=today,
        approval__in=[StatusChange.Approval.NOT_NEEDED, StatusChange.Approval.APPROVED],
    ).values("pk", "organisation_id", "participant_id", "to_status", "effective_on")
    return [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            kind=STATUS_EVENT_KINDS[row["to_status"]],
            occurred_on=row["effective_on"],
            dedup_key=f"status:{row['pk']}",
            summary=f"Case moved to “{Participant.Status(row['to_status']).label}”.",
            detector="detect_status_moves",
        )
        for row in rows
    ]


def detect_hearings_soon(*, today: date, now: datetime) -> list[Detection]:
    """A court or child-contact hearing, or a release from custody, within the
    organisation's warning days (default 14). Key: soon:<event>."""
    settings = _settings_for_all()
    horizon = max((s.warning_days for s in settings.values()), default=14)
    rows = RiskEvent.objects.filter(
        kind__in=RiskEvent.SCHEDULED_KINDS,
        occurred_on__gte=today,
        occurred_on__lte=today + timedelta(days=horizon),
    ).values(
        "pk", "organisation_id", "participant_id", "kind", "occurred_on", "visibility"
    )
    return [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            kind=Kind.HEARING_SOON,
            occurred_on=row["occurred_on"],
            dedup_key=f"soon:{row['pk']}",
            summary=f"{Kind(row['kind']).label} on {row['occurred_on']:%d %b %Y}.",
            visibility=row["visibility"],
            detector="detect_hearings_soon",
        )
        for row in rows
        if row["occurred_on"]
        <= today + timedelta(days=settings[row["organisation_id"]].warning_days)
    ]


def detect_overdue_reviews(*, today: date, now: datetime) -> list[Detection]:
    """A latest assessment past its review date, or no review within a monitoring
    period's limit. Keys: review:<assessment>, period-review:<period>."""
    detections = [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            kind=Kind.REVIEW_OVERDUE,
            occurred_on=row["next_review_on"],
            dedup_key=f"review:{row['pk']}",
            summary=f"Review was due on {row['next_review_on']:%d %b %Y}.",
            detector="detect_overdue_reviews",
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
                    summary="No assessment review since the period of increased "
                    "risk began.",
                    visibility=row["visibility"],
                    detector="detect_overdue_reviews",
                )
            )
    return detections


def detect_missing_partner_contact(*, today: date, now: datetime) -> list[Detection]:
    """A man in a monitoring period whose partner had no contact attempt within
    the period's limit (default 7 days). Key: no-contact:<period>:<window>, one
    per elapsed window while it lasts."""
    from partner_contact.models import PartnerContact, Relationship

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
                summary=f"No partner contact attempt for {(today - since).days} days "
                "in a period of increased risk.",
                visibility=Visibility.PARTNER_SUPPORT_ONLY,
                detector="detect_missing_partner_contact",
            )
        )
    return detections


def detect_marac_criteria(*, today: date, now: datetime) -> list[Detection]:
    """A man who meets a MARAC criterion and has no referral to it since.

    Criteria: yes answers at or above the organisation's threshold, judgement of
    high risk, escalation (incidents in twelve months at the organisation's
    number), or a new incident within twelve months of an earlier referral.
    Key: marac:<man>:<criterion>:<assessment, last incident date or referral>.
    """
    from referrals.models import OnwardReferral

    settings = _settings_for_all()
    marac = OnwardReferral.objects.marac()
    detections = []

    def detection(org_id, participant_id, criterion, ref, summary):
        return Detection(
            organisation_id=org_id,
            participant_id=participant_id,
            kind=Kind.MARAC_CRITERION,
            occurred_on=today,
            dedup_key=f"marac:{participant_id}:{criterion}:{ref}",
            summary=summary,
            detector="detect_marac_criteria",
        )

    # Visible high risk or professional judgement, from the latest assessment.
    lowest_threshold = min((s.marac_threshold for s in settings.values()), default=14)
    referred_since_assessment = marac.filter(
        participant=OuterRef("participant"), made_on__gte=OuterRef("assessed_on")
    )
    for row in (
        RiskAssessment.objects.latest_per_participant()
        .filter(participant__status__in=OPEN_STATUSES)
        .filter(Q(yes_count__gte=lowest_threshold) | Q(judgement_level=RiskLevel.HIGH))
        .filter(~Exists(referred_since_assessment))
        .values(
            "pk", "organisation_id", "participant_id", "yes_count", "judgement_level"
        )
    ):
        org = row["organisation_id"]
        if row["yes_count"] >= settings[org].marac_threshold:
            detections.append(
                detection(
                    org,
                    row["participant_id"],
                    "high_count",
                    row["pk"],
                    f"{row['yes_count']} yes answers in the latest assessment.",
                )
            )
        elif row["judgement_level"] == RiskLevel.HIGH:
            detections.append(
                detection(
                    org,
                    row["participant_id"],
                    "professional_judgement",
                    row["pk"],
                    "Professional judgement of high risk.",
                )
            )

    # Escalation: enough incidents in twelve months.
    lowest_incidents = min(
        (s.escalation_incidents for s in settings.values()), default=3
    )
    rows = list(
        RiskEvent.objects.filter(
            kind__in=RiskEvent.INCIDENT_KINDS,
            occurred_on__gt=today - YEAR,
            occurred_on__lte=today,
            participant__status__in=OPEN_STATUSES,
        )
        .values("organisation_id", "participant")
        .annotate(incidents=Count("pk"), latest=Max("occurred_on"))
        .filter(incidents__gte=lowest_incidents)
    )
    # The last referral of each of these men, in one query.
    last_referral = dict(
        marac.filter(participant__in=[row["participant"] for row in rows])
        .values("participant")
        .annotate(last=Max("made_on"))
        .values_list("participant", "last")
    )
    for row in rows:
        org = row["organisation_id"]
        referred = last_referral.get(row["participant"])
        if referred is not None and referred >= row["latest"]:
            continue
        if row["incidents"] >= settings[org].escalation_incidents:
            detections.append(
                detection(
                    org,
                    row["participant"],
                    "escalation",
                    row["latest"].isoformat(),
                    f"{row['incidents']} incidents in twelve months.",
                )
            )

    # Repeat: a new incident within twelve months of an earlier referral.
    incident_after = RiskEvent.objects.filter(
        participant=OuterRef("participant"),
        kind__in=RiskEvent.INCIDENT_KINDS,
        occurred_on__gt=OuterRef("made_on"),
    )
    later_referral = marac.filter(
        participant=OuterRef("participant"), made_on__gt=OuterRef("made_on")
    )
    for row in (
        marac.filter(
            made_on__gt=today - YEAR,
            participant__status__in=OPEN_STATUSES,
        )
        .filter(Exists(incident_after), ~Exists(later_referral))
        .values("pk", "organisation_id", "participant_id", "made_on")
    ):
        detections.append(
            detection(
                row["organisation_id"],
                row["participant_id"],
                "repeat",
                row["pk"],
                f"A new incident since the referral of {row['made_on']:%d %b %Y}.",
            )
        )
    return detections


def detect_urgent_notes(*, today: date, now: datetime) -> list[Detection]:
    """An urgent risk note from the last 30 days. Key: urgent-note:<note>, as
    written when the note is saved; this detector is the safety net."""
    return [
        urgent_note_detection(note)
        for note in RiskNote.objects.filter(
            severity=RiskNote.Severity.URGENT, created_at__gte=now - RECENT
        ).only("pk", "organisation_id", "participant_id", "created_at", "visibility")
    ]


def detect_level_rises(*, today: date, now: datetime) -> list[Detection]:
    """An assessment (last 30 days) whose level is above the one before it.
    Key: level-rise:<assessment>, as written when the assessment is saved."""
    rows = (
        RiskAssessment.objects.annotate(
            previous_level=Window(
                Lag("level"),
                partition_by=[F("participant_id")],
                order_by=[F("assessed_on").asc(), F("pk").asc()],
            )
        )
        # Only the window column is filtered, so each man's whole history is seen.
        .filter(previous_level__isnull=False)
        .only(
            "pk",
            "organisation_id",
            "participant_id",
            "assessed_on",
            "level",
            "created_at",
        )
    )
    return [
        level_raised_detection(assessment, assessment.previous_level)
        for assessment in rows
        if assessment.created_at >= now - RECENT
        and LEVEL_RANK[assessment.level] > LEVEL_RANK[assessment.previous_level]
    ]


def detect_pregnancy_or_birth(*, today: date, now: datetime) -> list[Detection]:
    """A pregnancy or a baby in the last 18 months: the item answered yes in his
    latest assessment, or a baby recorded among his children, with no pregnancy
    event in 18 months. The event opens an 18-month monitoring period.
    Keys: pregnancy:answer:<assessment>, pregnancy:child:<child>."""
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
            summary="Pregnancy or a baby in the last eighteen months (assessment).",
            detector="detect_pregnancy_or_birth",
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
            summary="A baby was recorded among his children.",
            detector="detect_pregnancy_or_birth",
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


def detect_expiring_consents(*, today: date, now: datetime) -> list[Detection]:
    """A partner's consent in force that expires within the warning days.
    Key: consent:<consent>:<man>:<expiry date>; partner-side only."""
    from partner_contact.models import Consent

    settings = _settings_for_all()
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
            summary=f"A partner's consent expires on {row['expires_on']:%d %b %Y}.",
            visibility=Visibility.PARTNER_SUPPORT_ONLY,
            detector="detect_expiring_consents",
        )
        for row in rows
        if row["expires_on"]
        <= today + timedelta(days=settings[row["organisation_id"]].warning_days)
    ]


def detect_unacknowledged_alerts_with_ids(
    *, now: datetime
) -> tuple[list[Detection], list[int]]:
    """Events with an alert nobody acknowledged within the organisation's hours
    (default 24): one escalation per event, key unack:<event>."""
    hours = set(Organisation.objects.values_list("alert_acknowledge_hours", flat=True))
    late = Q(pk__in=[])
    for limit in hours:
        late |= Q(
            organisation__alert_acknowledge_hours=limit,
            created_at__lt=now - timedelta(hours=limit),
        )
    rows = list(
        Alert.objects.filter(late, status=Alert.Status.OPEN, escalated_at__isnull=True)
        .exclude(event__kind=Kind.UNACKNOWLEDGED_ALERT)
        .values(
            "pk",
            "event_id",
            "event__organisation_id",
            "event__participant_id",
            "event__kind",
            "event__visibility",
        )
    )
    by_event = defaultdict(list)
    for row in rows:
        by_event[row["event_id"]].append(row)
    detections = [
        Detection(
            organisation_id=group[0]["event__organisation_id"],
            participant_id=group[0]["event__participant_id"],
            kind=Kind.UNACKNOWLEDGED_ALERT,
            occurred_on=now.date(),
            dedup_key=f"unack:{event_id}",
            summary=f"An alert about “{Kind(group[0]['event__kind']).label}” was not "
            "acknowledged in time.",
            visibility=group[0]["event__visibility"],
            detector="detect_unacknowledged_alerts",
        )
        for event_id, group in by_event.items()
    ]
    return detections, [row["pk"] for row in rows]


def detect_unacknowledged_alerts(*, today: date, now: datetime) -> list[Detection]:
    """The escalation detector as scan_risk lists it (see the function above)."""
    return detect_unacknowledged_alerts_with_ids(now=now)[0]


# Run every 15 minutes by risk.tasks.run_detectors, in this order.
DETECTORS = [
    detect_separations,
    detect_missed_sessions,
    detect_status_moves,
    detect_hearings_soon,
    detect_overdue_reviews,
    # Before detect_missing_partner_contact: the monitoring periods it opens are
    # checked by that detector in the same run.
    detect_pregnancy_or_birth,
    detect_missing_partner_contact,
    detect_marac_criteria,
    detect_urgent_notes,
    detect_level_rises,
    detect_expiring_consents,
]
