"""Enquiry services: recording, deadlines in working days, first contact, closing,
linking her to a man's case without typing her details again, report figures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import PublicHoliday
from enquiries import services
from enquiries.models import Enquiry
from partner_contact.models import Partner, Relationship
from risk.models import Alert, RiskEvent
from tests.enquiries.factories import (
    ClosedEnquiryFactory,
    ContactedEnquiryFactory,
    EnquiryFactory,
)
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def test_a_recorded_phone_enquiry_is_her_first_contact(org, partner_worker):
    enquiry = services.record_enquiry(
        organisation=org,
        actor=partner_worker,
        channel=Enquiry.Channel.PHONE,
        name="Testenquirer (fictional)",
        phone="07700 900222",
        concerns="Worried about his temper (fictional)",
        offered_safety_planning=True,
    )
    enquiry.refresh_from_db()
    assert enquiry.first_contact_at == enquiry.received_at
    assert enquiry.assigned_to == partner_worker
    assert enquiry.recorded_by == partner_worker
    assert enquiry.offers == ["safety planning"]
    # Her words are stored encrypted, read back in clear.
    assert enquiry.concerns == "Worried about his temper (fictional)"


def test_her_details_are_encrypted_at_rest(org, partner_worker):
    from django.db import connection

    enquiry = services.record_enquiry(
        organisation=org,
        actor=partner_worker,
        channel=Enquiry.Channel.EMAIL,
        name="Cipher (fictional)",
        email="cipher@example.org",
        concerns="SECRET-WORDS",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, concerns FROM enquiries_enquiry WHERE id = %s",
            [enquiry.pk],
        )
        email, concerns = cursor.fetchone()
    assert "cipher@example.org" not in email
    assert "SECRET-WORDS" not in concerns


def test_an_agency_enquiry_waits_for_its_first_contact(org, partner_worker):
    enquiry = services.record_enquiry(
        organisation=org,
        actor=partner_worker,
        contacted=False,
        channel=Enquiry.Channel.AGENCY,
        on_behalf=True,
        referrer="A health visitor (fictional)",
        name="Agencyreferred (fictional)",
    )
    assert enquiry.first_contact_at is None
    assert Enquiry.objects.awaiting_first_contact().filter(pk=enquiry.pk).exists()


def test_an_enquiry_cannot_be_received_in_the_future(org, partner_worker):
    with pytest.raises(ValidationError):
        services.record_enquiry(
            organisation=org,
            actor=partner_worker,
            received_at=timezone.now() + datetime.timedelta(hours=1),
            channel=Enquiry.Channel.PHONE,
            name="Later (fictional)",
        )


def test_the_deadline_skips_weekends_and_the_organisations_holidays(org):
    org.enquiry_first_contact_working_days = 1
    org.save()
    # Friday 4 December 2026: the next working day is Monday 7th...
    assert services.first_contact_due(org, at(2026, 12, 4)) == datetime.date(
        2026, 12, 7
    )
    # ...unless Monday is one of the organisation's holidays.
    PublicHoliday.objects.create(
        organisation=org, date=datetime.date(2026, 12, 7), name="Test holiday"
    )
    assert services.first_contact_due(org, at(2026, 12, 4)) == datetime.date(
        2026, 12, 8
    )


def test_the_deadline_counts_from_the_organisations_own_date(org):
    org.time_zone = "Pacific/Auckland"
    org.enquiry_first_contact_working_days = 2
    org.save()
    # 20:00 UTC on Wednesday is already Thursday in Auckland.
    moment = datetime.datetime(2026, 12, 2, 20, tzinfo=datetime.UTC)
    assert services.first_contact_due(org, moment) == datetime.date(2026, 12, 7)


def test_a_public_request_alerts_the_partner_support_workers_only(
    org, partner_worker, make_user, caseworker, facilitator, manager
):
    colleague = make_user("partner_support", username="t-partner-two")
    enquiry = services.receive_public_enquiry(
        organisation=org,
        name="Publicname (fictional)",
        reach_by=Enquiry.ReachBy.PHONE,
        phone="07700 900333",
        concerns="PUBLIC-WORDS",
    )
    assert enquiry.channel == Enquiry.Channel.PUBLIC_PAGE
    assert enquiry.recorded_by is None
    event = RiskEvent.objects.get(enquiry=enquiry)
    assert event.participant is None
    assert "PUBLIC-WORDS" not in event.summary
    recipients = set(
        Alert.objects.filter(event=event).values_list("recipient", flat=True)
    )
    assert recipients == {partner_worker.pk, colleague.pk}


def test_a_public_request_with_no_partner_support_worker_reaches_the_managers(
    org, manager, caseworker
):
    enquiry = services.receive_public_enquiry(
        organisation=org,
        name="Nobodyhome (fictional)",
        reach_by="email",
        email="n@example.org",
    )
    recipients = set(
        Alert.objects.filter(event__enquiry=enquiry).values_list("recipient", flat=True)
    )
    assert recipients == {manager.pk}


def test_first_contact_is_recorded_once_and_takes_the_enquiry_on(org, partner_worker):
    enquiry = EnquiryFactory(
        organisation=org,
        assigned_to=None,
        received_at=timezone.now() - datetime.timedelta(hours=1),
    )
    first = timezone.now() - datetime.timedelta(minutes=5)
    services.record_first_contact(enquiry=enquiry, actor=partner_worker, at=first)
    services.record_first_contact(enquiry=enquiry, actor=partner_worker)
    enquiry.refresh_from_db()
    assert enquiry.first_contact_at == first
    assert enquiry.assigned_to == partner_worker


def test_a_contact_before_the_enquiry_is_refused(org, partner_worker):
    enquiry = EnquiryFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.record_first_contact(
            enquiry=enquiry,
            actor=partner_worker,
            at=enquiry.received_at - datetime.timedelta(days=1),
        )


def test_closing_needs_an_outcome_and_can_be_undone(org, partner_worker):
    enquiry = ContactedEnquiryFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.update_enquiry(enquiry=enquiry, actor=partner_worker, close=True)
    services.update_enquiry(
        enquiry=enquiry,
        actor=partner_worker,
        close=True,
        outcome=Enquiry.Outcome.REFERRED_ON,
    )
    assert enquiry.closed_at is not None
    services.reopen_enquiry(enquiry=enquiry, actor=partner_worker)
    enquiry.refresh_from_db()
    assert enquiry.closed_at is None
    assert enquiry.outcome == Enquiry.Outcome.REFERRED_ON


def test_linking_makes_her_record_from_the_enquiry(org, partner_worker):
    enquiry = ContactedEnquiryFactory(
        organisation=org,
        name="Linkable (fictional)",
        reach_by=Enquiry.ReachBy.TEXT,
        phone="07700 900444",
        safe_times="After 6pm (fictional)",
        message_ok=True,
        language="Polish",
        assigned_to=partner_worker,
    )
    man = ParticipantFactory(organisation=org)
    partner = services.link_enquiry(
        enquiry=enquiry, actor=partner_worker, participant=man
    )
    partner = Partner.objects.get(pk=partner.pk)
    assert partner.name == "Linkable (fictional)"
    assert partner.phone == "07700 900444"
    assert partner.safe_contact_notes == "After 6pm (fictional)"
    assert partner.safe_channels == ["text"]
    assert partner.text_ok and partner.voicemail_ok
    assert partner.language == "Polish"
    assert partner.partner_support_worker == partner_worker
    assert Relationship.objects.filter(partner=partner, participant=man).exists()
    enquiry.refresh_from_db()
    assert enquiry.partner == partner and enquiry.linked_at is not None


def test_linking_again_reuses_her_record(org, partner_worker):
    enquiry = ContactedEnquiryFactory(organisation=org)
    first_man, second_man = ParticipantFactory.create_batch(2, organisation=org)
    partner = services.link_enquiry(
        enquiry=enquiry, actor=partner_worker, participant=first_man
    )
    again = services.link_enquiry(
        enquiry=enquiry,
        actor=partner_worker,
        participant=second_man,
        kind=Relationship.Kind.EX_PARTNER,
    )
    assert again == partner
    assert Partner.objects.filter(organisation=org).count() == 1
    assert partner.relationships.count() == 2
    # The same man twice links nothing twice.
    services.link_enquiry(enquiry=enquiry, actor=partner_worker, participant=first_man)
    assert partner.relationships.count() == 2


def test_linking_to_a_woman_already_on_record(org, partner_worker):
    existing = PartnerFactory(organisation=org, name="Onrecord (fictional)")
    enquiry = ContactedEnquiryFactory(organisation=org, name="Onrecord (fictional)")
    partner = services.link_enquiry(
        enquiry=enquiry, actor=partner_worker, partner=existing
    )
    assert partner == existing
    assert Partner.objects.filter(organisation=org).count() == 1


def test_another_organisations_man_is_refused(org, other_org, partner_worker):
    enquiry = ContactedEnquiryFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.link_enquiry(
            enquiry=enquiry,
            actor=partner_worker,
            participant=ParticipantFactory(organisation=other_org),
        )
    assert not Partner.objects.exists()


def test_figures_for_a_period(org, other_org):
    day = datetime.date(2026, 10, 5)
    EnquiryFactory(
        organisation=org,
        received_on=day,
        channel=Enquiry.Channel.PUBLIC_PAGE,
        offered_information=True,
    )
    ContactedEnquiryFactory(
        organisation=org,
        received_on=day + datetime.timedelta(days=3),
        first_contact_due=datetime.date(2099, 1, 1),
        on_behalf=True,
    )
    ClosedEnquiryFactory(organisation=org, received_on=day - datetime.timedelta(days=1))
    EnquiryFactory(organisation=other_org, received_on=day)
    period = Enquiry.objects.filter(organisation=org).received_between(
        day, day + datetime.timedelta(days=6)
    )
    figures = period.figures()
    assert figures["total"] == 2
    assert figures["channel_public_page"] == 1
    assert figures["channel_phone"] == 1
    assert figures["offered_information"] == 1
    assert figures["on_behalf"] == 1
    assert figures["first_contact_in_time"] == 1
    assert figures["closed"] == 0
