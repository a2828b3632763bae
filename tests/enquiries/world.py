"""What the security suite's seeded organisations hold of enquiries: a public
contact page, an enquiry a worker took with a marker in every field of hers and
past its first-contact deadline (so the detector alerts on it), a request from the
public page (alerted at once), and a closed enquiry (its reopen button)."""

import datetime

from enquiries import services
from enquiries.models import Enquiry


def add_enquiry_records(o, *, org, ps, marker, phone_digits, today) -> None:
    # The slug carries no marker: a public address is no secret of hers.
    org.public_contact_slug = marker("contact").replace("_", "-")
    org.emergency_numbers = "Emergency: 999 (fictional)"
    org.save(update_fields=["public_contact_slug", "emergency_numbers"])
    o.contact_slug = org.public_contact_slug
    o.enquiry = services.record_enquiry(
        organisation=org,
        actor=ps,
        contacted=False,
        received_at=datetime.datetime.combine(
            today - datetime.timedelta(days=6),
            datetime.time(10),
            tzinfo=datetime.UTC,
        ),
        channel=Enquiry.Channel.AGENCY,
        on_behalf=True,
        referrer=marker("enquiryreferrer"),
        name=f"Firewallia {marker('enquiryname')}",
        reach_by=Enquiry.ReachBy.PHONE,
        phone=f"07700 {phone_digits}",
        email=f"{marker('enquiryemail')}@example.org",
        safe_times=marker("enquirysafetimes"),
        concerns=marker("enquiryconcerns"),
        notes=marker("enquirynotes"),
        language=marker("enquirylanguage"),
    )
    o.public_enquiry = services.receive_public_enquiry(
        organisation=org,
        name=marker("publicname"),
        reach_by=Enquiry.ReachBy.EMAIL,
        email=f"{marker('publicemail')}@example.org",
        concerns=marker("publicconcerns"),
    )
    o.closed_enquiry = services.record_enquiry(
        organisation=org,
        actor=ps,
        channel=Enquiry.Channel.PHONE,
        name=marker("closedname"),
        outcome=Enquiry.Outcome.INFORMATION_GIVEN,
    )
    services.update_enquiry(enquiry=o.closed_enquiry, actor=ps, close=True)
