"""The demo's risk events and alerts, written in bulk and already dated.

What a worker reported and what every detector finds (`risk.rules.DETECTORS`, in
their order, over all organisations) is written here instead of through
`risk.outbox.record_events`: the same rows, with the detectors' own dedup keys
(so a later `scan_risk` finds every fact known and writes nothing), the same
recipients (`outbox.recipients_for`, the firewall included) and the same
monitoring periods, but by the loader (COPY on PostgreSQL) and with the dates
they would have had. Each event is dated from what happened (a detector finds a
fact within a day of it; a hearing to come was found in the last few days), its
alerts and period from the event, and each alert is acknowledged or resolved with
a likelihood that grows with its age: never acknowledged before it was raised,
never resolved before it was acknowledged, each change in its history by its
recipient. An alert still open past its organisation's acknowledgement limit was
escalated then, with the escalation event `detect_unacknowledged_alerts` would
have recorded. Keys already in the database (events the services wrote during
this run, whose e-mails are pending and which keep their real times) are left
alone, as the outbox's ON CONFLICT DO NOTHING leaves them.
"""

import hashlib
import struct
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.utils import timezone

from accounts.models import Organisation, User
from demo.context import DemoContext
from demo.load import UUID_CLEAR, UUID_SET
from risk import outbox
from risk.events import PREGNANCY_MONITORING_DAYS, Detection
from risk.models import Alert, MonitoringPeriod, RiskEvent, RiskSettings
from risk.rules import DETECTORS
from risk.rules.escalation import escalation_of
from risk.words import Summaries

Kind = RiskEvent.Kind
WORDS = struct.Struct("<8I")
# Likelihood that an alert of this age (days) has been acknowledged by now.
ACKNOWLEDGED_BY_AGE = [(1, 0.4), (3, 0.7), (7, 0.85), (None, 0.97)]
RESOLUTION = "Discussed in supervision; plan updated (demo)."
# The columns every alert's row is given (the others start at their defaults:
# not acknowledged, resolved or escalated, no note, no e-mail attempt).
ALERT_GIVEN = [
    "id",
    "uuid",
    "organisation_id",
    "event_id",
    "recipient_id",
    "reason",
    "status",
    "email_status",
    "created_at",
]
HOURS_20, DAYS_7, DAYS_10 = timedelta(hours=20), timedelta(days=7), timedelta(days=10)
OPEN, ACKNOWLEDGED, RESOLVED = (
    Alert.Status.OPEN,
    Alert.Status.ACKNOWLEDGED,
    (Alert.Status.RESOLVED),
)


class Recorder:
    """Writes detections as dated events, periods and alerts; remembers the alerts
    left open past their limit for `escalate`."""

    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.known = set(RiskEvent.objects.values_list("organisation_id", "dedup_key"))
        self.limits = {
            pk: timedelta(hours=hours)
            for pk, hours in Organisation.objects.values_list(
                "pk", "alert_acknowledge_hours"
            )
        }
        self.settings = RiskSettings.by_organisation(list(self.limits))
        self.emails = dict(User.objects.values_list("pk", "email"))
        # event pk -> (the event, when its first alert was escalated)
        self.late: dict[int, tuple[SimpleNamespace, datetime]] = {}
        self.events = 0
        self.alerts = 0
        self.template, self.columns = ctx.loader.row_template(Alert, ALERT_GIVEN)

    def run_detectors(self) -> None:
        """Every detector in order, each seeing what the ones before wrote, and
        again until a run finds nothing new, as beat's next runs would (a period
        a later detector opens is checked by an earlier one's next run)."""
        ctx = self.ctx
        # The events written when each detector last started. A detector reads
        # only what is in the database, and all this run writes comes with new
        # events: one that started after the last of them would find again just
        # what it found, so it is not run again (the run that used to follow
        # the last change only to find nothing).
        started: dict = {}
        for _run in range(5):
            for detector in DETECTORS:
                if started.get(detector) == self.events:
                    continue
                started[detector] = self.events
                self.record(detector(today=ctx.today, now=ctx.now))
            if all(started[d] == self.events for d in DETECTORS):
                return

    def record(self, detections: list[Detection], *, raised=None) -> None:
        """Write the new detections (known keys skipped) and flush them."""
        ctx, loader = self.ctx, self.ctx.loader
        unique = {}
        for d in detections:
            key = (d.organisation_id, d.dedup_key)
            if key not in self.known:
                unique[key] = d
        if not unique:
            return
        self.known.update(unique)
        summaries = Summaries(d.organisation_id for d in unique.values())
        events = []
        for key in sorted(unique):
            d = unique[key]
            # Drawn from the fact, not its key: keys hold primary keys, some of
            # rows the services wrote, which differ after a rollback.
            fact = (d.organisation_id, d.participant_id, d.kind, d.occurred_on)
            rng = _draws(ctx, *fact)
            created = raised(d) if raised else _raised(ctx, rng, d)
            pk = loader.add(
                RiskEvent,
                uuid=_uuid(ctx, *key),
                **d.event_fields(summaries),
                created_at=created,
            )
            event = SimpleNamespace(
                pk=pk,
                organisation_id=d.organisation_id,
                participant_id=d.participant_id,
                enquiry_id=d.enquiry_id,  # enquiries: outbox.her_workers reads them
                partner_id=d.partner_id,  # enquiries
                complaint_id=d.complaint_id,  # complaints
                kind=d.kind,
                visibility=d.visibility,
                dedup_key=d.dedup_key,
                fact=fact,
                created_at=created,
            )
            self._period(event, d)
            events.append(event)
        recipients = outbox.recipients_for(events)
        for event in events:
            for user, reason in recipients[event.pk].items():
                self._alert(event, user, reason, escalate=raised is None)
        self.events += len(events)
        loader.flush(RiskEvent, MonitoringPeriod, Alert)

    def _period(self, event, d: Detection) -> None:
        """The monitoring period `outbox.open_monitoring_periods` would open."""
        config = self.settings[event.organisation_id]
        if d.kind == Kind.PREGNANCY:
            days = PREGNANCY_MONITORING_DAYS
        elif d.kind in (config.monitoring_event_kinds or []):
            days = config.monitoring_days
        else:
            return
        self.ctx.loader.add(
            MonitoringPeriod,
            uuid=_uuid(self.ctx, d.organisation_id, d.dedup_key, "period"),
            organisation_id=d.organisation_id,
            participant_id=d.participant_id,
            event_id=event.pk,
            reason=d.kind,
            visibility=d.visibility,
            starts_on=d.occurred_on,
            ends_on=d.occurred_on + timedelta(days=days),
            contact_every_days=config.monitoring_contact_days,
            review_within_days=config.monitoring_review_days,
            created_at=event.created_at,
        )

    def _alert(self, event, user: int, reason: str, *, escalate: bool) -> None:
        """One alert, its "+" history row as raised, and a row per later change."""
        ctx, loader = self.ctx, self.ctx.loader
        created = event.created_at
        age = ctx.now - created
        rng = _draws(ctx, *event.fact, user)
        # The row in its table's column order (as loader.add would make it, a
        # third of the time).
        at = self.columns
        alert = self.template.copy()
        alert[at["id"]] = loader.pk(Alert)
        alert[at["uuid"]] = _uuid(ctx, event.organisation_id, event.dedup_key, user)
        alert[at["organisation_id"]] = event.organisation_id
        alert[at["event_id"]] = event.pk
        alert[at["recipient_id"]] = user
        alert[at["reason"]] = reason
        alert[at["status"]] = OPEN
        alert[at["created_at"]] = created
        history = [loader.history_row(Alert, alert, created, "+", None)]
        if rng.random() < _acknowledged_share(age):
            delay = min(age, HOURS_20) * rng.uniform(0.02, 1.0)
            acknowledged = created + delay
            alert[at["status"]] = ACKNOWLEDGED
            alert[at["acknowledged_at"]] = acknowledged
            history.append(loader.history_row(Alert, alert, acknowledged, "~", user))
            if rng.random() < (0.8 if age > DAYS_7 else 0.3):
                left = ctx.now - acknowledged
                resolved = acknowledged + min(left, DAYS_10) * rng.uniform(0.05, 1.0)
                alert[at["status"]] = RESOLVED
                alert[at["resolved_at"]] = resolved
                alert[at["resolution_note"]] = RESOLUTION
                history.append(loader.history_row(Alert, alert, resolved, "~", user))
        elif escalate and age > self.limits[event.organisation_id]:
            # A marker the escalation writes without a history row, as
            # risk.services.escalate_unacknowledged_alerts does.
            escalated = created + self.limits[event.organisation_id]
            alert[at["escalated_at"]] = escalated
            first = self.late.get(event.pk)
            if first is None or escalated < first[1]:
                self.late[event.pk] = (event, escalated)
        alert[at["email_status"]] = (
            Alert.EmailStatus.SENT
            if self.emails.get(user)
            else Alert.EmailStatus.NO_ADDRESS
        )
        loader.queue(Alert, alert, history)
        self.alerts += 1

    def escalate(self) -> None:
        """The escalation of each event with an alert left open past its limit,
        made by `risk.rules.escalation.escalation_of` as the detector makes it,
        raised when its first alert was escalated; its own alerts are not
        escalated again."""
        if not self.late:
            return
        detections, when = [], {}
        for event, at in self.late.values():
            detection = escalation_of(event, occurred_on=timezone.localdate(at))
            detections.append(detection)
            when[detection.dedup_key] = at
        self.late = {}
        now = self.ctx.now
        self.record(
            detections,
            raised=lambda d: min(when[d.dedup_key], now - timedelta(minutes=5)),
        )


def _draws(ctx: DemoContext, *key) -> "Draws":
    """Draws of their own for one event or alert: detectors return rows in no
    fixed order, so one shared sequence of draws would differ run to run."""
    key_bytes = repr((ctx.seed, *key)).encode()
    return Draws(hashlib.blake2b(key_bytes, digest_size=32).digest())


class Draws:
    """Up to eight uniform draws, the words of one hash: a hash per alert costs
    a tenth of seeding a random.Random per alert."""

    __slots__ = ("next", "words")

    def __init__(self, digest: bytes):
        self.words = WORDS.unpack(digest)
        self.next = 0

    def random(self) -> float:
        word = self.words[self.next]
        self.next += 1
        return word / 4294967296.0

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int, step: int = 1) -> int:
        return start + step * int(self.random() * ((stop - start + step - 1) // step))


def _uuid(ctx: DemoContext, *key) -> str:
    """A (version 4) UUID of its own for one row, from its key."""
    digest = hashlib.blake2b(repr((ctx.seed, *key)).encode(), digest_size=16)
    return f"{int.from_bytes(digest.digest(), 'big') & UUID_CLEAR | UUID_SET:032x}"


def _raised(ctx: DemoContext, rng: "Draws", d: Detection) -> datetime:
    """When the event was recorded: within a day of what happened."""
    day = d.occurred_on
    if day > ctx.today:
        # Found in the last days (a hearing coming up within the window).
        return ctx.now - timedelta(minutes=rng.randint(30, 3 * 24 * 60))
    return ctx.at(day, rng.randint(8, 20), rng.randrange(0, 60, 15))


def _acknowledged_share(age: timedelta) -> float:
    for limit, share in ACKNOWLEDGED_AGES:
        if limit is None or age < limit:
            return share
    return 1.0


ACKNOWLEDGED_AGES = [
    (None if days is None else timedelta(days=days), share)
    for days, share in ACKNOWLEDGED_BY_AGE
]
