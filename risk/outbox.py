"""The transactional outbox: risk events, their alerts and e-mail claims.

`record_events` inserts events with INSERT ... ON CONFLICT DO NOTHING on the
(organisation, dedup_key) constraint, then writes alerts only for the rows this
call inserted, in the same transaction. A repeat detection inserts nothing and so
alerts nobody twice; a crash rolls events and alerts back together. E-mails are
sent later from the alert rows (risk.tasks), claimed so that each is sent once.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from config.celery import app
from enquiries.models import Enquiry  # enquiries
from participants.models import Participant
from partner_contact.models import Partner, Relationship  # enquiries: Partner
from risk.badge import forget_open_alert_counts  # badge
from risk.bulk import collector_paused, insert_rows, many, write_history
from risk.events import (
    CASEWORKER,
    MANAGER,
    PARTNER_SUPPORT,
    PREGNANCY_MONITORING_DAYS,
    Detection,
    audience_for,
)
from risk.models import Alert, MonitoringPeriod, RiskEvent, RiskSettings, Visibility
from risk.words import Summaries

logger = logging.getLogger(__name__)
DELIVERY_CHUNK = 100
# Delivery is queued by the task's registered name (RiskConfig.ready imports
# risk.tasks in every process): risk.tasks calls down into this module for its
# claims, so importing the task here would close a circle.
DELIVER_ALERT_EMAILS = "risk.tasks.deliver_alert_emails"


@dataclass
class Recorded:
    """What one call of record_events wrote."""

    events: list[RiskEvent] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    periods: list[MonitoringPeriod] = field(default_factory=list)


@transaction.atomic
def record_events(
    detections: list[Detection],
    *,
    actor: User | None = None,
    now: datetime | None = None,
    deliver: bool = True,
) -> Recorded:
    """Insert new events (ignoring known keys), their monitoring periods and alerts."""
    detections = without_restricted(detections)  # data_rights: restriction
    if not detections:
        return Recorded()
    with collector_paused(len(detections)):
        return _record(
            detections, actor=actor, now=now or timezone.now(), deliver=deliver
        )


def _record(
    detections: list[Detection], *, actor: User | None, now: datetime, deliver: bool
) -> Recorded:
    unique = {(d.organisation_id, d.dedup_key): d for d in detections}
    summaries = Summaries(d.organisation_id for d in unique.values())
    # A known key keeps its older row: only the events new now come back.
    events = insert_rows(
        RiskEvent,
        [d.event_fields(summaries) for d in unique.values()],
        skip_conflicts_on=("organisation_id", "dedup_key"),
    )
    if not events:
        return Recorded()
    events.sort(key=lambda event: event.occurred_on, reverse=True)  # Meta.ordering
    write_history(
        RiskEvent.objects.filter(pk__in=many(e.pk for e in events)), user=actor, at=now
    )
    periods = open_monitoring_periods(events)
    alerts = create_alerts(events, actor=actor, deliver=deliver)
    return Recorded(events=events, alerts=alerts, periods=periods)


# Detections about her, made under his case: none while her record is restricted.
HER_KINDS = (RiskEvent.Kind.NO_PARTNER_CONTACT, RiskEvent.Kind.CONSENT_EXPIRING)


def without_restricted(detections: list[Detection]) -> list[Detection]:
    """The detections less those a detector made about a person whose processing
    is restricted (data_rights, participants.restriction): about a restricted
    man, from a restricted woman's contact, or about a restricted woman under his
    case. They are found again once the restriction is lifted."""
    found = [d for d in detections if d.source == RiskEvent.Source.DETECTOR]
    if not found:
        return detections
    # The restricted people are few (each a data-protection request): read
    # them, by their partial indexes, rather than look up every man found (a
    # month of missed questionnaires finds 30,000).
    organisations = {d.organisation_id for d in found}
    restricted_men = set(
        Participant.objects.filter(
            processing_restricted_at__isnull=False,
            organisation_id__in=organisations,
        ).values_list("pk", flat=True)
    )
    # Men whose (ex-)partner's record is restricted, and her contacts' ids.
    restricted_links = Relationship.objects.filter(
        partner__processing_restricted_at__isnull=False,
        partner__organisation_id__in=organisations,
    ).values_list("participant_id", "partner__contacts__pk")
    men_of_restricted, contacts_of_restricted = set(), set()
    for man_id, contact_id in restricted_links:
        men_of_restricted.add(man_id)
        contacts_of_restricted.add(contact_id)

    def allowed(d: Detection) -> bool:
        if d.source != RiskEvent.Source.DETECTOR:
            return True
        if d.participant_id in restricted_men:
            return False
        if d.partner_contact_id and d.partner_contact_id in contacts_of_restricted:
            return False
        return not (d.kind in HER_KINDS and d.participant_id in men_of_restricted)

    return [d for d in detections if allowed(d)]


def open_monitoring_periods(events: list[RiskEvent]) -> list[MonitoringPeriod]:
    """Open a period of increased risk for each event of a configured kind."""
    settings = RiskSettings.by_organisation({e.organisation_id for e in events})
    periods = []
    for event in events:
        config = settings[event.organisation_id]
        if event.kind == RiskEvent.Kind.PREGNANCY:
            days = PREGNANCY_MONITORING_DAYS
        elif event.kind in (config.monitoring_event_kinds or []):
            days = config.monitoring_days
        else:
            continue
        periods.append(
            MonitoringPeriod(
                organisation_id=event.organisation_id,
                participant_id=event.participant_id,
                event=event,
                reason=event.kind,
                visibility=event.visibility,
                starts_on=event.occurred_on,
                ends_on=event.occurred_on + timedelta(days=days),
                contact_every_days=config.monitoring_contact_days,
                review_within_days=config.monitoring_review_days,
            )
        )
    if periods:
        MonitoringPeriod.objects.bulk_create(periods)
        MonitoringPeriod.history.bulk_history_create(periods)
    return periods


def her_workers(events: list[RiskEvent]) -> dict[int, set[int]]:
    """enquiries: event pk -> the partner-support workers of the one woman (or
    enquiry) an event is about: whoever holds her, else, nobody holding her yet,
    every active partner-support worker of the organisation. Events about a man
    (his partners in general) are left out. At most three queries."""
    partner_ids = {e.partner_id for e in events if e.partner_id}
    enquiry_ids = {e.enquiry_id for e in events if e.enquiry_id and not e.partner_id}
    if not partner_ids and not enquiry_ids:
        return {}
    holders = {
        ("partner", pk): worker if active else None
        for pk, worker, active in Partner.objects.filter(
            pk__in=partner_ids
        ).values_list(
            "pk", "partner_support_worker_id", "partner_support_worker__is_active"
        )
    }
    holders.update(
        {
            ("enquiry", pk): worker if active else None
            for pk, worker, active in Enquiry.objects.filter(
                pk__in=enquiry_ids
            ).values_list("pk", "assigned_to_id", "assigned_to__is_active")
        }
    )
    team = defaultdict(set)
    for org_id, user_id in User.objects.filter(
        organisation_id__in={e.organisation_id for e in events},
        role=User.Role.PARTNER_SUPPORT,
        is_active=True,
    ).values_list("organisation_id", "pk"):
        team[org_id].add(user_id)
    result = {}
    for event in events:
        if event.partner_id:
            holder = holders.get(("partner", event.partner_id))
        elif event.enquiry_id:
            holder = holders.get(("enquiry", event.enquiry_id))
        else:
            continue
        result[event.pk] = {holder} if holder else set(team[event.organisation_id])
    return result


def reaches_caseworker(event: RiskEvent) -> bool:
    """Whether an event may reach the man's caseworker. The firewall: a
    partner-side event never does."""
    return event.visibility == Visibility.PROGRAMME and CASEWORKER in audience_for(
        event.kind
    )


def recipients_for(events: list[RiskEvent], *, actor: User | None = None) -> dict:
    """event pk -> {user pk: reason}, in at most three queries for any number
    of events (up to three more for events about one woman or enquiry:
    her_workers); the men's caseworkers and partners' workers are read only for
    the events that may reach them."""
    his_caseworker_told = {e.participant_id for e in events if reaches_caseworker(e)}
    caseworkers = dict(
        Participant.objects.filter(
            pk__in=many(his_caseworker_told), caseworker__is_active=True
        ).values_list("pk", "caseworker_id")
        if his_caseworker_told
        else ()
    )
    hers = her_workers(events)  # enquiries
    # The workers of all his partners, for the events that reach partner support
    # without being about one woman; read only for those men (a month of his and
    # her missed questionnaires needs none of them).
    partner_workers = defaultdict(set)
    his_partners_told = {
        e.participant_id
        for e in events
        if e.pk not in hers and PARTNER_SUPPORT in audience_for(e.kind)
    }
    if his_partners_told:
        for participant_id, worker_id in Relationship.objects.filter(
            participant_id__in=many(his_partners_told),
            partner__partner_support_worker__is_active=True,
        ).values_list("participant_id", "partner__partner_support_worker_id"):
            partner_workers[participant_id].add(worker_id)
    managers = defaultdict(list)
    for org_id, user_id in User.objects.filter(
        organisation_id__in={e.organisation_id for e in events},
        role=User.Role.MANAGER,
        is_active=True,
    ).values_list("organisation_id", "pk"):
        managers[org_id].append(user_id)

    result = {}
    for event in events:
        audience = audience_for(event.kind)
        chosen: dict[int, str] = {}
        if MANAGER in audience:
            chosen.update(dict.fromkeys(managers[event.organisation_id], MANAGER))
        if PARTNER_SUPPORT in audience:
            # enquiries: an event about one woman reaches her worker only.
            his_partners = partner_workers[event.participant_id]  # enquiries
            for worker_id in hers.get(event.pk, his_partners):  # enquiries
                chosen[worker_id] = Alert.Reason.PARTNER_SUPPORT
        if reaches_caseworker(event):
            worker_id = caseworkers.get(event.participant_id)
            if worker_id:
                chosen[worker_id] = Alert.Reason.CASEWORKER
        if actor is not None:
            chosen.pop(actor.pk, None)
        if not chosen:
            # A risk signal must reach somebody: the managers hold unowned cases.
            chosen = dict.fromkeys(
                managers[event.organisation_id], Alert.Reason.FALLBACK
            )
            if actor is not None:
                chosen.pop(actor.pk, None)
        if not chosen:
            logger.warning("Risk event %s has nobody to alert", event.pk)
        result[event.pk] = chosen
    return result


def create_alerts(
    events: list[RiskEvent], *, actor: User | None = None, deliver: bool = True
) -> list[Alert]:
    """Write one alert per event and recipient, and send their e-mails on commit.

    `deliver=False` (demo data only) marks the e-mails as already sent.
    """
    recipients = recipients_for(events, actor=actor)
    emails = dict(
        User.objects.filter(
            pk__in={u for chosen in recipients.values() for u in chosen}
        ).values_list("pk", "email")
    )
    rows, their_events = [], []
    for event in events:
        for user_id, reason in recipients[event.pk].items():
            rows.append(
                {
                    "organisation_id": event.organisation_id,
                    "event_id": event.pk,
                    "recipient_id": user_id,
                    "reason": reason,
                    "email_status": (
                        Alert.EmailStatus.NO_ADDRESS
                        if not emails.get(user_id)
                        else Alert.EmailStatus.PENDING
                        if deliver
                        else Alert.EmailStatus.SENT
                    ),
                }
            )
            their_events.append(event)
    if not rows:
        return []
    alerts = insert_rows(Alert, rows)
    for alert, event in zip(alerts, their_events, strict=True):
        Alert.event.field.set_cached_value(alert, event)
    write_history(
        Alert.objects.filter(pk__in=many(a.pk for a in alerts)),
        user=actor,
        at=timezone.now(),
    )
    forget_open_alert_counts(a.recipient_id for a in alerts)  # badge
    enqueue_delivery(
        [a.pk for a in alerts if a.email_status == Alert.EmailStatus.PENDING]
    )
    return alerts


def enqueue_delivery(alert_ids: list[int]) -> None:
    """Queue the e-mails of these alerts once the transaction commits."""
    deliver_alert_emails = app.tasks[DELIVER_ALERT_EMAILS]
    for start in range(0, len(alert_ids), DELIVERY_CHUNK):
        deliver_alert_emails.delay_on_commit(alert_ids[start : start + DELIVERY_CHUNK])


@transaction.atomic
def claim_alert_email(
    *, ids: list[int] | None = None, now: datetime | None = None
) -> int | None:
    """Claim the next due alert e-mail for this worker, or None if none is left.

    One at a time, so that a worker lost mid-send holds only the e-mail it was
    sending: the others stay "pending" for the next task or the beat job, and
    only that one waits for its claim to go stale (STALE_CLAIM). The row is
    locked with SELECT ... FOR UPDATE SKIP LOCKED, and the update is conditional
    on the row still being due, so of two workers only the one whose update
    changed the row sends (SQLite, which has no row locks, included).
    """
    now = now or timezone.now()
    due = Alert.objects.email_due(now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    alert_id = (
        due.select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if alert_id is None:
        return None
    # E-mail bookkeeping is excluded from the alert's history on purpose.
    changed = (
        Alert.objects.email_due(now)
        .filter(pk=alert_id)
        .update(
            email_status=Alert.EmailStatus.SENDING,
            email_claimed_at=now,
            email_attempts=F("email_attempts") + 1,
        )
    )
    return alert_id if changed else None


def mark_email_sent(*, alert_id: int, now: datetime | None = None) -> None:
    Alert.objects.filter(pk=alert_id, email_status=Alert.EmailStatus.SENDING).update(
        email_status=Alert.EmailStatus.SENT, email_sent_at=now or timezone.now()
    )


def release_email_claim(*, alert_id: int, failed: bool = False) -> None:
    """Give a claimed e-mail back (to retry later), or mark it failed for good."""
    Alert.objects.filter(pk=alert_id, email_status=Alert.EmailStatus.SENDING).update(
        email_status=Alert.EmailStatus.FAILED if failed else Alert.EmailStatus.PENDING
    )
