"""The transactional outbox: risk events, their alerts and e-mail claims.

`record_events` inserts events with INSERT ... ON CONFLICT DO NOTHING on the
(organisation, dedup_key) constraint, then writes alerts only for the rows this
call inserted, in the same transaction. A repeat detection inserts nothing and so
alerts nobody twice; a crash rolls events and alerts back together. E-mails are
sent later from the alert rows (risk.tasks), claimed so that each is sent once.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, models, transaction
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User
from config.celery import app
from enquiries.models import Enquiry  # enquiries
from participants.models import Participant
from partner_contact.models import Partner, Relationship  # enquiries: Partner
from risk.badge import forget_open_alert_counts  # badge
from risk.events import (
    CASEWORKER,
    MANAGER,
    PARTNER_SUPPORT,
    PREGNANCY_MONITORING_DAYS,
    Detection,
    audience_for,
)
from risk.models import Alert, MonitoringPeriod, RiskEvent, RiskSettings, Visibility

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
    now = now or timezone.now()
    batch = uuid.uuid4()
    unique = {(d.organisation_id, d.dedup_key): d for d in detections}
    insert_all(
        [RiskEvent(**d.event_fields(), batch=batch) for d in unique.values()],
        ignore_conflicts=True,
    )
    # Rows of this batch are exactly the ones inserted now; a conflicting key
    # kept its older row, whose batch differs.
    events = list(RiskEvent.objects.filter(batch=batch))
    if not events:
        return Recorded()
    write_history(RiskEvent.objects.filter(batch=batch), user=actor, at=now)
    periods = open_monitoring_periods(events)
    alerts = create_alerts(events, actor=actor, deliver=deliver)
    return Recorded(events=events, alerts=alerts, periods=periods)


def many(ids: Iterable[int]) -> list[int] | RawSQL:
    """The right-hand side of `__in` for many ids: on PostgreSQL one array
    parameter, where a list is a placeholder per id for Django and the driver to
    prepare (tens of thousands for a month of missed questionnaires)."""
    ids = list(ids)
    if connection.vendor != "postgresql":
        return ids
    return RawSQL("SELECT unnest(%s::bigint[])", [ids])


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
    men = {d.participant_id for d in found}
    restricted_men = set(
        Participant.objects.filter(
            pk__in=many(men), processing_restricted_at__isnull=False
        ).values_list("pk", flat=True)
    )
    # Men whose (ex-)partner's record is restricted, and her contacts' ids.
    restricted_links = Relationship.objects.filter(
        participant_id__in=many(men),
        partner__processing_restricted_at__isnull=False,
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


def recipients_for(events: list[RiskEvent], *, actor: User | None = None) -> dict:
    """event pk -> {user pk: reason}, in three queries for any number of events
    (up to three more for events about one woman or enquiry: her_workers)."""
    participant_ids = {e.participant_id for e in events}
    caseworkers = dict(
        Participant.objects.filter(
            pk__in=many(participant_ids), caseworker__is_active=True
        ).values_list("pk", "caseworker_id")
    )
    partner_workers = defaultdict(set)
    for participant_id, worker_id in Relationship.objects.filter(
        participant_id__in=many(participant_ids),
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

    hers = her_workers(events)  # enquiries
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
        # The firewall: a partner-side event never reaches the man's caseworker.
        if CASEWORKER in audience and event.visibility == Visibility.PROGRAMME:
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
    alerts = [
        Alert(
            organisation_id=event.organisation_id,
            event=event,
            recipient_id=user_id,
            reason=reason,
            email_status=(
                Alert.EmailStatus.NO_ADDRESS
                if not emails.get(user_id)
                else Alert.EmailStatus.PENDING
                if deliver
                else Alert.EmailStatus.SENT
            ),
        )
        for event in events
        for user_id, reason in recipients[event.pk].items()
    ]
    if not alerts:
        return []
    insert_all(alerts)
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


# Fields whose Python values the database driver takes as they are.
PLAIN_FIELDS = (
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
    models.UUIDField,
)


def insert_all(objs: list, *, ignore_conflicts: bool = False) -> None:
    """bulk_create for the outbox's many rows: on PostgreSQL one INSERT over a
    column array per field (unnest), with the primary keys set on the objects
    (none with `ignore_conflicts`). bulk_create prepares each field of each row
    in Python and sends a parameter per value: for a month of missed
    questionnaires (90,000 events and alerts), most of the run's time."""
    if connection.vendor != "postgresql":
        type(objs[0]).objects.bulk_create(objs, ignore_conflicts=ignore_conflicts)
        return
    meta = objs[0]._meta
    now = timezone.now()
    quote = connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if f is not meta.auto_field]
    arrays, columns = [], []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
        values = [getattr(obj, f.attname) for obj in objs]
        if not isinstance(f, PLAIN_FIELDS):
            values = [f.get_db_prep_save(v, connection) for v in values]
        arrays.append(values)
        columns.append((quote(f.column), f.db_type(connection)))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(c for c, _t in columns)}) "  # noqa: S608
        f"SELECT * FROM unnest({', '.join(f'%s::{t}[]' for _c, t in columns)})"
    )
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    else:
        sql += f" RETURNING {quote(meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
        if ignore_conflicts:
            return
        # Rows come back in the order of the arrays, as bulk_create assumes too.
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = connection.alias


def write_history(rows: QuerySet, *, user: User | None, at: datetime) -> int:
    """The "created" history row of each of these rows, as simple_history's
    bulk_history_create writes it (no change reason), in one INSERT ... SELECT:
    a model instance per row cost more than the rows themselves (a month of
    missed questionnaires: 90,000 history rows)."""
    history = rows.model.history.model
    fields = history.tracked_fields
    source, params = (
        rows.order_by("pk")
        .values_list(*[f.attname for f in fields])
        .query.sql_with_params()
    )
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields] + [
        quote("history_date"),
        quote("history_user_id"),
        quote("history_change_reason"),
        quote("history_type"),
    ]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT source.*, %s, %s, %s, %s FROM ({source}) AS source"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [at, user.pk if user else None, "", "+", *params])
        return cursor.rowcount


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
