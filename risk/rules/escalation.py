"""The escalation detector: alerts nobody acknowledged in time (hourly, apart from
the registered detectors; risk.services.escalate_unacknowledged_alerts)."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.db.models import Q
from django.utils.translation import gettext_noop

from accounts.models import Organisation
from risk.events import Detection, Kind
from risk.models import Alert
from risk.words import Words


def detect_unacknowledged_alerts_with_ids(
    *, now: datetime
) -> tuple[list[Detection], list[int]]:
    """Events with an alert nobody acknowledged within the organisation's hours
    (default 24), and those alerts' ids; escalations are not escalated again.

    Idempotent by the key unack:<event>: one escalation per event.
    """
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
            "event__enquiry_id",  # enquiries
            "event__partner_id",  # enquiries
            "event__complaint_id",  # complaints
            "event__kind",
            "event__visibility",
        )
    )
    by_event = defaultdict(list)
    for row in rows:
        by_event[row["event_id"]].append(row)
    detections = [
        escalation_of(
            SimpleNamespace(
                pk=event_id,
                **{
                    name.removeprefix("event__"): value
                    for name, value in group[0].items()
                    if name.startswith("event__")
                },
            ),
            occurred_on=now.date(),
        )
        for event_id, group in by_event.items()
    ]
    return detections, [row["pk"] for row in rows]


def escalation_of(event, *, occurred_on: date) -> Detection:
    """The escalation of one event whose alert nobody acknowledged in time: about
    what the event is about (a man, an enquiry, a woman or a complaint; an event
    about nobody is refused by risk_event_about_a_man_or_enquiry), behind the
    same side of the firewall. `event` is anything with the event's pk,
    organisation_id, participant_id, enquiry_id, partner_id, complaint_id, kind
    and visibility (the demo's seeder builds its escalations here too)."""
    return Detection(
        organisation_id=event.organisation_id,
        participant_id=event.participant_id,
        enquiry_id=event.enquiry_id,  # enquiries
        partner_id=event.partner_id,  # enquiries
        complaint_id=event.complaint_id,  # complaints
        kind=Kind.UNACKNOWLEDGED_ALERT,
        occurred_on=occurred_on,
        dedup_key=f"unack:{event.pk}",
        summary=Words.of(
            gettext_noop("An alert about “%(kind)s” was not acknowledged in time."),
            kind=Kind(event.kind).label,
        ),
        visibility=event.visibility,
        detector=detect_unacknowledged_alerts.__name__,
    )


def detect_unacknowledged_alerts(
    *, today: date | None = None, now: datetime
) -> list[Detection]:
    """The escalation detector as scan_risk lists it (see the function above);
    idempotent by the key unack:<event>."""
    return detect_unacknowledged_alerts_with_ids(now=now)[0]
