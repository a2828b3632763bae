import random
from datetime import date

import pytest

from accounts import demo as accounts_demo
from referrals import demo
from referrals.models import Agency, InformationShare, OnwardReferral, Referral
from tests.partner_contact.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_kind_and_state():
    ctx = accounts_demo.DemoContext(
        rng=random.Random(1), today=date(2026, 11, 24), participants_per_organisation=8
    )
    accounts_demo.seed(ctx, 2)
    PartnerFactory(organisation=ctx.organisations[0])
    demo.seed(ctx)
    org = ctx.organisations[0]
    agencies = Agency.objects.filter(organisation=org)
    assert set(agencies.values_list("kind", flat=True)) == set(Agency.Kind.values)
    referrals = Referral.objects.filter(organisation=org)
    assert set(referrals.values_list("status", flat=True)) == set(
        Referral.Status.values
    )
    assert referrals.overdue(ctx.today).exists()
    assert referrals.filter(status="accepted", participant__isnull=True).count() == 0
    for referral in referrals.filter(status__in=Referral.DECIDED):
        assert referral.decisions.filter(to_status=referral.status).exists()
    onward = OnwardReferral.objects.filter(organisation=org)
    assert onward.marac().exists()
    assert onward.filter(kind="child_services").exists()
    assert onward.about_women().count() == 1
    assert (
        InformationShare.objects.filter(
            organisation=org, onward_referral__isnull=False
        ).count()
        == onward.count()
    )
