"""The demo's risk data, and the dates of its alerts."""

from datetime import timedelta

from django.db.models import F

from participants.models import Participant
from risk.models import Alert, MonitoringPeriod, RiskAssessment, RiskEvent, RiskNote


def test_demo_risk_data_covers_what_the_demo_needs(seeded):
    for organisation in seeded.organisations:
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
        periods = MonitoringPeriod.objects.filter(
            organisation=organisation, reason="separation"
        )
        assert any(
            p.participant.partner_relationships.exists() and p.is_active(seeded.today)
            for p in periods
        )
    # His level is his latest assessment's.
    for man in Participant.objects.exclude(risk_level="none"):
        latest = man.risk_assessments.order_by("-assessed_on", "-pk").first()
        assert man.risk_level == latest.level
    assert (
        not Alert.objects.filter(email_status="pending")
        .exclude(event__kind__in=["separation"])
        .exists()
    )


def test_no_alert_is_acknowledged_before_it_was_raised(seeded):
    alerts = Alert.objects.all()
    assert alerts.filter(acknowledged_at__isnull=False).exists()
    assert not alerts.filter(acknowledged_at__lt=F("created_at")).exists()
    assert not alerts.filter(resolved_at__lt=F("acknowledged_at")).exists()
    assert not alerts.filter(created_at__lt=F("event__created_at")).exists()
    assert not alerts.filter(acknowledged_at__gt=seeded.now).exists()
    # Each acknowledgement is in the alert's history, by its recipient, then.
    acknowledged = alerts.filter(status="acknowledged").first()
    change = acknowledged.history.filter(history_type="~").earliest("history_date")
    assert change.history_date == acknowledged.acknowledged_at
    assert change.history_user_id == acknowledged.recipient_id
    created = acknowledged.history.get(history_type="+")
    assert created.history_date == acknowledged.created_at


def test_alert_ages_are_spread_over_the_history(seeded):
    """Not every alert "under a day" old: the dashboard's buckets all fill."""
    now = seeded.now
    buckets = [
        (timedelta(0), timedelta(days=1)),
        (timedelta(days=1), timedelta(days=3)),
        (timedelta(days=3), timedelta(days=7)),
        (timedelta(days=7), timedelta(days=3650)),
    ]
    for low, high in buckets:
        between = Alert.objects.filter(
            created_at__lte=now - low, created_at__gt=now - high
        )
        assert between.exists(), (low, high)
    assert Alert.objects.filter(created_at__lt=now - timedelta(days=180)).exists()


def test_alerts_open_past_their_limit_were_escalated(seeded):
    late = Alert.objects.filter(
        status="open", created_at__lt=seeded.now - timedelta(days=2)
    ).exclude(event__kind="unacknowledged_alert")
    assert late.exists()
    assert not late.filter(escalated_at__isnull=True).exists()
    for alert in late[:5]:
        assert RiskEvent.objects.filter(dedup_key=f"unack:{alert.event_id}").exists()


def test_a_scan_after_seeding_finds_every_fact_known(seeded):
    """The seeder wrote what the detectors find with their own keys: a scan at the
    seed's clock writes no event, no alert and no escalation."""
    from risk import services

    events, alerts = RiskEvent.objects.count(), Alert.objects.count()
    results = services.run_detectors(today=seeded.today, at=seeded.now)
    results["escalation"] = services.escalate_unacknowledged_alerts(at=seeded.now)
    assert {name: len(r.events) for name, r in results.items() if r.events} == {}
    assert (RiskEvent.objects.count(), Alert.objects.count()) == (events, alerts)
    # Several detectors found facts, so their keys were compared.
    assert (
        RiskEvent.objects.exclude(detector="").values("detector").distinct().count() > 5
    )


def test_the_scan_risk_command_after_seeding_writes_no_event(seeded):
    """At the real clock, seconds later: only an alert that has just passed its
    limit since the seed's clock could be escalated."""
    import io

    from django.core.management import call_command

    facts = RiskEvent.objects.exclude(kind="unacknowledged_alert")
    before = facts.count()
    call_command("scan_risk", stdout=io.StringIO())
    assert facts.count() == before
