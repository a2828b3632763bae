"""Signals from lower apps become risk records through one service each."""

from datetime import timedelta

from django.utils import timezone

from participants.models import Participant, StatusChange
from participants.signals import status_changed
from partner_contact import services as partner_services
from partner_contact.models import PartnerContact
from programmes.signals import attendance_concern_raised
from risk.models import Alert, MonitoringPeriod, RiskEvent, RiskNote, RiskSettings
from tests.partner_contact.factories import RelationshipFactory
from tests.programmes.factories import AttendanceFactory

Kind = RiskEvent.Kind


def _status_change(man, to_status):
    return StatusChange.objects.create(
        organisation=man.organisation,
        participant=man,
        from_status=Participant.Status.ACTIVE,
        to_status=to_status,
        effective_on=timezone.localdate(),
        reason="test",
        changed_by=man.caseworker,
    )


def test_drop_out_alerts_the_partner_support_worker(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    change = _status_change(man, Participant.Status.DROPPED_OUT)
    status_changed.send(
        sender=Participant, participant=man, status_change=change, actor=man.caseworker
    )
    event = RiskEvent.objects.get()
    assert event.kind == Kind.DROP_OUT
    assert event.dedup_key == f"status:{change.pk}"
    assert list(event.alerts.values_list("recipient", flat=True)) == [
        relationship.partner.partner_support_worker_id
    ]


def test_completion_and_suspension_are_told_too_but_other_moves_are_not(man):
    RelationshipFactory(participant=man, partner__organisation=man.organisation)
    for status in ("completed", "suspended", "waiting_list"):
        status_changed.send(
            sender=Participant,
            participant=man,
            status_change=_status_change(man, status),
            actor=man.caseworker,
        )
    assert sorted(RiskEvent.objects.values_list("kind", flat=True)) == [
        Kind.COMPLETION,
        Kind.SUSPENSION,
    ]


def test_attendance_concern_becomes_a_programme_note(man, facilitator):
    attendance = AttendanceFactory(
        participant=man,
        session__organisation=man.organisation,
        session__group__organisation=man.organisation,
    )
    attendance_concern_raised.send(
        sender=type(attendance),
        attendance=attendance,
        text="He shouted at another man when challenged.",
        actor=facilitator,
    )
    note = RiskNote.objects.get()
    assert (note.severity, note.visibility, note.source) == (
        "concern",
        "programme",
        "session",
    )
    assert note.session == attendance.session
    assert note.author == facilitator


def test_separation_recorded_opens_a_period_and_alerts(man, manager):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    worker = relationship.partner.partner_support_worker
    on = timezone.localdate() - timedelta(days=1)
    partner_services.record_separation(
        relationship=relationship, occurred_on=on, announced=False, actor=worker
    )
    event = RiskEvent.objects.get()
    assert (event.kind, event.occurred_on, event.visibility) == (
        Kind.SEPARATION,
        on,
        "programme",
    )
    period = MonitoringPeriod.objects.get(event=event)
    assert (period.ends_on - period.starts_on).days == 90
    recipients = set(event.alerts.values_list("recipient", flat=True))
    # The worker who recorded it is not alerted about her own record.
    assert recipients == {man.caseworker_id, manager.pk}


def test_organisation_monitoring_length_and_kinds_apply(man, org):
    RiskSettings.objects.create(
        organisation=org,
        monitoring_days=120,
        monitoring_event_kinds=["new_relationship"],
    )
    relationship = RelationshipFactory(participant=man, partner__organisation=org)
    partner_services.record_separation(
        relationship=relationship,
        occurred_on=timezone.localdate(),
        announced=True,
        actor=relationship.partner.partner_support_worker,
    )
    assert not MonitoringPeriod.objects.exists()
    from risk import services

    event = services.report_event(
        participant=man,
        reported_by=man.caseworker,
        kind=Kind.NEW_RELATIONSHIP,
        occurred_on=timezone.localdate(),
    )
    assert (event.monitoring_period.ends_on - event.occurred_on).days == 120


def test_disclosed_risks_are_partner_side_events_without_her_words(man, manager):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    worker = relationship.partner.partner_support_worker
    partner_services.log_contact(
        partner=relationship.partner,
        worker=worker,
        occurred_at=timezone.now() - timedelta(hours=1),
        channel="phone",
        outcome=PartnerContact.Outcome.SPOKE,
        relationship=relationship,
        disclosure="He said he would kill me if I left (her words).",
        risk_events=["threats", "court"],
    )
    events = RiskEvent.objects.order_by("kind")
    assert [e.kind for e in events] == [Kind.COURT, Kind.THREATS]
    for event in events:
        assert event.visibility == "partner_support_only"
        assert "kill" not in event.summary
        assert man.caseworker_id not in set(
            event.alerts.values_list("recipient", flat=True)
        )
    # Threats reach managers as urgent; the court date has nobody else left (the
    # worker recorded it herself, the caseworker is outside) so it falls to them.
    assert sorted(
        Alert.objects.filter(recipient=manager).values_list("reason", flat=True)
    ) == ["fallback", "manager"]


def test_receivers_are_idempotent(man):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    from risk import services

    for _ in range(2):
        services.record_separation_event(
            relationship=relationship,
            occurred_on=timezone.localdate(),
            announced=False,
            actor=None,
            contact=None,
        )
    assert RiskEvent.objects.count() == 1
