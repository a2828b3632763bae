"""Sharing what a partner said with the programme, from her contact's page."""

import pytest
from django.urls import reverse

from risk.models import RiskNote
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import (
    ExpiredConsentFactory,
    PartnerContactFactory,
    RelationshipFactory,
    ShareConsentFactory,
)
from tests.risk.test_views import _visible


@pytest.fixture
def contact(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    return PartnerContactFactory(
        partner=relationship.partner,
        relationship=relationship,
        disclosure="He took my phone and read my messages (her words).",
    )


def _share(client, contact, man, **extra):
    return client.post(
        reverse("risk:share_from_contact", args=[contact.uuid]),
        {
            "participant": man.uuid,
            "severity": "concern",
            "category": "partner_signal",
            "text": "Signs of monitoring and control at home.",
            **extra,
        },
    )


def test_partner_worker_shares_a_sanitised_note(contact, man, login, caseworker):
    worker = contact.partner.partner_support_worker
    client = login(worker)
    assert (
        client.get(reverse("risk:share_from_contact", args=[contact.uuid])).status_code
        == 200
    )
    response = _share(client, contact, man)
    assert response.status_code == 302
    note = RiskNote.objects.get()
    assert (note.visibility, note.source, note.partner_contact) == (
        "programme",
        "partner_contact",
        contact,
    )
    assert note.partner_words == "" and not note.source_attributed
    # The caseworker reads the worker's text, never her words.
    assert _visible(caseworker) == {"Signs of monitoring and control at home."}


def test_her_words_need_her_consent_to_share(contact, man, login):
    worker = contact.partner.partner_support_worker
    ExpiredConsentFactory(partner=contact.partner, kind="share_with_programme")
    response = _share(login(worker), contact, man, include_her_words="on")
    assert response.status_code == 400
    assert not RiskNote.objects.exists()


def test_with_consent_her_words_and_identity_may_go(contact, man, login):
    worker = contact.partner.partner_support_worker
    ShareConsentFactory(partner=contact.partner)
    response = _share(
        login(worker), contact, man, include_her_words="on", attribute_to_her="on"
    )
    assert response.status_code == 302
    note = RiskNote.objects.get()
    assert note.source_attributed
    assert "read my messages" in note.partner_words


def test_only_partner_support_workers_share(contact, login, caseworker, manager):
    url = reverse("risk:share_from_contact", args=[contact.uuid])
    assert login(caseworker).get(url).status_code == 403
    assert login(manager).get(url).status_code == 403


def test_another_workers_man_is_refused(contact, login, man):
    worker = contact.partner.partner_support_worker
    stranger = ParticipantFactory(organisation=man.organisation)
    response = _share(login(worker), contact, stranger)
    assert response.status_code == 400
