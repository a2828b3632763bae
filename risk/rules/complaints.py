"""The detector of complaints whose response deadline passed unanswered."""

from datetime import date, datetime, timedelta

from django.utils.translation import gettext_noop

from complaints.models import Complaint
from risk.events import Detection, Kind
from risk.models import RiskEvent, Visibility
from risk.rules.registry import detector
from risk.words import Words


@detector
def detect_overdue_complaints(*, today: date, now: datetime) -> list[Detection]:
    """A complaint still unanswered the day after its response deadline (the
    organisation's working days, with its holidays): an alert to the managers.

    Idempotent by the key complaint:<complaint>:overdue, one event per complaint
    however long it stays unanswered. The summary holds none of the complaint's
    words; one about partner support or from her is firewalled like her records.
    """
    found = Complaint.objects.overdue(today).only(
        "pk",
        "organisation_id",
        "response_due_on",
        "received_on",
        "source",
        "about_partner_service",
    )
    return [
        Detection(
            organisation_id=complaint.organisation_id,
            participant_id=None,
            complaint_id=complaint.pk,
            kind=Kind.COMPLAINT_OVERDUE,
            occurred_on=complaint.response_due_on + timedelta(days=1),
            dedup_key=f"complaint:{complaint.pk}:overdue",
            summary=Words.of(
                gettext_noop(
                    "A complaint received on %(received)s has had no response by "
                    "%(due)s."
                ),
                received=complaint.received_on,
                due=complaint.response_due_on,
            ),
            visibility=(
                Visibility.PARTNER_SUPPORT_ONLY
                if complaint.is_behind_firewall
                else Visibility.PROGRAMME
            ),
            source=RiskEvent.Source.DETECTOR,
        )
        for complaint in found
    ]
