"""Writes of the risk app: assessments, notes, events, alerts and detector runs.

Events and their alerts are written through risk.outbox.record_events, in the
caller's transaction (the transactional outbox).
"""

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation  # country: get_language
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from participants.models import Participant, StatusChange
from risk.badge import forget_open_alert_counts  # badge
from risk.events import (
    STATUS_EVENT_KINDS,
    disclosed_detection,
    level_raised_detection,
    public_enquiry_detection,  # enquiries
    reported_detection,
    separation_detection,
    session_concern_detection,
    status_change_detection,
    urgent_note_detection,
)
from risk.models import (
    Alert,
    InstrumentItem,
    InstrumentThreshold,
    RiskAnswer,
    RiskAssessment,
    RiskEvent,
    RiskInstrument,
    RiskNote,
    RiskSettings,
    Visibility,
)
from risk.models.assessments import LEVEL_RANK
from risk.outbox import Recorded, record_events
from risk.rules import DETECTORS
from risk.rules.escalation import detect_unacknowledged_alerts_with_ids
from risk.scoring import apply_judgement, score_answers

logger = logging.getLogger(__name__)


class AlertActionError(Exception):
    """An alert cannot be acknowledged or resolved in its present state."""


def now() -> datetime:
    """The time the services act at (one place for tests and tasks to read)."""
    return timezone.now()


def today() -> date:
    """Today's local date, as the services count it."""
    return timezone.localdate()


# Assessments ------------------------------------------------------------------


def take_his_level_from(
    assessment: RiskAssessment, *, previous: RiskAssessment | None, actor: User
) -> None:
    """If the assessment is his latest, make its level his, and record a rise."""
    if previous is not None and (assessment.assessed_on, assessment.pk) < (
        previous.assessed_on,
        previous.pk,
    ):
        return
    # The contract: his level is always that of his latest assessment.
    participant = assessment.participant
    participant.risk_level = assessment.level
    participant.risk_level_assessed_on = assessment.assessed_on
    participant._history_user = actor
    participant.save(update_fields=["risk_level", "risk_level_assessed_on"])
    if previous and LEVEL_RANK[assessment.level] > LEVEL_RANK[previous.level]:
        record_events([level_raised_detection(assessment, previous.level)], actor=actor)


@transaction.atomic
def assess_participant(
    *,
    participant: Participant,
    instrument: RiskInstrument,
    assessed_by: User,
    assessed_on: date,
    answers: dict[int, tuple[str, str]],
    sources: list[str],
    judgement_level: str = "",
    judgement_reason: str = "",
) -> RiskAssessment:
    """Score an assessment, store it with its answers, and update his level."""
    if instrument.is_draft:  # country: a draft is previewed, never used
        raise ValidationError(_("This version is a draft: publish it first."))
    items = list(instrument.items.all())  # country: a published version's items
    scored = score_answers(items, answers)
    participant.refuse_if_restricted()  # data_rights: a restricted record
    if judgement_level and not judgement_reason.strip():
        raise ValidationError(_("Give the reason for your professional judgement."))
    thresholds = instrument.thresholds_for(participant.organisation)
    computed = thresholds.level_for(scored.score)
    judgement_level, judgement_reason = apply_judgement(
        computed=computed,
        judgement_level=judgement_level,
        judgement_reason=judgement_reason,
    )
    level = judgement_level or computed
    settings = RiskSettings.for_organisation(participant.organisation_id)
    previous = (
        RiskAssessment.objects.filter(participant=participant)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    assessment = RiskAssessment(
        organisation_id=participant.organisation_id,
        participant=participant,
        instrument=instrument,
        assessed_on=assessed_on,
        assessed_by=assessed_by,
        sources=sources,
        score=scored.score,
        yes_count=scored.yes_count,
        dont_know_count=scored.dont_know_count,
        medium_from=thresholds.medium_from,
        high_from=thresholds.high_from,
        computed_level=computed,
        judgement_level=judgement_level,
        judgement_reason=judgement_reason,
        level=level,
        next_review_on=assessed_on + timedelta(weeks=settings.review_weeks(level)),
        language=translation.get_language() or "",  # country: the one it was done in
    )
    save_with_answers(assessment, items, answers, actor=assessed_by)
    take_his_level_from(assessment, previous=previous, actor=assessed_by)
    return assessment


def save_with_answers(
    assessment: RiskAssessment,
    items: list[InstrumentItem],
    answers: dict[int, tuple[str, str]],
    *,
    actor: User,
) -> None:
    """Save the assessment (with its history) and every answer, once."""
    assessment._history_user = actor
    assessment.save()
    RiskAnswer.objects.bulk_create(
        RiskAnswer(
            assessment=assessment,
            item=item,
            answer=answers[item.pk][0],
            comment=answers[item.pk][1].strip(),
        )
        for item in items
    )


def instrument_items(instrument: RiskInstrument) -> list[InstrumentItem]:
    """The instrument's items in the order the form asks them."""
    return list(instrument.items.order_by("order"))


# Notes ------------------------------------------------------------------------


@transaction.atomic
def add_risk_note(
    *,
    participant: Participant,
    author: User,
    severity: str,
    category: str,
    text: str,
    visibility: str = Visibility.PROGRAMME,
    source: str = RiskNote.Source.CASE_FILE,
    session=None,
    partner_contact=None,
    source_attributed: bool = False,
    partner_words: str = "",
) -> RiskNote:
    """Write a risk note; an urgent one becomes an event that alerts at once."""
    participant.refuse_if_restricted()  # data_rights: a restricted record
    note = RiskNote(
        organisation_id=participant.organisation_id,
        participant=participant,
        author=author,
        severity=severity,
        category=category,
        text=text.strip(),
        visibility=visibility,
        source=source,
        session=session,
        partner_contact=partner_contact,
        source_attributed=source_attributed,
        partner_words=partner_words.strip(),
    )
    note._history_user = author
    note.save()
    if severity == RiskNote.Severity.URGENT:
        record_events([urgent_note_detection(note)], actor=author)
    return note


@transaction.atomic
def record_attendance_concern(
    *, attendance, text: str, actor: User, urgent: bool = False
) -> RiskNote:
    """A facilitator's "this worried me" at a session: a programme risk note and
    an alert to his caseworker (and the managers when urgent), one per session
    and man (risk.events.session_concern_detection)."""
    note = add_risk_note(
        participant=attendance.participant,
        author=actor,
        severity=RiskNote.Severity.URGENT if urgent else RiskNote.Severity.CONCERN,
        category=RiskNote.Category.BEHAVIOUR,
        text=text or _("A concern was raised at the session."),
        visibility=Visibility.PROGRAMME,
        source=RiskNote.Source.SESSION,
        session=attendance.session,
    )
    # add_risk_note records an urgent note's event itself, with this same key.
    if not urgent:
        record_events([session_concern_detection(note)], actor=actor)
    return note


# Events -----------------------------------------------------------------------


@transaction.atomic
def report_event(
    *,
    participant: Participant,
    reported_by: User,
    kind: str,
    occurred_on: date,
    summary: str = "",
) -> RiskEvent:
    """Record a risk event a worker entered, with its alerts and monitoring."""
    participant.refuse_if_restricted()  # data_rights: a restricted record
    # Inside the firewall a worker's event stays there; others are programme-wide.
    visibility = (
        Visibility.PARTNER_SUPPORT_ONLY
        if reported_by.role == User.Role.PARTNER_SUPPORT
        else Visibility.PROGRAMME
    )
    recorded = record_events(
        [
            reported_detection(
                organisation_id=participant.organisation_id,
                participant_id=participant.pk,
                kind=kind,
                occurred_on=occurred_on,
                summary=summary,
                visibility=visibility,
                reported_by_id=reported_by.pk,
            )
        ],
        actor=reported_by,
    )
    return recorded.events[0]


@transaction.atomic
def record_status_change_event(
    *, participant: Participant, status_change: StatusChange, actor: User | None
) -> Recorded:
    """A drop-out, exclusion, completion or suspension: tell partner support."""
    if status_change.to_status not in STATUS_EVENT_KINDS:
        return Recorded()
    return record_events([status_change_detection(status_change)], actor=actor)


@transaction.atomic
def record_separation_event(
    *, relationship, occurred_on: date, announced: bool, actor: User | None, contact
) -> Recorded:
    """A separation (or its announcement): an event, a monitoring period, alerts."""
    return record_events(
        [
            separation_detection(
                relationship_id=relationship.pk,
                organisation_id=relationship.organisation_id,
                participant_id=relationship.participant_id,
                announced=announced,
                occurred_on=occurred_on,
                source=RiskEvent.Source.RECORD,
                reported_by_id=actor.pk if actor else None,
                partner_contact_id=contact.pk if contact else None,
            )
        ],
        actor=actor,
    )


@transaction.atomic
def record_disclosed_risks(
    *, contact, kinds: list[str], actor: User | None
) -> Recorded:
    """One partner-side event per kind she disclosed, without her words."""
    relationships = (
        [contact.relationship]
        if contact.relationship_id
        else list(contact.partner.relationships.all())
    )
    on = timezone.localdate(contact.occurred_at)
    detections = []
    for relationship in relationships:
        for kind in kinds:
            if kind not in RiskEvent.Kind.values:
                logger.warning("Unknown disclosed risk kind %r ignored", kind)
                continue
            detections.append(
                disclosed_detection(
                    contact_id=contact.pk,
                    organisation_id=contact.organisation_id,
                    participant_id=relationship.participant_id,
                    kind=kind,
                    occurred_on=on,
                    reported_by_id=actor.pk if actor else None,
                )
            )
    return record_events(detections, actor=actor)


@transaction.atomic  # enquiries
def record_public_enquiry(*, enquiry) -> Recorded:  # enquiries
    """Alert the partner-support workers of a request from the public contact
    page, in its transaction (enquiries; the e-mail says nothing of her)."""
    return record_events([public_enquiry_detection(enquiry)])  # enquiries


@transaction.atomic
def close_event(*, event: RiskEvent, user: User) -> RiskEvent:
    """Mark an event dealt with."""
    if event.status == RiskEvent.Status.CLOSED:
        raise AlertActionError("This event is already closed.")
    event._history_user = user
    event.close(now=now())
    return event


# Alerts -----------------------------------------------------------------------


def _locked_alert(alert: Alert, user: User) -> Alert:
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if locked.recipient_id != user.pk:
        raise PermissionDenied("This alert is someone else's; only they can act on it.")
    return locked


@transaction.atomic
def acknowledge_alert(*, alert: Alert, user: User) -> Alert:
    """The recipient takes the alert on; a second acknowledgement is refused."""
    alert = _locked_alert(alert, user)
    if alert.status != Alert.Status.OPEN:
        raise AlertActionError("This alert has already been acknowledged.")
    alert._history_user = user
    alert.acknowledge(now=now())
    forget_open_alert_counts([user.pk])  # badge
    return alert


@transaction.atomic
def acknowledge_alerts(*, alerts, user: User) -> int:
    """The recipient takes several alerts on at once; those not hers, or no
    longer open, are left as they are. Returns how many were acknowledged.

    Each goes through `Alert.acknowledge` so that its history keeps who and when.
    """
    locked = (
        Alert.objects.select_for_update()
        .filter(pk__in=alerts.values("pk"), recipient=user, status=Alert.Status.OPEN)
        .order_by("pk")
    )
    moment = now()
    count = 0
    for alert in locked:
        alert._history_user = user
        alert.acknowledge(now=moment)
        count += 1
    forget_open_alert_counts([user.pk])  # badge
    return count


@transaction.atomic
def resolve_alert(*, alert: Alert, user: User, note: str) -> Alert:
    """The recipient has dealt with the alert and says how."""
    alert = _locked_alert(alert, user)
    if alert.status == Alert.Status.RESOLVED:
        raise AlertActionError("This alert has already been resolved.")
    if not note.strip():
        raise ValidationError(_("Say how the alert was dealt with."))
    alert._history_user = user
    alert.resolve(now=now(), note=note.strip())
    forget_open_alert_counts([user.pk])  # badge
    return alert


# Settings ---------------------------------------------------------------------


@transaction.atomic
def update_risk_settings(
    *,
    organisation: Organisation,
    instrument: RiskInstrument,
    medium_from: int,
    high_from: int,
    **settings_fields,
) -> RiskSettings:
    """Save an organisation's bands for an instrument and its risk settings."""
    if high_from <= medium_from:
        raise ValidationError(_("The high band must start above the medium band."))
    InstrumentThreshold.objects.update_or_create(
        organisation=organisation,
        instrument=instrument,
        defaults={"medium_from": medium_from, "high_from": high_from},
    )
    settings, _created = RiskSettings.objects.update_or_create(
        organisation=organisation, defaults=settings_fields
    )
    return settings


# Detector runs ----------------------------------------------------------------


def run_detectors(
    *,
    today: date | None = None,
    at: datetime | None = None,
    names=None,
    deliver: bool = True,
) -> dict[str, Recorded]:
    """Run each detector and record what is new; one transaction per detector.

    Without `today`, each organisation's detections are found on its own local
    date at `at`, whatever its country (risk.rules.registry.days_to_run).
    """
    at = at or now()
    # No `today` is passed on as None: days_to_run gives each country its own.
    results = {}
    for detector in DETECTORS:
        if names and detector.__name__ not in names:
            continue
        with transaction.atomic():
            results[detector.__name__] = record_events(
                detector(today=today, now=at), now=at, deliver=deliver
            )
    return results


@transaction.atomic
def escalate_unacknowledged_alerts(*, at: datetime | None = None) -> Recorded:
    """Take alerts nobody acknowledged in time to the organisation's managers."""
    at = at or now()
    detections, alert_ids = detect_unacknowledged_alerts_with_ids(now=at)
    recorded = record_events(detections, now=at)
    # A marker for the detector, not a change a person made: no history needed.
    Alert.objects.filter(pk__in=alert_ids).update(escalated_at=at)
    return recorded
