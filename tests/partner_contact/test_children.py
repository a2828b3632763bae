"""Children of hers: linked on her side only, with their orders shown to her worker."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from participants.models import ChildOrder
from partner_contact import her_case
from partner_contact.models import ChildLink
from tests.participants.factories import ChildFactory, ParticipantFactory
from tests.partner_contact.factories import (
    ChildLinkFactory,
    PartnerFactory,
    RelationshipFactory,
)


@pytest.fixture
def family(org, partner_worker):
    """A woman linked to a man with two children on his case, one with an order."""
    partner = PartnerFactory(
        organisation=org,
        partner_support_worker=partner_worker,
        name="Mothername Fictional",
    )
    man = ParticipantFactory(organisation=org)
    RelationshipFactory(partner=partner, participant=man)
    first = ChildFactory(participant=man, name="K.")
    second = ChildFactory(participant=man, name="L.")
    ChildOrder.objects.create(
        organisation=org,
        child=first,
        kind=ChildOrder.Kind.NON_MOLESTATION,
        made_on=timezone.localdate() - datetime.timedelta(days=100),
        expires_on=timezone.localdate() + datetime.timedelta(days=60),
        court_or_agency="Family Court (fictional)",
    )
    return partner, man, first, second


def test_a_child_of_a_linked_man_is_linked_to_her(family, partner_worker):
    partner, _man, first, _second = family
    link = her_case.link_child(partner=partner, child=first, actor=partner_worker)
    assert link.partner == partner
    assert list(her_case.children_she_may_be_linked_to(partner)) == [_second]


def test_a_child_of_another_mans_case_is_refused(family, partner_worker, org):
    partner, *_ = family
    stranger = ChildFactory(participant=ParticipantFactory(organisation=org))
    with pytest.raises(ValidationError, match="not on the case"):
        her_case.link_child(partner=partner, child=stranger, actor=partner_worker)


def test_a_child_has_one_mother_on_record(family, partner_worker, org):
    partner, man, first, _second = family
    her_case.link_child(partner=partner, child=first, actor=partner_worker)
    other = PartnerFactory(organisation=org)
    RelationshipFactory(partner=other, participant=man)
    with pytest.raises(ValidationError):
        her_case.link_child(partner=other, child=first, actor=partner_worker)
    with pytest.raises(IntegrityError):
        ChildLinkFactory(partner=other, child=first)


def test_her_page_shows_her_children_and_their_orders(family, partner_worker, login):
    partner, _man, first, _second = family
    client = login(partner_worker)
    url = reverse("partner_contact:child_link_create", args=[partner.uuid])
    assert "K." in client.get(url).content.decode()
    response = client.post(url, {"child": first.pk})
    assert response.status_code == 302
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Her children" in page
    assert "Non-molestation order" in page


def test_linking_a_foreign_child_is_a_400(family, partner_worker, login, org):
    partner, *_ = family
    stranger = ChildFactory(participant=ParticipantFactory(organisation=org))
    response = login(partner_worker).post(
        reverse("partner_contact:child_link_create", args=[partner.uuid]),
        {"child": stranger.pk},
    )
    assert response.status_code == 400
    assert not ChildLink.objects.exists()


def test_the_link_is_never_on_his_side(
    family, partner_worker, caseworker, facilitator, login
):
    """His case file lists the child and the order, never the link to her."""
    partner, man, first, _second = family
    man.caseworker = caseworker
    man.save()
    link = her_case.link_child(partner=partner, child=first, actor=partner_worker)
    for user in (caseworker, facilitator):
        assert not ChildLink.objects.visible_to(user).exists()
    page = login(caseworker).get(man.get_absolute_url()).content.decode()
    assert "K." in page
    assert partner.name not in page
    assert "mother" not in page.lower()
    orders = login(caseworker).get(
        reverse("participants:child_orders", args=[first.uuid])
    )
    assert partner.name not in orders.content.decode()
    unlink = reverse("partner_contact:child_link_delete", args=[link.uuid])
    assert login(caseworker).post(unlink).status_code == 404
    assert ChildLink.objects.filter(pk=link.pk).exists()


def test_unlinking_removes_only_the_link(family, partner_worker, login):
    partner, _man, first, _second = family
    link = her_case.link_child(partner=partner, child=first, actor=partner_worker)
    response = login(partner_worker).post(
        reverse("partner_contact:child_link_delete", args=[link.uuid])
    )
    assert response.status_code == 302
    assert not ChildLink.objects.exists()
    first.refresh_from_db()
    assert first.child_orders.count() == 1
