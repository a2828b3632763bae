"""The escalation detector: alerts nobody acknowledged in time (hourly, apart from
the registered detectors; risk.services.escalate_unacknowledged_alerts)."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Organisation
from risk.events import Detection, Kind
from risk.models import Alert


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
        Detection(
            organisation_id=group[0]["event__organisation_id"],
            participant_id=group[0]["event__participant_id"],
            enquiry_id=group[0]["event__enquiry_id"],  # enquiries
            partner_id=group[0]["event__partner_id"],  # enquiries
            # An event about a complaint names no man: the escalation names
            # the complaint, or it would be about nobody (and refused).
            complaint_id=group[0]["event__complaint_id"],  # complaints
            kind=Kind.UNACKNOWLEDGED_ALERT,
            occurred_on=now.date(),
            dedup_key=f"unack:{event_id}",
            summary=_("An alert about “%(kind)s” was not acknowledged in time.")
            % {"kind": Kind(group[0]["event__kind"]).label},
            visibility=group[0]["event__visibility"],
            detector=detect_unacknowledged_alerts.__name__,
        )
        for event_id, group in by_event.items()
    ]
    return detections, [row["pk"] for row in rows]


def detect_unacknowledged_alerts(
    *, today: date | None = None, now: datetime
) -> list[Detection]:
    """The escalation detector as scan_risk lists it (see the function above);
    idempotent by the key unack:<event>."""
    return detect_unacknowledged_alerts_with_ids(now=now)[0]
