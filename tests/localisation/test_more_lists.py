"""More lists a manager edits: how a contact with her ended, the kinds of agency
referrals come from, and the legal bases for sharing information; and the
organisation's own name of the multi-agency risk conference on its pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from localisation import lists, services
from partner_contact.models import PartnerContact
from partner_contact.models.contacts import CONTACT_OUTCOMES
from referrals.models import AGENCY_KINDS, LEGAL_BASES, Agency, InformationShare
from reports.bases import Context, find_part, records_behind, referral_parts
from reports.periods import Period, Scope
from tests.partner_contact.factories import PartnerContactFactory, RelationshipFactory
from tests.referrals.factories import (
    AgencyFactory,
    InformationShareFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

ENTRY = "/organisation/lists/entry/"


def edit(client, key, code, action, **extra):
    response = client.post(
        ENTRY, {"list": key, "code": code, "action": action, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def offered(page: str, code: str) -> bool:
    return f'value="{code}"' in page


# How a contact ended -----------------------------------------------------------


@pytest.fixture
def her(org, partner_worker):
    return RelationshipFactory(
        partner__organisation=org, partner__partner_support_worker=partner_worker
    )


def contact_data(relationship, **extra):
    when = timezone.localtime(timezone.now() - datetime.timedelta(minutes=5))
    return {
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "direction": "outbound",
        "channel": "phone",
        "relationship": relationship.pk,
        **extra,
    }


def test_a_renamed_and_a_retired_contact_outcome(login, manager, partner_worker, her):
    partner = her.partner
    old = PartnerContactFactory(
        partner=partner,
        outcome=PartnerContact.Outcome.WRONG_NUMBER,
        contact_made=False,
    )
    boss = login(manager)
    edit(boss, CONTACT_OUTCOMES, "no_answer", "rename", label="Rang out (fictional)")
    edit(boss, CONTACT_OUTCOMES, "wrong_number", "retire")

    worker = login(partner_worker)
    url = reverse("partner_contact:contact_create", args=[partner.uuid])
    form = worker.get(url).content.decode()
    assert "Rang out (fictional)" in form
    assert offered(form, "no_answer")
    assert not offered(form, "wrong_number")
    # A retired outcome is refused on a new contact, with a message.
    refused = worker.post(url, contact_data(her, outcome="wrong_number"))
    assert refused.status_code == 400
    assert "Choose one of the outcomes in the list." in refused.content.decode()
    # The renamed one is saved under its code and reads with its new name.
    assert worker.post(url, contact_data(her, outcome="no_answer")).status_code == 302
    new = PartnerContact.objects.get(outcome="no_answer")
    assert new.contact_made is False
    page = worker.get(
        reverse("partner_contact:partner_detail", args=[partner.uuid])
    ).content.decode()
    assert "Rang out (fictional)" in page
    # The old contact keeps its code and still reads by its (retired) label.
    old.refresh_from_db()
    assert old.outcome == "wrong_number"
    assert "Wrong number or address" in page


def test_an_outcome_the_organisation_added_asks_whether_she_was_reached(
    login, manager, partner_worker, her
):
    entry = services.add_list_entry(
        organisation=manager.organisation,
        list_key=CONTACT_OUTCOMES,
        label="Reached through her sister (fictional)",
        actor=manager,
    )
    worker = login(partner_worker)
    url = reverse("partner_contact:contact_create", args=[her.partner.uuid])
    form = worker.get(url).content.decode()
    assert "Reached through her sister (fictional)" in form
    assert "She was reached (for an outcome your organisation added)" in form
    worker.post(url, contact_data(her, outcome=entry.code, contact_made="on"))
    worker.post(url, contact_data(her, outcome=entry.code))
    made = PartnerContact.objects.filter(outcome=entry.code)
    assert sorted(made.values_list("contact_made", flat=True)) == [False, True]
    # A shipped outcome still decides for itself, whatever is ticked.
    worker.post(url, contact_data(her, outcome="no_answer", contact_made="on"))
    assert PartnerContact.objects.get(outcome="no_answer").contact_made is False


def test_the_form_asks_nothing_more_while_the_list_is_the_shipped_one(
    login, partner_worker, her
):
    url = reverse("partner_contact:contact_create", args=[her.partner.uuid])
    form = login(partner_worker).get(url).content.decode()
    assert "She was reached (for an outcome your organisation added)" not in form


# Where referrals come from ---------------------------------------------------------


def test_a_renamed_and_a_retired_referral_source(login, manager, caseworker):
    org = manager.organisation
    court = AgencyFactory(organisation=org, kind=Agency.Kind.COURT, name="Old Court")
    boss = login(manager)
    edit(boss, AGENCY_KINDS, "probation", "rename", label="Probation (renamed)")
    edit(boss, AGENCY_KINDS, "court", "retire")

    form = boss.get(reverse("referrals:agency_create")).content.decode()
    assert "Probation (renamed)" in form
    assert not offered(form, "court")
    refused = boss.post(
        reverse("referrals:agency_create"), {"kind": "court", "name": "New Court"}
    )
    assert refused.status_code == 400
    assert "Choose one of the kinds in the list." in refused.content.decode()
    # The agency of a retired kind keeps it, and may be edited without losing it.
    edit_page = boss.get(court.get_absolute_url()).content.decode()
    assert offered(edit_page, "court")
    directory = login(caseworker).get(reverse("referrals:agency_list"))
    assert "Court" in directory.content.decode()
    filtered = login(caseworker).get(
        reverse("referrals:agency_list"), {"kind": "court"}
    )
    assert "Old Court" in filtered.content.decode()


def test_the_report_counts_referrals_by_the_organisations_own_sources(manager):
    org = manager.organisation
    entry = services.add_list_entry(
        organisation=org,
        list_key=AGENCY_KINDS,
        label="Drug service (fictional)",
        actor=manager,
    )
    services.rename_list_entry(
        organisation=org,
        list_key=AGENCY_KINDS,
        code="police",
        label="Constabulary",
        actor=manager,
    )
    services.retire_list_entry(
        organisation=org, list_key=AGENCY_KINDS, code="housing", actor=manager
    )
    day = datetime.date(2026, 2, 10)
    for kind in (entry.code, "police", "housing"):
        ReferralFactory(
            organisation=org,
            agency=AgencyFactory(organisation=org, kind=kind),
            received_on=day,
        )
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "Q1")
    context = Context(Scope(org), period, True)
    parts = {part.name: part for part in referral_parts(context)}
    assert str(parts[f"source.{entry.code}"].label) == "From Drug service (fictional)"
    assert str(parts["source.police"].label) == "From Constabulary"
    # Each source counts its referral; a retired one still counts those it sent.
    for name in (entry.code, "police", "housing"):
        base, part = find_part(f"referrals.source.{name}", context)
        assert records_behind(base, part, context).count() == 1


# Legal bases for sharing ------------------------------------------------------------


def test_a_renamed_and_a_retired_legal_basis(login, manager, caseworker):
    org = manager.organisation
    old = InformationShareFactory(
        organisation=org, legal_basis="vital_interests", consent_recorded=True
    )
    boss = login(manager)
    edit(boss, LEGAL_BASES, "public_task", "rename", label="Statutory duty (renamed)")
    edit(boss, LEGAL_BASES, "vital_interests", "retire")

    man = old.participant
    agency = AgencyFactory(organisation=org)
    url = reverse("referrals:participant_share_create", args=[man.uuid])
    client = login(caseworker)
    form = client.get(url).content.decode()
    assert "Statutory duty (renamed)" in form
    assert not offered(form, "vital_interests")
    data = {
        "agency": str(agency.uuid),
        "shared_on": "2026-11-20",
        "what_shared": "Attendance letter (fictional).",
        "reason_without_consent": "Court order.",
        "legal_basis": "vital_interests",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Choose one of the legal bases in the list." in refused.content.decode()
    assert client.post(url, {**data, "legal_basis": "public_task"}).status_code == 302
    log = client.get(
        reverse("referrals:participant_sharing_log", args=[man.uuid])
    ).content.decode()
    assert "Statutory duty (renamed)" in log
    # The earlier share keeps its basis, read by its retired label.
    assert InformationShare.objects.get(pk=old.pk).legal_basis == "vital_interests"
    assert "Vital interests" in log


def test_a_legal_basis_the_organisation_added_is_offered_and_kept(manager):
    entry = services.add_list_entry(
        organisation=manager.organisation,
        list_key=LEGAL_BASES,
        label="Crime and Disorder Act, s. 115 (fictional)",
        actor=manager,
    )
    assert entry.code in lists.current_codes(manager.organisation_id, LEGAL_BASES)
    share = InformationShareFactory(
        organisation=manager.organisation, legal_basis=entry.code
    )
    assert share.get_legal_basis_display() == (
        "Crime and Disorder Act, s. 115 (fictional)"
    )


# The conference's own name ----------------------------------------------------------


def test_a_german_preset_organisation_sees_its_own_conference_on_risk_settings(
    login, manager
):
    client = login(manager)
    assert client.post("/risk/country-preset/", {"country": "DE"}).status_code == 302
    page = client.get(reverse("risk:settings")).content.decode()
    assert "Fallkonferenz" in page
    assert "MARAC" not in page


def test_the_settings_form_names_no_conference_where_it_cannot_know_it():
    from risk.forms import RiskSettingsForm

    label = str(RiskSettingsForm.base_fields["marac_threshold"].label)
    assert "MARAC" not in label
    assert "multi-agency risk conference" in label
