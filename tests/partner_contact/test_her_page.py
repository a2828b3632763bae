"""Her page's speed shortcuts say what Django's ordinary way said: its queries
stay few whatever she has on record, its contact log pages and links as the
Paginator and {% url %} did, and its names of choices are Django's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partner_contact import her_case
from partner_contact.models import (
    Consent,
    Partner,
    PartnerChecklist,
    PartnerContact,
    PartnerStatusChange,
    Relationship,
)
from tests.partner_contact.factories import (
    ChildLinkFactory,
    ConsentFactory,
    FailedPartnerContactFactory,
    MetCriteriaChecklistFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SectionedSafetyPlanFactory,
)

# Her page's queries, whatever she has on record: the session and the user,
# her row, the access log, her linked cases and their attendance, consents,
# the contact log with its total (one query, the Paginator's COUNT was another),
# the plan, her moves, checklists, children and their orders, and the sections
# of higher apps (equality; outcomes, whose other two queries come only with
# her questionnaires).
HER_PAGE_QUERIES = 15


def her_records(partner, n):
    """n more of each kind of row her page lists, and a newer plan."""
    for _ in range(n):
        RelationshipFactory(partner=partner)
        ConsentFactory(partner=partner)
        PartnerContactFactory(partner=partner)
        MetCriteriaChecklistFactory(partner=partner, notes="Not for the page")
        ChildLinkFactory(partner=partner)
    SectionedSafetyPlanFactory(
        partner=partner, version=partner.safety_plans.count() + 1
    )


def move(partner, worker, to_status, reason):
    her_case.move_partner(
        partner=partner, to_status=to_status, reason=reason, actor=worker, note="n"
    )


def test_her_page_reads_the_same_few_queries_however_much_she_has(
    org, partner_worker, login, django_assert_num_queries
):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    client = login(partner_worker)
    url = partner.get_absolute_url()
    her_records(partner, 1)
    move(partner, partner_worker, "contact_pending", "awaiting_safe_details")
    # The first request reads what later ones keep (permissions, lists).
    assert client.get(url).status_code == 200
    with django_assert_num_queries(HER_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    her_records(partner, 3)
    move(partner, partner_worker, "in_contact", "first_conversation")
    move(partner, partner_worker, "engaged", "accepted_support")
    with django_assert_num_queries(HER_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_the_contact_log_pages_as_the_paginator_did(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    now = timezone.now()
    contacts = [
        PartnerContactFactory(
            partner=partner, occurred_at=now - datetime.timedelta(hours=i)
        )
        for i in range(26)
    ]
    FailedPartnerContactFactory(
        partner=partner, occurred_at=now - datetime.timedelta(days=30)
    )
    client = login(partner_worker)
    url = partner.get_absolute_url()

    first = client.get(url)
    assert first.context["contacts"].paginator.count == 27
    assert list(first.context["contacts"]) == contacts[:25]
    assert "Page 1 of 2" in first.content.decode()

    second = client.get(url, {"page": 2})
    assert [c.pk for c in second.context["contacts"]] == [
        contacts[25].pk,
        PartnerContact.objects.order_by("occurred_at").first().pk,
    ]
    assert "Page 2 of 2" in second.content.decode()
    # A page past the end, or no number, is the last or the first, as before.
    assert client.get(url, {"page": 9}).context["contacts"].number == 2
    assert client.get(url, {"page": "x"}).context["contacts"].number == 1


def test_each_contact_row_links_as_the_url_tag_did(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    contacts = [PartnerContactFactory(partner=partner) for _ in range(3)]
    html = login(partner_worker).get(partner.get_absolute_url()).content.decode()
    for contact in contacts:
        url = reverse("partner_contact:contact_detail", args=[contact.uuid])
        assert f'href="{url}"' in html


def test_an_empty_contact_log_says_so(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    response = login(partner_worker).get(partner.get_absolute_url())
    assert response.context["contacts"].paginator.count == 0
    assert "No contact yet." in response.content.decode()


NAMED = [
    (Partner, "status"),
    (Relationship, "kind"),
    (Relationship, "status"),
    (Consent, "kind"),
    (Consent, "how_given"),
    (PartnerContact, "direction"),
    (PartnerContact, "channel"),
    (PartnerStatusChange, "from_status"),
    (PartnerStatusChange, "to_status"),
    (PartnerChecklist, "level"),
]


@pytest.mark.parametrize("language", ["en-gb", "de", "fr"])
@pytest.mark.parametrize(("model", "name"), NAMED)
def test_each_choice_is_named_as_django_names_it(model, name, language):
    field = model._meta.get_field(name)
    values = [value for value, _label in field.flatchoices] + ["retired", ""]
    with translation.override(language):
        for value in values:
            row = model(**{name: value})
            ours = getattr(row, f"get_{name}_display")()
            assert ours == row._get_FIELD_display(field)
            assert type(ours) is str
