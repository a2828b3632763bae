"""Complaints and letters to referrers in the security suite's seeded world
(tests/security/conftest.py build_world): a complaint anyone of the case roles
sees, one about partner support with markers (firewalled), a compliment, and a
drafted letter on his referral."""

from complaints.models import Complaint
from referrals import letters
from referrals.models import LetterEvent
from tests.complaints.factories import (
    ComplaintFactory,
    ComplimentFactory,
    PartnerServiceComplaintFactory,
)


def add_complaint_records(o, *, org, cw, ps, today, marker) -> None:
    o.complaint = ComplaintFactory(
        organisation=org,
        recorded_by=cw,
        participant=o.man,
        summary="Group room too cold",
        received_on=today,
    )
    o.compliment = ComplimentFactory(
        organisation=org, recorded_by=cw, received_on=today
    )
    o.partner_complaint = PartnerServiceComplaintFactory(
        organisation=org,
        recorded_by=ps,
        source=Complaint.Source.WOMAN,
        summary=marker("complaintsummary"),
        details=marker("complaintdetails"),
        from_name=marker("complaintname"),
        received_on=today,
    )
    o.letter = letters.draft_letter(
        referral=o.his_referral,
        event=LetterEvent.ACCEPTED,
        event_key="decision:world",
        event_on=today,
        outcome="Meets the programme's criteria",
        actor=cw,
    )
