"""The demo's referrals: every agency kind and every state."""

from referrals.models import Agency, InformationShare, OnwardReferral, Referral


def test_demo_seeds_every_kind_and_state(seeded):
    org = seeded.organisations[0]
    agencies = Agency.objects.filter(organisation=org)
    assert set(agencies.values_list("kind", flat=True)) == set(Agency.Kind.values)
    referrals = Referral.objects.filter(organisation=org)
    assert set(referrals.values_list("status", flat=True)) == set(
        Referral.Status.values
    )
    assert referrals.overdue(seeded.today).exists()
    assert referrals.filter(status="accepted", participant__isnull=True).count() == 0
    for referral in referrals.filter(status__in=Referral.DECIDED):
        assert referral.decisions.filter(to_status=referral.status).exists()
    onward = OnwardReferral.objects.filter(organisation=org)
    assert onward.marac().exists()
    assert onward.filter(kind="child_services").exists()
    # Three women of each organisation are referred to a women's service.
    assert onward.about_women().count() == 3
    assert (
        InformationShare.objects.filter(
            organisation=org, onward_referral__isnull=False
        ).count()
        == onward.count()
    )
