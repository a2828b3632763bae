import datetime

import pytest
from django.urls import reverse

from participants.models import Participant, StatusChange
from referrals.models import Referral
from tests.participants.factories import ParticipantFactory
from tests.referrals.factories import (
    AcceptedReferralFactory,
    AgencyFactory,
    DeclinedReferralFactory,
    ReferralFactory,
    SelfReferralFactory,
)

pytestmark = pytest.mark.django_db
Q1 = datetime.date(2026, 2, 10)
Q2 = datetime.date(2026, 5, 10)


@pytest.fixture
def funnel_data(org, caseworker):
    court = AgencyFactory(organisation=org, name="Demo Court")
    probation = AgencyFactory(organisation=org, name="Demo Probation")
    # Court, Q1: 3 received, 2 accepted, 1 of them started and completed.
    done = ParticipantFactory(organisation=org, status=Participant.Status.CLOSED)
    StatusChange.objects.create(
        organisation=org,
        participant=done,
        from_status="waiting_list",
        to_status="active",
        effective_on=Q1,
        reason="started",
        changed_by=caseworker,
    )
    StatusChange.objects.create(
        organisation=org,
        participant=done,
        from_status="active",
        to_status="completed",
        effective_on=Q2,
        reason="completed",
        changed_by=caseworker,
    )
    AcceptedReferralFactory(
        organisation=org, agency=court, received_on=Q1, participant=done
    )
    AcceptedReferralFactory(
        organisation=org,
        agency=court,
        received_on=Q1,
        participant__status=Participant.Status.WAITING_LIST,
    )
    DeclinedReferralFactory(organisation=org, agency=court, received_on=Q1)
    # Probation, Q2: 1 received, accepted and now active.
    AcceptedReferralFactory(
        organisation=org,
        agency=probation,
        received_on=Q2,
        participant__status=Participant.Status.ACTIVE,
    )
    # Self-referral, Q2: 1 open.
    SelfReferralFactory(organisation=org, received_on=Q2)


def test_funnel_counts_per_quarter_and_source(org, funnel_data):
    rows = {
        (r["is_self_referral"], r["agency__name"]): r
        for r in Referral.objects.filter(organisation=org).funnel_counts(
            "is_self_referral", "agency__name"
        )
    }
    court = rows[(False, "Demo Court")]
    assert (court["received"], court["accepted"], court["started"]) == (3, 2, 1)
    assert court["completed"] == 1
    probation = rows[(False, "Demo Probation")]
    assert (probation["received"], probation["started"], probation["completed"]) == (
        1,
        1,
        0,
    )
    assert rows[(True, None)]["received"] == 1


def test_funnel_page_for_managers(funnel_data, manager, login):
    response = login(manager).get(reverse("referrals:referral_funnel"))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals["received"], totals["accepted"], totals["started"]) == (5, 3, 2)
    assert totals["completed"] == 1
    quarters = [row["quarter_label"] for row in response.context["by_quarter"]]
    assert quarters == ["2026 Q2", "2026 Q1"]
    assert "Self-referral" in response.content.decode()


def test_funnel_year_filter(funnel_data, org, manager, login):
    ReferralFactory(organisation=org, received_on=datetime.date(2025, 7, 1))
    client = login(manager)
    all_years = client.get(reverse("referrals:referral_funnel"))
    assert all_years.context["totals"]["received"] == 6
    only_2025 = client.get(reverse("referrals:referral_funnel"), {"year": "2025"})
    assert only_2025.context["totals"]["received"] == 1


@pytest.mark.parametrize("role", ["caseworker", "facilitator", "partner_support"])
def test_funnel_is_for_managers_only(role, make_user, login):
    response = login(make_user(role)).get(reverse("referrals:referral_funnel"))
    assert response.status_code == 403


def test_funnel_counts_only_own_organisation(funnel_data, outsider, login):
    response = login(outsider).get(reverse("referrals:referral_funnel"))
    assert response.context["totals"]["received"] == 0
