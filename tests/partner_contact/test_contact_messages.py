"""What the page says after logging a contact with disclosed risks is what happens."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from risk.models import Alert, RiskEvent
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import RelationshipFactory


def _log(login, worker, relationship, kinds):
    when = timezone.localtime(timezone.now() - datetime.timedelta(minutes=5))
    data = {
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "direction": "outbound",
        "channel": "phone",
        "outcome": "spoke",
        "relationship": relationship.pk,
        "safety_check_done": "on",
        "summary": "Talked about the programme.",
        "risk_events": kinds,
    }
    if "separation" in kinds:
        data["separation_on"] = timezone.localdate().isoformat()
    response = login(worker).post(
        reverse("partner_contact:contact_create", args=[relationship.partner.uuid]),
        data,
    )
    assert response.status_code == 302
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _setup(org, caseworker, partner_worker):
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    return RelationshipFactory(
        participant=man,
        partner__organisation=org,
        partner__partner_support_worker=partner_worker,
    )


def test_disclosed_risks_say_his_caseworker_sees_nothing_and_that_is_true(
    login, org, caseworker, partner_worker, manager
):
    """Issue 14 item 5: the page said "passed to the programme's risk monitoring"
    while his caseworker saw nothing."""
    relationship = _setup(org, caseworker, partner_worker)
    text = _log(login, partner_worker, relationship, ["threats", "court"])
    assert "risk monitoring" not in text
    assert "for partner support and managers only" in text
    assert "His caseworker and facilitators see nothing of them" in text
    assert "Share with the programme" in text
    assert not RiskEvent.objects.visible_to(caseworker).exists()
    assert not Alert.objects.filter(recipient=caseworker).exists()
    assert RiskEvent.objects.visible_to(manager).count() == 2


def test_a_separation_says_his_caseworker_is_alerted_and_that_is_true(
    login, org, caseworker, partner_worker, manager
):
    relationship = _setup(org, caseworker, partner_worker)
    text = _log(login, partner_worker, relationship, ["separation"])
    assert "his caseworker, the managers" in text
    assert "see nothing" not in text
    assert Alert.objects.filter(recipient=caseworker).exists()
    assert Alert.objects.filter(recipient=manager).exists()
