"""Pages: logging a contact, her page, consents, plans, export, bad input."""

import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from partner_contact.models import Partner, PartnerContact, Relationship
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import (
    ConsentFactory,
    DoNotContactPartnerFactory,
    PartnerContactFactory,
    PartnerFactory,
    RelationshipFactory,
    SafetyPlanFactory,
    ShareConsentFactory,
)


def now_field(delta=datetime.timedelta(minutes=-5)):
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def relationship(org, partner_worker):
    return RelationshipFactory(
        partner__organisation=org, partner__partner_support_worker=partner_worker
    )


def contact_url(partner):
    return reverse("partner_contact:contact_create", args=[partner.uuid])


def contact_post(rel, **extra):
    return {
        "occurred_at": now_field(),
        "direction": "outbound",
        "channel": "phone",
        "outcome": "spoke",
        "relationship": rel.pk,
        "safety_check_done": "on",
        "told_her": ["aims_and_limits", "attendance"],
        "summary": "Talked about the programme.",
        "next_contact_due": (timezone.localdate() + datetime.timedelta(7)).isoformat(),
        **extra,
    }


def test_log_a_contact_in_one_form(login, partner_worker, relationship):
    client = login(partner_worker)
    assert client.get(contact_url(relationship.partner)).status_code == 200
    response = client.post(
        contact_url(relationship.partner), contact_post(relationship)
    )
    contact = PartnerContact.objects.get()
    assert response.status_code == 302
    assert response.url == contact.get_absolute_url()
    assert contact.contact_made and contact.safety_check_done
    assert contact.told_her == ["aims_and_limits", "attendance"]
    assert contact.worker == partner_worker


def _never_safe(partner):
    """Her safe times: one minute after midnight on no day of the week."""
    partner.safe_weekdays = []
    partner.safe_from = datetime.time(0, 0)
    partner.safe_until = datetime.time(0, 1)
    partner.save()
    return partner


def test_outside_safe_times_warns_then_saves_when_confirmed(
    login, partner_worker, relationship
):
    partner = _never_safe(relationship.partner)
    client = login(partner_worker)
    data = contact_post(relationship, occurred_at=now_field())
    response = client.post(contact_url(partner), data)
    assert response.status_code == 400
    assert "outside her safe times" in response.content.decode()
    assert not PartnerContact.objects.exists()
    response = client.post(contact_url(partner), {**data, "confirm_unsafe": "on"})
    assert response.status_code == 302
    assert PartnerContact.objects.count() == 1


def test_the_safety_warning_is_in_the_workers_language(
    login, partner_worker, relationship
):
    partner = _never_safe(relationship.partner)
    partner_worker.language = "de"
    partner_worker.save(update_fields=["language"])
    response = login(partner_worker).post(
        contact_url(partner), contact_post(relationship, occurred_at=now_field())
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Das liegt außerhalb ihrer sicheren Zeiten" in body
    assert "Zum Bestätigen ankreuzen" in body
    assert "outside her safe times" not in body


def test_text_when_texts_are_not_safe_warns(login, partner_worker, relationship):
    client = login(partner_worker)
    data = contact_post(relationship, channel="text", outcome="message_left")
    response = client.post(contact_url(relationship.partner), data)
    assert response.status_code == 400
    assert "texts are not safe" in response.content.decode()
    assert not PartnerContact.objects.exists()


def test_inbound_contact_is_not_warned_about(login, partner_worker, relationship):
    client = login(partner_worker)
    data = contact_post(relationship, channel="text", direction="inbound")
    assert client.post(contact_url(relationship.partner), data).status_code == 302


def test_do_not_contact_refused_with_a_message(login, partner_worker, org):
    partner = DoNotContactPartnerFactory(organisation=org)
    relationship = RelationshipFactory(partner=partner)
    client = login(partner_worker)
    response = client.post(contact_url(partner), contact_post(relationship))
    assert response.status_code == 400
    assert "do not contact" in response.content.decode()
    assert not PartnerContact.objects.exists()
    inbound = contact_post(relationship, direction="inbound")
    assert client.post(contact_url(partner), inbound).status_code == 302


@pytest.mark.parametrize(
    "bad",
    [
        {"occurred_at": now_field(datetime.timedelta(days=2))},
        {"occurred_at": "not a date"},
        {"outcome": "invented"},
        {"relationship": 999999},
        {"next_contact_due": "2020-01-01"},
        {"disclosure_may_share": "on", "disclosure": "x", "consent_basis": "consent"},
        {"disclosure_may_share": "on", "disclosure": "x", "consent_basis": ""},
        {"risk_events": ["separation"], "relationship": ""},
        {"risk_events": ["separation"], "separation_on": "2099-01-01"},
        {"risk_events": ["invented"]},
    ],
)
def test_bad_contact_input_is_a_400(login, partner_worker, relationship, bad):
    client = login(partner_worker)
    response = client.post(
        contact_url(relationship.partner), contact_post(relationship, **bad)
    )
    assert response.status_code == 400
    assert not PartnerContact.objects.exists()


def test_sharing_on_consent_needs_consent_in_force(login, partner_worker, relationship):
    ShareConsentFactory(partner=relationship.partner)
    client = login(partner_worker)
    data = contact_post(
        relationship,
        disclosure="He threatened her.",
        disclosure_may_share="on",
        consent_basis="consent",
    )
    assert client.post(contact_url(relationship.partner), data).status_code == 302
    assert PartnerContact.objects.get().disclosure_may_share


def test_separation_from_the_contact_form(login, partner_worker, relationship):
    client = login(partner_worker)
    data = contact_post(
        relationship,
        risk_events=["separation"],
        separation_on=timezone.localdate().isoformat(),
    )
    assert client.post(contact_url(relationship.partner), data).status_code == 302
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.SEPARATED


def test_separation_from_her_page(login, partner_worker, relationship):
    client = login(partner_worker)
    url = reverse("partner_contact:separation_create", args=[relationship.uuid])
    assert client.get(url).status_code == 200
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert client.post(url, {"occurred_on": future}).status_code == 400
    response = client.post(
        url, {"occurred_on": timezone.localdate().isoformat(), "announced": "on"}
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.SEPARATION_ANNOUNCED


def test_her_page_shows_everything_and_is_logged(login, partner_worker, relationship):
    partner = relationship.partner
    ConsentFactory(partner=partner, scope="Contact by phone only")
    SafetyPlanFactory(partner=partner, plan="Current plan text")
    PartnerContactFactory(partner=partner)
    client = login(partner_worker)
    response = client.get(partner.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        partner.phone,
        partner.email,
        "Current plan text",
        "Contact by phone only",
    ]:
        assert text in html
    assert relationship.participant.reference in html
    assert relationship.participant.get_status_display() in html
    log = AccessLog.objects.get()
    assert (log.user, log.object_uuid, log.action) == (
        partner_worker,
        partner.uuid,
        "view",
    )


def test_her_page_never_shows_his_case_notes(login, partner_worker, relationship):
    from tests.participants.factories import CaseNoteFactory

    CaseNoteFactory(
        participant=relationship.participant, body="Casenotemarker about him"
    )
    html = login(partner_worker).get(relationship.partner.get_absolute_url())
    assert "Casenotemarker" not in html.content.decode()


def test_manager_reads_but_cannot_write(login, manager, relationship):
    client = login(manager)
    partner = relationship.partner
    assert client.get(partner.get_absolute_url()).status_code == 200
    assert client.get(contact_url(partner)).status_code == 403
    assert (
        client.post(contact_url(partner), contact_post(relationship)).status_code == 403
    )
    assert AccessLog.objects.filter(user=manager, object_uuid=partner.uuid).exists()


def test_contact_detail_is_logged_and_has_no_share_button_without_risk_page(
    login, partner_worker, relationship
):
    contact = PartnerContactFactory(partner=relationship.partner, disclosure="Words")
    response = login(partner_worker).get(contact.get_absolute_url())
    assert response.status_code == 200
    assert AccessLog.objects.filter(object_uuid=contact.uuid).exists()
    try:
        reverse("risk:share_from_contact", args=[contact.uuid])
    except Exception:
        assert response.context["share_url"] is None
    else:
        assert response.context["share_url"] in response.content.decode()


def test_create_partner_linked_to_a_case(login, partner_worker, org):
    man = ParticipantFactory(organisation=org, reference="P26-00042")
    client = login(partner_worker)
    url = reverse("partner_contact:partner_create")
    data = {
        "name": "Newwoman Demoson",
        "phone": "07700 900321",
        "email": "new@example.org",
        "withhold_caller_id": "on",
        "language": "English",
        "reference": "p26-00042",
        "kind": "current_partner",
        "children_in_common": "1",
    }
    response = client.post(url, data)
    partner = Partner.objects.get()
    assert response.status_code == 302
    assert partner.relationships.get().participant == man
    assert partner.partner_support_worker == partner_worker


@pytest.mark.parametrize(
    "bad",
    [
        {"phone": "call me"},
        {"phone": "12"},
        {"email": "not-an-email"},
        {"reference": "P99-99999"},
        {"do_not_contact": "on"},
        {"name": ""},
        {"safe_from": "14:00", "safe_until": "10:00"},
    ],
)
def test_bad_partner_input_is_a_400_and_nothing_saved(login, partner_worker, bad):
    data = {
        "name": "Badinput Testwell",
        "phone": "07700 900321",
        "language": "English",
        "kind": "current_partner",
        "children_in_common": "0",
        **bad,
    }
    response = login(partner_worker).post(
        reverse("partner_contact:partner_create"), data
    )
    assert response.status_code == 400
    assert not Partner.objects.exists()


def test_edit_keeps_details_on_bad_input(login, partner_worker, relationship):
    partner = relationship.partner
    url = reverse("partner_contact:partner_update", args=[partner.uuid])
    client = login(partner_worker)
    response = client.post(url, {"name": partner.name, "phone": "x", "language": "E"})
    assert response.status_code == 400
    partner.refresh_from_db()
    assert partner.phone.startswith("07700")
    response = client.post(
        url,
        {
            "name": partner.name,
            "phone": "+44 7700 900999",
            "language": "English",
            "text_ok": "on",
            "safe_channels": ["phone", "text"],
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.phone == "+44 7700 900999" and partner.text_ok


def test_consent_pages(login, partner_worker, relationship):
    partner = relationship.partner
    client = login(partner_worker)
    url = reverse("partner_contact:consent_create", args=[partner.uuid])
    today = timezone.localdate()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    bad = {"kind": "contact", "given_on": tomorrow, "how_given": "writing"}
    assert client.post(url, bad).status_code == 400
    good = {**bad, "given_on": today.isoformat(), "expires_on": tomorrow}
    assert client.post(url, good).status_code == 302
    consent = partner.consents.get()
    withdraw = reverse("partner_contact:consent_withdraw", args=[consent.uuid])
    assert client.post(withdraw, {"withdrawn_on": tomorrow}).status_code == 400
    assert client.post(withdraw, {"withdrawn_on": today.isoformat()}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == today


def test_safety_plan_pages(login, partner_worker, relationship):
    partner = relationship.partner
    client = login(partner_worker)
    url = reverse("partner_contact:safety_plan_create", args=[partner.uuid])
    review = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert (
        client.post(url, {"plan": "Go to A", "review_on": "2020-01-01"}).status_code
        == 400
    )
    assert client.post(url, {"plan": "Go to A", "review_on": review}).status_code == 302
    assert client.post(url, {"plan": "Go to B", "review_on": review}).status_code == 302
    assert [p.version for p in partner.safety_plans.all()] == [2, 1]
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Go to B" in page and "Go to A" not in page
    listing = client.get(
        reverse("partner_contact:safety_plan_list", args=[partner.uuid])
    )
    assert "Go to A" in listing.content.decode()


def test_link_to_another_case(login, partner_worker, relationship, org):
    other = ParticipantFactory(organisation=org, reference="P26-00077")
    url = reverse(
        "partner_contact:relationship_create", args=[relationship.partner.uuid]
    )
    client = login(partner_worker)
    assert (
        client.post(
            url,
            {"reference": "P26-99999", "kind": "ex_partner", "children_in_common": 0},
        ).status_code
        == 400
    )
    assert (
        client.post(
            url,
            {"reference": "P26-00077", "kind": "ex_partner", "children_in_common": 0},
        ).status_code
        == 302
    )
    assert relationship.partner.relationships.filter(participant=other).exists()


def test_export_is_managers_only_logged_and_formula_safe(
    login, manager, partner_worker, relationship
):
    PartnerContactFactory(partner=relationship.partner, summary="=HYPERLINK(1)")
    url = reverse("partner_contact:partner_export", args=[relationship.partner.uuid])
    assert login(partner_worker).get(url).status_code == 403
    response = login(manager).get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][6] == "'=HYPERLINK(1)"
    log = AccessLog.objects.get(action="export")
    assert log.object_uuid == relationship.partner.uuid


def test_unknown_or_foreign_ids_are_404(login, partner_worker, outsider, relationship):
    foreign = PartnerFactory(organisation=outsider.organisation)
    client = login(partner_worker)
    missing = reverse("partner_contact:partner_detail", args=[uuid.uuid4()])
    assert client.get(missing).status_code == 404
    assert client.get("/partners/not-a-uuid/").status_code == 404
    assert client.get(contact_url(foreign)).status_code == 404
    client = login(outsider)
    assert client.get(relationship.partner.get_absolute_url()).status_code == 404


def test_list_search(login, partner_worker, org):
    PartnerFactory(organisation=org, name="Findme Testwell")
    PartnerFactory(organisation=org, name="Other Sampleby")
    response = login(partner_worker).post(
        reverse("partner_contact:partner_list"), {"q": "findme"}, follow=True
    )
    # Her name is posted and kept in the session, never put in the URL.
    assert "findme" not in response.redirect_chain[-1][0].lower()
    html = response.content.decode()
    assert "Findme Testwell" in html and "Other Sampleby" not in html


def test_home_panel_for_partner_support(login, partner_worker, relationship):
    response = login(partner_worker).get("/")
    assert response.status_code == 200
    assert "woman to offer contact (newly linked, or he has started)" in (
        response.content.decode()
    )
    assert response.context["pc_awaiting"] == 1


def test_no_partner_models_in_admin():
    from django.contrib import admin

    registered = {m._meta.app_label for m in admin.site._registry}
    assert "partner_contact" not in registered


def test_her_page_shows_his_attendance_summary(login, partner_worker, relationship):
    from tests.programmes.factories import (
        AttendanceFactory,
        EnrolmentFactory,
        HeldSessionFactory,
    )

    man = relationship.participant
    enrolment = EnrolmentFactory(
        participant=man, group__programme__organisation=man.organisation
    )
    for week, status in enumerate(("present", "unexcused", "unexcused"), start=1):
        AttendanceFactory(
            participant=man,
            session=HeldSessionFactory(
                group=enrolment.group,
                date=enrolment.start_date + datetime.timedelta(days=7 * week),
            ),
            status=status,
        )
    html = login(partner_worker).get(relationship.partner.get_absolute_url())
    assert "1 of 3 sessions (33%" in html.content.decode()


def test_list_search_ranks_her_exact_name_first(login, partner_worker, org):
    """Issue 14: a search for a full name listed the exact match after others."""
    for name in ["Abbey Jane Smith", "Alice Jane Smithson", "Jane Smith-Brown"]:
        PartnerFactory(organisation=org, name=name)
    PartnerFactory(organisation=org, name="Jane Smith")
    response = login(partner_worker).post(
        reverse("partner_contact:partner_list"), {"q": "jane smith"}, follow=True
    )
    names = [p.name for p in response.context["page_obj"]]
    assert names == [
        "Jane Smith",
        "Jane Smith-Brown",
        "Abbey Jane Smith",
        "Alice Jane Smithson",
    ]
