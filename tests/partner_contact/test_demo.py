"""The demo seeder: partners in every state, linked to whatever men exist."""

import random

from django.db.models import F
from django.utils import timezone

from accounts import demo as accounts_demo
from partner_contact import demo
from partner_contact.models import Consent, Partner, Relationship, SafetyPlan
from partner_contact.worklist import build_worklist, increased_risk_relationships
from tests.participants.factories import ParticipantFactory


def seeded_context(men_per_org=30):
    ctx = accounts_demo.DemoContext(
        rng=random.Random(2026),
        today=timezone.localdate(),
        participants_per_organisation=men_per_org,
    )
    accounts_demo.seed(ctx, 2)
    for organisation in ctx.organisations:
        caseworker = ctx.users(organisation, "caseworker")[0]
        ParticipantFactory.create_batch(
            men_per_org, organisation=organisation, caseworker=caseworker
        )
    return ctx


def test_seed_makes_partners_in_every_state(db):
    ctx = seeded_context()
    demo.seed(ctx)
    today = ctx.today
    org = ctx.organisations[0]
    assert Partner.objects.filter(organisation=org).count() >= 15
    states = {c.state(today) for c in Consent.objects.filter(organisation=org)}
    assert {"in force", "expired", "withdrawn"} <= states
    assert Consent.objects.filter(organisation=org).expiring_within(14, today).exists()
    assert Relationship.objects.filter(
        organisation=org, status=Relationship.Status.SEPARATED
    ).exists()
    assert SafetyPlan.objects.filter(organisation=org, version=2).exists()
    partner_user = ctx.users(org, "partner_support")[0]
    assert partner_user.username == "partner"
    worklist = build_worklist(partner_user, today)
    assert worklist.awaiting and worklist.follow_ups
    # The demo separation goes through the real service, so the risk app opens a
    # monitoring period for his case.
    assert increased_risk_relationships(organisation_id=org.pk, today=today).exists()
    # Every partner is linked to a demo man of her own organisation.
    assert not Relationship.objects.exclude(
        participant__organisation_id=F("organisation_id")
    ).exists()


def test_seed_with_no_men_does_nothing(db):
    ctx = seeded_context(men_per_org=0)
    demo.seed(ctx)
    assert not Partner.objects.exists()
