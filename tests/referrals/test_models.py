import datetime

import pytest
from django.db import IntegrityError, transaction

from referrals.models import LegalBasis, OnwardReferral, Referral
from tests.referrals.factories import (
    AcceptedReferralFactory,
    AgencyFactory,
    InformationShareFactory,
    MaracOnwardReferralFactory,
    OnwardReferralFactory,
    ReferralFactory,
    ScreeningReferralFactory,
    WomansOnwardReferralFactory,
)

MONDAY = datetime.date(2026, 11, 16)
pytestmark = pytest.mark.django_db


def test_referral_is_overdue_after_five_working_days(org):
    """Received on a Monday: due the next Monday, overdue from the Tuesday."""
    referral = ReferralFactory(organisation=org, received_on=MONDAY)
    next_monday = MONDAY + datetime.timedelta(days=7)
    assert not Referral.objects.overdue(next_monday).exists()
    assert not referral.is_overdue_on(next_monday)
    tuesday = next_monday + datetime.timedelta(days=1)
    assert list(Referral.objects.overdue(tuesday)) == [referral]
    assert referral.is_overdue_on(tuesday)


def test_screening_referral_can_be_overdue_but_decided_ones_never(org):
    late = datetime.date(2026, 12, 31)
    screening = ScreeningReferralFactory(organisation=org, received_on=MONDAY)
    AcceptedReferralFactory(organisation=org, received_on=MONDAY)
    assert list(Referral.objects.overdue(late)) == [screening]


def test_overdue_follows_each_organisations_own_limit(org, other_org):
    other_org.referral_screening_days = 10
    other_org.save()
    ours = ReferralFactory(organisation=org, received_on=MONDAY)
    ReferralFactory(organisation=other_org, received_on=MONDAY)
    eight_working_days_on = datetime.date(2026, 11, 26)
    assert list(Referral.objects.overdue(eight_working_days_on)) == [ours]
    marked = Referral.objects.with_overdue(eight_working_days_on).order_by("pk")
    assert [r.is_overdue for r in marked] == [True, False]


def test_referral_needs_exactly_one_source(org):
    agency = AgencyFactory(organisation=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralFactory(organisation=org, agency=None, is_self_referral=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralFactory(organisation=org, agency=agency, is_self_referral=True)


def test_accepted_referral_needs_its_participant(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralFactory(organisation=org, status=Referral.Status.ACCEPTED)


def test_onward_referral_without_consent_needs_other_basis_and_reason(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        OnwardReferralFactory(
            organisation=org, consent_recorded=False, reason_without_consent="Why"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        OnwardReferralFactory(
            organisation=org,
            consent_recorded=False,
            legal_basis=LegalBasis.PUBLIC_TASK,
            reason_without_consent="",
        )


def test_onward_referral_is_about_exactly_one_person(org, caseworker):
    with pytest.raises(IntegrityError), transaction.atomic():
        OnwardReferralFactory(organisation=org, participant=None, made_by=caseworker)
    man = OnwardReferralFactory(organisation=org).participant
    with pytest.raises(IntegrityError), transaction.atomic():
        WomansOnwardReferralFactory(organisation=org, participant=man)


def test_a_woman_is_referred_to_a_womens_service_only(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        WomansOnwardReferralFactory(
            organisation=org, kind=OnwardReferral.Kind.MARAC, marac_criterion="repeat"
        )


def test_marac_queries_for_the_risk_app(org):
    """The documented queries: has a conference referral, and one within a year."""
    today = datetime.date(2026, 11, 24)
    old = MaracOnwardReferralFactory(
        organisation=org, made_on=datetime.date(2025, 10, 1)
    )
    man = old.participant
    OnwardReferralFactory(organisation=org, participant=man)
    assert OnwardReferral.objects.marac().filter(participant=man).exists()
    assert not (
        OnwardReferral.objects.marac()
        .filter(participant=man)
        .made_within_a_year_of(today)
        .exists()
    )
    recent = MaracOnwardReferralFactory(
        organisation=org, participant=man, made_on=datetime.date(2026, 6, 1)
    )
    assert list(
        OnwardReferral.objects.marac()
        .filter(participant=man)
        .made_within_a_year_of(today)
    ) == [recent]


def test_information_share_without_consent_needs_basis(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        InformationShareFactory(
            organisation=org,
            consent_recorded=False,
            legal_basis=LegalBasis.CONSENT,
            reason_without_consent="x",
        )
