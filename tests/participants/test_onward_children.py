"""An onward referral to child services names the children of his case it concerns."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from referrals import onward_services
from referrals.models import Agency, OnwardReferral
from tests.participants.factories import ChildFactory, ParticipantFactory
from tests.referrals.factories import AgencyFactory


@pytest.fixture
def man(org, caseworker):
    return ParticipantFactory(organisation=org, caseworker=caseworker)


@pytest.fixture
def child_services(org):
    return AgencyFactory(
        organisation=org, kind=Agency.Kind.CHILD_SERVICES, name="Children (fictional)"
    )


def post(client, man, agency, **overrides):
    data = {
        "kind": "child_services",
        "agency": str(agency.uuid),
        "made_on": timezone.localdate().isoformat(),
        "reason": "Concerns about the children's exposure to abuse.",
        "information_shared": "Attendance and a summary of concerns.",
        "legal_basis": "vital_interests",
        "reason_without_consent": "Asking him would raise the risk.",
    } | overrides
    return client.post(reverse("casefile:onward_create", args=[man.uuid]), data)


def test_the_referral_names_the_children_chosen(man, child_services, caseworker, login):
    first = ChildFactory(participant=man, name="N.")
    ChildFactory(participant=man, name="O.")
    client = login(caseworker)
    form = client.get(
        reverse("casefile:onward_create", args=[man.uuid]) + "?kind=child_services"
    )
    assert "Children it concerns" in form.content.decode()
    response = post(client, man, child_services, children=[first.pk])
    assert response.status_code == 302
    onward = OnwardReferral.objects.get()
    assert list(onward.children.all()) == [first]


def test_a_referral_to_child_services_must_name_a_child(
    man, child_services, caseworker, login
):
    ChildFactory(participant=man)
    response = post(login(caseworker), man, child_services)
    assert response.status_code == 400
    assert "Name the children" in response.content.decode()
    assert not OnwardReferral.objects.exists()


def test_another_mans_child_cannot_be_named(
    man, child_services, caseworker, login, org
):
    ChildFactory(participant=man)
    stranger = ChildFactory(participant=ParticipantFactory(organisation=org))
    response = post(login(caseworker), man, child_services, children=[stranger.pk])
    assert response.status_code == 400
    assert not OnwardReferral.objects.exists()


def test_a_man_without_children_is_referred_without_naming_any(
    man, child_services, caseworker, login
):
    assert post(login(caseworker), man, child_services).status_code == 302


def test_the_service_refuses_children_of_another_case(man, child_services, caseworker):
    stranger = ChildFactory(
        participant=ParticipantFactory(organisation=man.organisation)
    )
    with pytest.raises(ValidationError, match="only children of his case"):
        onward_services.make_onward_referral(
            actor=caseworker,
            kind="child_services",
            agency=child_services,
            reason="Concerns.",
            information_shared="Summary.",
            legal_basis="vital_interests",
            consent_recorded=False,
            reason_without_consent="Risk.",
            made_on=timezone.localdate(),
            participant=man,
            children=[stranger],
        )
