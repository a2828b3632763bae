"""The first-contact detector: her partner-support worker hears when a woman's
first contact (after her link, his start, or her enquiry) is overdue; the alert
escalates to a manager; nothing is found twice, and no e-mail holds her words."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant
from risk import services as risk_services
from risk.models import Alert, RiskEvent
from risk.rules.first_contact import detect_first_contact_overdue
from risk.tasks import deliver_alert_emails
from tests.enquiries.factories import (
    ClosedEnquiryFactory,
    ContactedEnquiryFactory,
    EnquiryFactory,
)
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import (
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
)

Kind = RiskEvent.Kind
NAME = "detect_first_contact_overdue"


def today():
    return timezone.localdate()


def run():
    return risk_services.run_detectors(names=[NAME])[NAME]


def found():
    return detect_first_contact_overdue(today=today(), now=timezone.now())


def test_an_enquiry_past_its_deadline_alerts_her_worker_once(org, partner_worker):
    enquiry = EnquiryFactory(
        organisation=org,
        assigned_to=partner_worker,
        first_contact_due=today() - timedelta(days=1),
    )
    first = run()
    assert [event.enquiry_id for event in first.events] == [enquiry.pk]
    assert [alert.recipient_id for alert in first.alerts] == [partner_worker.pk]
    assert first.events[0].kind == Kind.FIRST_CONTACT_OVERDUE
    # Idempotent: the same silence is one event.
    assert not run().events
    assert RiskEvent.objects.filter(enquiry=enquiry).count() == 1


def test_nobody_holding_it_every_partner_support_worker_hears(
    org, partner_worker, make_user, caseworker, facilitator
):
    colleague = make_user("partner_support", username="t-colleague")
    EnquiryFactory(organisation=org, first_contact_due=today() - timedelta(days=1))
    recipients = {alert.recipient_id for alert in run().alerts}
    assert recipients == {partner_worker.pk, colleague.pk}


def test_nothing_before_the_deadline_after_a_contact_or_once_closed(
    org, partner_worker
):
    EnquiryFactory(organisation=org, first_contact_due=today())
    ContactedEnquiryFactory(
        organisation=org, first_contact_due=today() - timedelta(days=3)
    )
    ClosedEnquiryFactory(
        organisation=org,
        first_contact_at=None,
        first_contact_due=today() - timedelta(days=3),
    )
    assert found() == []


@pytest.fixture
def her_link(org, partner_worker):
    org.first_partner_contact_days = 10
    org.save()
    return RelationshipFactory(
        partner__organisation=org,
        partner__partner_support_worker=partner_worker,
        participant__status=Participant.Status.REFERRED,
        linked_on=today() - timedelta(days=11),
    )


def test_a_linked_woman_never_contacted_alerts_her_worker_not_his_caseworker(
    org, her_link, partner_worker, make_user
):
    other_worker = make_user("partner_support", username="t-his-other-partner")
    # His other partner, with her own worker, was contacted: her worker hears nothing.
    other = RelationshipFactory(
        participant=her_link.participant,
        partner=PartnerFactory(organisation=org, partner_support_worker=other_worker),
        linked_on=today() - timedelta(days=11),
    )
    PartnerContactFactory(partner=other.partner, occurred_at=timezone.now())
    other.partner.__class__.objects.filter(
        pk=other.partner.pk
    ).refresh_contact_summary()
    result = run()
    assert [(e.participant_id, e.partner_id) for e in result.events] == [
        (her_link.participant_id, her_link.partner_id)
    ]
    event = result.events[0]
    assert event.visibility == "partner_support_only"
    assert [a.recipient_id for a in result.alerts] == [partner_worker.pk]
    assert not run().events


def test_his_start_restarts_her_clock(org, her_link):
    PartnerContactFactory(
        partner=her_link.partner,
        occurred_at=timezone.now() - timedelta(days=30),
    )
    her_link.partner.__class__.objects.filter(
        pk=her_link.partner_id
    ).refresh_contact_summary()
    man = her_link.participant
    man.status = Participant.Status.ACTIVE
    man.status_changed_on = today() - timedelta(days=11)
    man.save()
    assert [d.dedup_key for d in found()] == [
        f"first-contact:{her_link.pk}:{man.status_changed_on.isoformat()}"
    ]


def test_within_the_limit_nothing(org, her_link):
    her_link.linked_on = today() - timedelta(days=9)
    her_link.save()
    assert found() == []


def test_an_unanswered_enquiry_alert_escalates_to_the_managers(
    org, partner_worker, manager
):
    EnquiryFactory(
        organisation=org,
        assigned_to=partner_worker,
        first_contact_due=today() - timedelta(days=1),
    )
    run()
    later = timezone.now() + timedelta(hours=org.alert_acknowledge_hours + 1)
    escalation = risk_services.escalate_unacknowledged_alerts(at=later)
    assert [e.kind for e in escalation.events] == [Kind.UNACKNOWLEDGED_ALERT]
    assert escalation.events[0].enquiry_id is not None
    assert [a.recipient_id for a in escalation.alerts] == [manager.pk]


def test_the_alert_email_names_the_enquiry_and_none_of_her_words(org, partner_worker):
    enquiry = EnquiryFactory(
        organisation=org,
        assigned_to=partner_worker,
        first_contact_due=today() - timedelta(days=1),
        name="Emailname (fictional)",
    )
    result = run()
    deliver_alert_emails([alert.pk for alert in result.alerts])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert enquiry.reference in text
    for secret in ("Emailname", "ENQUIRY-WORDS", enquiry.phone, "mornings"):
        assert secret not in text
    assert Alert.objects.get().email_status == Alert.EmailStatus.SENT


def test_queries_do_not_grow_with_the_number_of_enquiries(org, partner_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        EnquiryFactory.create_batch(
            count, organisation=org, first_contact_due=today() - timedelta(days=1)
        )
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    assert queries(2) == queries(20)


def test_another_man_of_the_organisation_is_not_mixed_up(org, her_link):
    ParticipantFactory(organisation=org)
    assert len(found()) == 1


def test_her_worker_reads_the_alert_about_an_enquiry(login, org, partner_worker):
    enquiry = EnquiryFactory(
        organisation=org,
        assigned_to=partner_worker,
        first_contact_due=today() - timedelta(days=1),
    )
    alert = run().alerts[0]
    client = login(partner_worker)
    inbox = client.get(reverse("risk:alert_list")).content.decode()
    page = client.get(reverse("risk:alert_detail", args=[alert.uuid]))
    body = page.content.decode()
    assert page.status_code == 200
    assert enquiry.reference in inbox and enquiry.reference in body
    assert "No first contact by the enquiry" in body
    assert "ENQUIRY-WORDS" not in body + inbox
