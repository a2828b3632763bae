"""A man's onward referral from his case file, with the MARAC pre-fill."""

import datetime

import pytest
from django.urls import reverse

from casefile import views as casefile_views
from referrals.models import Agency, InformationShare, OnwardReferral
from tests.participants.factories import ParticipantFactory
from tests.referrals.factories import AgencyFactory

pytestmark = pytest.mark.django_db

PREFILL = {
    "criterion": "escalation",
    "yes_count": 12,
    "incidents_last_12_months": 3,
    "judgement_narrative": "Third police call-out this year.",
    "previous_referral_date": datetime.date(2026, 3, 4),
}


@pytest.fixture
def man(org, caseworker):
    return ParticipantFactory(organisation=org, caseworker=caseworker)


@pytest.fixture
def marac(org):
    return AgencyFactory(organisation=org, kind=Agency.Kind.MARAC, name="Demo MARAC")


def _url(man, kind=""):
    url = reverse("casefile:onward_create", args=[man.uuid])
    return f"{url}?kind={kind}" if kind else url


def test_marac_referral_is_prefilled_from_the_risk_app(
    man, marac, caseworker, login, monkeypatch
):
    import risk.marac

    monkeypatch.setattr(risk.marac, "referral_prefill", lambda participant: PREFILL)
    response = login(caseworker).get(_url(man, "marac"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["marac_criterion"] == "escalation"
    assert form.initial["yes_count"] == 12
    assert form.initial["incidents_last_12_months"] == 3
    assert form.initial["judgement_narrative"] == "Third police call-out this year."
    assert form.initial["previous_referral_on"] == datetime.date(2026, 3, 4)
    assert form.initial["agency"] == marac.uuid
    assert "Pre-filled from his latest risk assessment" in response.content.decode()


def test_marac_form_starts_empty_when_the_risk_app_offers_nothing(
    man, marac, caseworker, login, monkeypatch
):
    """No pre-fill from risk: the form starts empty (it used to guard for the risk
    app being absent; on the top floor risk is always installed)."""
    import risk.marac

    monkeypatch.setattr(risk.marac, "referral_prefill", lambda participant: {})
    response = login(caseworker).get(_url(man, "marac"))
    assert response.status_code == 200
    assert "marac_criterion" not in response.context["form"].initial
    assert casefile_views.marac_prefill(man) == {}


def _post(client, man, agency, **overrides):
    data = {
        "kind": "marac",
        "agency": str(agency.uuid),
        "made_on": "2026-11-20",
        "reason": "High risk after separation.",
        "information_shared": "Risk summary and attendance.",
        "legal_basis": "vital_interests",
        "reason_without_consent": "Asking him would raise the risk to her.",
        "marac_criterion": "high_count",
        "yes_count": "15",
    }
    data.update(overrides)
    return client.post(_url(man), data)


def test_marac_referral_with_legal_basis_is_made_and_logged(
    man, marac, caseworker, login
):
    response = _post(login(caseworker), man, marac)
    onward = OnwardReferral.objects.get()
    assert response.status_code == 302 and response.url == onward.get_absolute_url()
    assert onward.kind == "marac" and onward.made_by == caseworker
    assert InformationShare.objects.get().onward_referral == onward


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"legal_basis": ""}, "Choose the legal basis"),
        ({"legal_basis": "consent"}, "Consent is not recorded"),
        ({"reason_without_consent": ""}, "Say why the information is shared"),
        ({"marac_criterion": ""}, "Say which criterion"),
        ({"made_on": "2099-01-01"}, "cannot be in the future"),
    ],
)
def test_onward_referral_bad_input_is_a_400_and_saves_nothing(
    man, marac, caseworker, login, overrides, message
):
    response = _post(login(caseworker), man, marac, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "High risk after separation." in html  # nothing typed is lost
    assert not OnwardReferral.objects.exists()


def test_onward_referral_to_the_wrong_kind_of_agency_is_a_400(
    org, man, caseworker, login
):
    police = AgencyFactory(organisation=org, kind=Agency.Kind.POLICE)
    response = _post(login(caseworker), man, police)
    assert response.status_code == 400
    assert not OnwardReferral.objects.exists()


def test_onward_referral_to_a_foreign_agency_is_a_400(
    other_org, man, caseworker, login
):
    foreign = AgencyFactory(organisation=other_org, kind=Agency.Kind.MARAC)
    response = _post(login(caseworker), man, foreign)
    assert response.status_code == 400
    assert not OnwardReferral.objects.exists()


def test_onward_referral_for_another_organisations_man_is_a_404(
    other_org, marac, caseworker, login
):
    foreign_man = ParticipantFactory(organisation=other_org)
    client = login(caseworker)
    assert client.get(_url(foreign_man)).status_code == 404
    assert _post(client, foreign_man, marac).status_code == 404
    assert not OnwardReferral.objects.exists()


def test_men_are_not_referred_to_a_womens_service(org, man, caseworker, login):
    service = AgencyFactory(organisation=org, kind=Agency.Kind.WOMENS_SERVICE)
    response = _post(login(caseworker), man, service, kind="womens_service")
    assert response.status_code == 400
    assert not OnwardReferral.objects.exists()


def test_facilitator_reads_but_cannot_refer(org, make_user, login, man):
    client = login(make_user("facilitator"))
    assert client.get(_url(man)).status_code == 403
