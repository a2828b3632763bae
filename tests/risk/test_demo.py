import random

from django.utils import timezone

from accounts import demo as accounts_demo
from participants.models import Participant
from risk import demo
from risk.models import Alert, MonitoringPeriod, RiskAssessment, RiskEvent, RiskNote
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import RelationshipFactory


def _ctx(men=12):
    ctx = accounts_demo.DemoContext(
        rng=random.Random(7),
        today=timezone.localdate(),
        participants_per_organisation=men,
    )
    accounts_demo.seed(ctx, 2)
    for organisation in ctx.organisations:
        caseworker = ctx.users(organisation, "caseworker")[0]
        worker = ctx.users(organisation, "partner_support")[0]
        for n in range(men):
            man = ParticipantFactory(organisation=organisation, caseworker=caseworker)
            if n % 3 == 0:
                RelationshipFactory(
                    participant=man,
                    organisation=organisation,
                    partner__organisation=organisation,
                    partner__partner_support_worker=worker,
                )
    return ctx


def test_demo_risk_data_covers_what_the_demo_needs(db):
    ctx = _ctx()
    demo.seed(ctx)
    for organisation in ctx.organisations:
        levels = set(
            RiskAssessment.objects.filter(organisation=organisation).values_list(
                "level", flat=True
            )
        )
        assert levels == {"standard", "medium", "high"}
        assert RiskNote.objects.filter(organisation=organisation).exists()
        assert RiskEvent.objects.filter(organisation=organisation).exists()
        statuses = set(
            Alert.objects.filter(organisation=organisation).values_list(
                "status", flat=True
            )
        )
        assert {"open", "acknowledged"} <= statuses
        period = MonitoringPeriod.objects.get(
            organisation=organisation, reason="separation"
        )
        assert period.participant.partner_relationships.exists()
        assert period.is_active(ctx.today)
    # His level is his latest assessment's.
    for man in Participant.objects.exclude(risk_level="none"):
        latest = man.risk_assessments.order_by("-assessed_on", "-pk").first()
        assert man.risk_level == latest.level
    assert (
        not Alert.objects.filter(email_status="pending")
        .exclude(event__kind__in=["separation"])
        .exists()
    )
