"""A woman's onward referral and her information shares are behind the firewall:
partner-support workers and managers only; a 404 and absent everywhere else."""

import pytest
from django.urls import reverse

from referrals.case_file import case_file_context
from referrals.models import InformationShare, OnwardReferral
from tests.partner_contact.factories import PartnerFactory
from tests.programmes.factories import EnrolmentFactory, GroupFactory
from tests.referrals.factories import (
    AcceptedReferralFactory,
    OnwardReferralFactory,
    WomansInformationShareFactory,
    WomansOnwardReferralFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def womans(org):
    return WomansOnwardReferralFactory(
        organisation=org, reason="She asked for refuge (secret reason)."
    )


@pytest.fixture
def mans(org):
    return OnwardReferralFactory(organisation=org, reason="Child-safety concern.")


@pytest.fixture
def facilitator_of(make_user, org):
    """A facilitator whose group holds the man of `mans`."""

    def make(participant):
        facilitator = make_user("facilitator")
        group = GroupFactory(organisation=org, programme__organisation=org)
        group.facilitators.set([facilitator])
        EnrolmentFactory(organisation=org, group=group, participant=participant)
        return facilitator

    return make


@pytest.mark.parametrize("role", ["facilitator", "caseworker", "org_admin"])
def test_womans_onward_referral_is_invisible_outside_the_firewall(
    role, make_user, login, womans
):
    user = make_user(role)
    assert not OnwardReferral.objects.visible_to(user).filter(pk=womans.pk).exists()
    assert not InformationShare.objects.visible_to(user).about_women().exists()
    client = login(user)
    assert client.get(womans.get_absolute_url()).status_code in (403, 404)
    listing = client.get(reverse("referrals:onward_list"))
    assert "secret reason" not in listing.content.decode()
    assert womans.partner.name not in listing.content.decode()


def test_caseworker_gets_404_on_every_womans_page(caseworker, login, womans):
    client = login(caseworker)
    partner = womans.partner
    for url in [
        womans.get_absolute_url(),
        reverse("referrals:onward_outcome", args=[womans.uuid]),
        reverse("referrals:partner_onward_create", args=[partner.uuid]),
        reverse("referrals:partner_sharing_log", args=[partner.uuid]),
        reverse("referrals:partner_sharing_export", args=[partner.uuid]),
        reverse("referrals:partner_share_create", args=[partner.uuid]),
    ]:
        response = client.get(url)
        assert response.status_code in (404, 405), url
        assert partner.name not in response.content.decode()
    assert (
        client.post(
            reverse("referrals:onward_outcome", args=[womans.uuid]),
            {"outcome": "accepted", "outcome_on": "2026-11-20"},
        ).status_code
        == 404
    )


def test_womans_onward_referral_is_absent_from_the_case_file(
    org, caseworker, facilitator_of, womans, mans
):
    """Even if a woman's referral were linked to the man's partner, his case file
    shows only referrals about him."""
    facilitator = facilitator_of(mans.participant)
    for user in (caseworker, facilitator):
        context = case_file_context(mans.participant, user)
        assert context["onward_referrals"] == [mans]
        titles = " ".join(entry.title for entry in context["timeline"])
        assert womans.agency.name not in titles


@pytest.mark.parametrize("role", ["partner_support", "manager"])
def test_partner_worker_and_manager_see_the_womans_referral(
    role, make_user, login, womans
):
    client = login(make_user(role))
    response = client.get(womans.get_absolute_url())
    assert response.status_code == 200
    assert "secret reason" in response.content.decode()
    assert (
        womans.partner.name
        in client.get(reverse("referrals:onward_list")).content.decode()
    )


def test_partner_worker_sees_no_mans_referral_in_or_out(
    org, partner_worker, login, mans
):
    referral = AcceptedReferralFactory(organisation=org)
    client = login(partner_worker)
    assert client.get(mans.get_absolute_url()).status_code == 404
    assert client.get(referral.get_absolute_url()).status_code == 403
    assert (
        "Child-safety concern"
        not in client.get(reverse("referrals:onward_list")).content.decode()
    )
    url = reverse("casefile:onward_create", args=[mans.participant.uuid])
    assert client.get(url).status_code == 404
    url = reverse("referrals:participant_sharing_log", args=[mans.participant.uuid])
    assert client.get(url).status_code == 404


def test_facilitator_sees_only_mens_referrals_of_his_group(
    org, login, facilitator_of, mans
):
    other = OnwardReferralFactory(organisation=org)
    facilitator = facilitator_of(mans.participant)
    client = login(facilitator)
    assert client.get(mans.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_another_organisation_sees_nothing(outsider, login, womans, mans):
    client = login(outsider)
    assert client.get(womans.get_absolute_url()).status_code == 404
    assert client.get(mans.get_absolute_url()).status_code == 404
    url = reverse("referrals:partner_sharing_log", args=[womans.partner.uuid])
    assert client.get(url).status_code == 404


def test_womans_sharing_log_for_partner_worker_is_logged(org, partner_worker, login):
    share = WomansInformationShareFactory(organisation=org)
    client = login(partner_worker)
    url = reverse("referrals:partner_sharing_log", args=[share.partner.uuid])
    response = client.get(url)
    assert response.status_code == 200
    assert "Her safe number" in response.content.decode()
    assert partner_worker.access_logs.filter(action="view").exists()


def test_partner_worker_refers_a_woman_to_a_womens_service(org, partner_worker, login):
    from tests.referrals.factories import AgencyFactory

    partner = PartnerFactory(organisation=org)
    service = AgencyFactory(organisation=org, kind="womens_service")
    AgencyFactory(organisation=org, kind="marac", name="Not offered MARAC")
    client = login(partner_worker)
    url = reverse("referrals:partner_onward_create", args=[partner.uuid])
    page = client.get(url).content.decode()
    assert service.name in page and "Not offered MARAC" not in page
    response = client.post(
        url,
        {
            "kind": "womens_service",
            "agency": str(service.uuid),
            "made_on": "2026-11-20",
            "reason": "Outreach support.",
            "information_shared": "Her safe number.",
            "legal_basis": "consent",
            "consent_recorded": "on",
        },
    )
    onward = OnwardReferral.objects.get()
    assert response.status_code == 302
    assert onward.partner == partner and onward.participant is None
    assert onward.information_share.partner == partner
