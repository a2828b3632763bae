"""Detectors of facts in the man's case: separation, absences, status, dates to come."""

from datetime import date, datetime, timedelta

from django.db.models import F, Q, Window
from django.db.models.functions import Lag
from django.utils.translation import gettext_noop

from participants.models import ChildOrder, StatusChange
from partner_contact.models import Relationship
from programmes.models import Attendance, Session
from risk.events import (
    OPEN_STATUSES,
    STATUS_EVENT_KINDS,
    Detection,
    Kind,
    separation_detection,
    status_move_detection,
)
from risk.models import RiskEvent
from risk.rules.registry import (
    ABSENCE_WINDOW,
    RECENT,
    SEPARATION_RECENT,
    detector,
    settings_for_all,
)
from risk.words import Words


@detector
def detect_separations(*, today: date, now: datetime) -> list[Detection]:
    """A relationship recorded as separated or separation announced (90 days).

    Idempotent by the key separation:<relationship>:<stage>:<date>, the same key
    the separation_recorded receiver uses, so the two never both create an event.
    """
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


@detector
def detect_missed_sessions(*, today: date, now: datetime) -> list[Detection]:
    """Two unexcused absences in a row at held sessions (the later one recent).

    Idempotent by the key absences:<attendance of the second absence>.
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
            summary=Words.of(gettext_noop("Two unexcused absences in a row.")),
        )
        for row in rows
        if row["status"] == Attendance.Status.UNEXCUSED
        and row["session__date"] > today - RECENT
    ]


@detector
def detect_status_moves(*, today: date, now: datetime) -> list[Detection]:
    """Drop-out, exclusion, suspension or completion in the last 30 days.

    Idempotent by the key status:<status change>, as the status_changed receiver
    uses.
    """
    rows = StatusChange.objects.filter(
        to_status__in=list(STATUS_EVENT_KINDS),
        effective_on__gt=today - RECENT,
        effective_on__lte=today,
        approval__in=[StatusChange.Approval.NOT_NEEDED, StatusChange.Approval.APPROVED],
    ).values("pk", "organisation_id", "participant_id", "to_status", "effective_on")
    return [
        status_move_detection(
            status_change_id=row["pk"],
            organisation_id=row["organisation_id"],
            participant_id=row["participant_id"],
            to_status=row["to_status"],
            effective_on=row["effective_on"],
        )
        for row in rows
    ]


@detector
def detect_hearings_soon(*, today: date, now: datetime) -> list[Detection]:
    """A court or child-contact hearing, or a release from custody, within the
    organisation's warning days (default 14); and, from a child's court orders
    and protection plans (participants.ChildOrder), a next hearing or an order
    ending within those days, for an open man's case.

    Idempotent by the keys soon:<event>, order-hearing:<order>:<date> and
    order-expiry:<order>:<date>: a hearing moved to a new date warns again.
    """
    settings = settings_for_all()
    horizon = max((s.warning_days for s in settings.values()), default=14)
    return events_soon(today, settings, horizon) + child_orders_soon(
        today, settings, horizon
    )


def events_soon(today: date, settings: dict, horizon: int) -> list[Detection]:
    """Hearings and releases recorded as risk events, within the warning days."""
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
            summary=Words.of(
                gettext_noop("%(kind)s on %(date)s."),
                kind=Kind(row["kind"]).label,
                date=row["occurred_on"],
            ),
            visibility=row["visibility"],
        )
        for row in rows
        if row["occurred_on"]
        <= today + timedelta(days=settings[row["organisation_id"]].warning_days)
    ]


def child_orders_soon(today: date, settings: dict, horizon: int) -> list[Detection]:
    """A child's order with its next hearing, or its end, within the warning days
    (child_orders): one query for both."""
    until = today + timedelta(days=horizon)
    rows = (
        ChildOrder.objects.filter(child__participant__status__in=OPEN_STATUSES)
        .filter(
            Q(next_hearing_on__gte=today, next_hearing_on__lte=until)
            | Q(expires_on__gte=today, expires_on__lte=until)
        )
        .values(
            "pk",
            "organisation_id",
            "child__participant_id",
            "kind",
            "next_hearing_on",
            "expires_on",
        )
    )
    found = []
    for row in rows:
        warn_until = today + timedelta(
            days=settings[row["organisation_id"]].warning_days
        )
        order_kind = ChildOrder.Kind(row["kind"]).label
        for day, kind, key, words in (
            (
                row["next_hearing_on"],
                Kind.HEARING_SOON,
                "order-hearing",
                gettext_noop("%(order)s: hearing on %(date)s."),
            ),
            (
                row["expires_on"],
                Kind.ORDER_EXPIRING,
                "order-expiry",
                gettext_noop("%(order)s ends on %(date)s."),
            ),
        ):
            if day is None or not today <= day <= warn_until:
                continue
            found.append(
                Detection(
                    organisation_id=row["organisation_id"],
                    participant_id=row["child__participant_id"],
                    kind=kind,
                    occurred_on=day,
                    dedup_key=f"{key}:{row['pk']}:{day.isoformat()}",
                    summary=Words.of(words, order=order_kind, date=day),
                )
            )
    return found
