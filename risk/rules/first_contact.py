"""The first contact owed to a woman: after her link to a man's case or his
start, and after her own enquiry (enquiries)."""

from datetime import date, datetime, timedelta

from django.db.models import F
from django.utils.translation import gettext_noop

from enquiries.models import Enquiry
from partner_contact.models import Relationship
from partner_contact.worklist import awaiting_first_contact
from risk.events import Detection, Kind
from risk.models import Visibility
from risk.rules.registry import detector
from risk.words import Words


@detector
def detect_first_contact_overdue(*, today: date, now: datetime) -> list[Detection]:
    """A woman not offered contact in time: linked to a newly referred or active
    man with no contact attempt within her organisation's
    `first_partner_contact_days` of the link (or of his start, if later: the
    worklist's first_contact_clock), or an open enquiry nobody tried to answer by
    its first-contact deadline (the organisation's working days). Her
    partner-support worker is alerted (every partner-support worker while nobody
    holds her); an alert left unacknowledged escalates to the managers like any.

    Idempotent by the keys first-contact:<relationship>:<clock start> (a new
    clock when he starts is a new fact) and first-contact:enquiry:<enquiry>.
    """
    detections = []
    links = (
        awaiting_first_contact(Relationship.objects.all())
        .filter(clock_start__lt=today)
        .annotate(limit=F("organisation__first_partner_contact_days"))
        .values(
            "pk",
            "organisation_id",
            "participant_id",
            "partner_id",
            "clock_start",
            "limit",
        )
    )
    for row in links:
        due = row["clock_start"] + timedelta(days=row["limit"])
        if due >= today:
            continue
        detections.append(
            Detection(
                organisation_id=row["organisation_id"],
                participant_id=row["participant_id"],
                partner_id=row["partner_id"],
                kind=Kind.FIRST_CONTACT_OVERDUE,
                occurred_on=due,
                dedup_key=(
                    f"first-contact:{row['pk']}:{row['clock_start'].isoformat()}"
                ),
                summary=Words.of(
                    gettext_noop(
                        "No first contact with his partner within %(days)s days of "
                        "the link or of his start."
                    ),
                    days=row["limit"],
                ),
                visibility=Visibility.PARTNER_SUPPORT_ONLY,
            )
        )
    enquiries = (
        Enquiry.objects.first_contact_overdue(today)
        .order_by()
        .values("pk", "organisation_id", "first_contact_due")
    )
    detections += [
        Detection(
            organisation_id=row["organisation_id"],
            participant_id=None,
            enquiry_id=row["pk"],
            kind=Kind.FIRST_CONTACT_OVERDUE,
            occurred_on=row["first_contact_due"],
            dedup_key=f"first-contact:enquiry:{row['pk']}",
            summary=Words.of(
                gettext_noop("No first contact by the enquiry's deadline.")
            ),
            visibility=Visibility.PARTNER_SUPPORT_ONLY,
        )
        for row in enquiries
    ]
    return detections
