"""Sharing from a partner contact: his name chosen for her, once per man, and said."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from risk.models import RiskNote
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerContactFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    return PartnerContactFactory(partner=relationship.partner, relationship=None)


def _url(contact):
    return reverse("risk:share_from_contact", args=[contact.uuid])


def _share(client, contact, man):
    return client.post(
        _url(contact),
        {
            "participant": str(man.uuid),
            "severity": "concern",
            "category": "partner_signal",
            "text": "Signs of monitoring and control at home.",
        },
    )


def test_the_only_linked_man_is_chosen_for_her(contact, man, login):
    """Issue 14 item 13: the form did not pre-select the only linked man."""
    worker = contact.partner.partner_support_worker
    form = login(worker).get(_url(contact)).context["form"]
    assert form["participant"].value() == man.uuid
    html = str(form["participant"])
    assert f'value="{man.uuid}" selected' in html
    assert "---------" not in html


def test_the_man_of_the_contact_is_chosen_when_she_has_several(man, login):
    other = ParticipantFactory(organisation=man.organisation)
    first = RelationshipFactory(participant=man, partner__organisation=man.organisation)
    RelationshipFactory(participant=other, partner=first.partner)
    contact = PartnerContactFactory(partner=first.partner, relationship=first)
    form = login(first.partner.partner_support_worker).get(_url(contact))
    assert form.context["form"]["participant"].value() == man.uuid


def test_the_contact_says_it_was_shared_and_with_whom(contact, man, login):
    worker = contact.partner.partner_support_worker
    client = login(worker)
    assert _share(client, contact, man).status_code == 302
    html = client.get(contact.get_absolute_url()).content.decode()
    assert "Shared with the programme" in html
    assert man.reference in html
    assert worker.get_full_name() in html


def test_the_same_contact_is_not_shared_twice_for_the_same_man(contact, man, login):
    client = login(contact.partner.partner_support_worker)
    assert _share(client, contact, man).status_code == 302
    again = _share(client, contact, man)
    assert again.status_code == 400
    assert "Already shared from this contact" in again.content.decode()
    assert RiskNote.objects.count() == 1
    # Once every linked man has it, the contact offers no second share.
    html = client.get(contact.get_absolute_url()).content.decode()
    assert _url(contact) not in html


def test_the_database_holds_one_note_per_contact_and_man(contact, man):
    worker = contact.partner.partner_support_worker
    fields = {
        "organisation": man.organisation,
        "participant": man,
        "author": worker,
        "severity": "concern",
        "category": "partner_signal",
        "text": "Once.",
        "source": "partner_contact",
        "partner_contact": contact,
    }
    RiskNote.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskNote.objects.create(**fields)
