"""The outbox's set-wise writes store what bulk_create and simple_history's
bulk_history_create stored: the same rows, the same history."""

from datetime import timedelta

from django.db.models.signals import post_init
from django.forms.models import model_to_dict
from django.utils import timezone

from risk import outbox
from risk.models import Alert, RiskEvent
from tests.accounts.factories import ManagerFactory

Kind = RiskEvent.Kind


def detection(man, key, kind=Kind.SEPARATION, **fields):
    return outbox.Detection(
        organisation_id=man.organisation_id,
        participant_id=man.pk,
        kind=kind,
        occurred_on=timezone.localdate() - timedelta(days=2),
        dedup_key=key,
        summary='O\'Brien, "quoted", {braced}',
        **fields,
    )


def test_events_and_alerts_are_stored_as_built(man, manager):
    """Every field of the objects returned is the row in the database, primary
    keys included, and each alert is its own event's and recipient's."""
    now = timezone.now()
    recorded = outbox.record_events(
        [detection(man, "a"), detection(man, "b", Kind.OTHER, detector="d")],
        now=now,
    )
    assert len(recorded.events) == 2
    for event in recorded.events:
        assert model_to_dict(RiskEvent.objects.get(pk=event.pk)) == model_to_dict(event)
    assert {e.summary for e in recorded.events} == {'O\'Brien, "quoted", {braced}'}
    assert len(recorded.alerts) == len({a.pk for a in recorded.alerts}) >= 3
    for alert in recorded.alerts:
        stored = Alert.objects.get(pk=alert.pk)
        assert model_to_dict(stored) == model_to_dict(alert)
        assert stored.created_at == alert.created_at
        assert (stored.event_id, stored.recipient_id, stored.uuid) == (
            alert.event_id,
            alert.recipient_id,
            alert.uuid,
        )
        assert not alert._state.adding


def test_a_known_key_is_still_ignored(man, manager):
    outbox.record_events([detection(man, "a")])
    again = outbox.record_events([detection(man, "a"), detection(man, "b")])
    assert [e.dedup_key for e in again.events] == ["b"]
    assert RiskEvent.objects.count() == 2


def test_each_new_row_has_its_created_history(man, manager):
    """One "+" history row per event and alert, with its fields, the actor and
    no change reason, as bulk_history_create wrote them."""
    actor = ManagerFactory(organisation=man.organisation)
    now = timezone.now()
    recorded = outbox.record_events(
        [detection(man, "a"), detection(man, "b")], actor=actor, now=now
    )
    for model, rows in ((RiskEvent, recorded.events), (Alert, recorded.alerts)):
        history = model.history.model.objects.filter(id__in=[r.pk for r in rows])
        assert history.count() == len(rows)
        for row in rows:
            created = history.get(id=row.pk)
            assert created.history_type == "+"
            assert created.history_user == actor
            assert created.history_change_reason == ""
            for field in model.history.model.tracked_fields:
                assert getattr(created, field.attname) == getattr(row, field.attname)
    assert {h.history_date for h in RiskEvent.history.all()} == {now}


def test_the_instances_returned_behave_as_read_from_the_database(man, manager):
    """Built without Model.__init__ (risk.bulk._saved), an alert returned is a
    saved instance: equal to the row read back, its relations followed, and a
    save changes the row instead of adding one."""
    alert = outbox.record_events([detection(man, "a")]).alerts[0]
    assert alert == Alert.objects.get(pk=alert.pk)
    assert not alert._state.adding and alert._state.db == "default"
    assert alert.event.dedup_key == "a"
    assert alert.recipient.organisation_id == man.organisation_id
    alert.status = Alert.Status.ACKNOWLEDGED
    alert.acknowledged_at = timezone.now()
    alert.save()
    assert (
        Alert.objects.filter(event=alert.event, recipient=alert.recipient).count() == 1
    )
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.ACKNOWLEDGED


def test_a_model_with_init_receivers_is_built_through_init(man, manager):
    """A post_init receiver (none today) still hears of every instance returned."""
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(receiver, sender=Alert)
    try:
        alerts = outbox.record_events([detection(man, "a")]).alerts
    finally:
        post_init.disconnect(receiver, sender=Alert)
    assert alerts and all(any(a is h for h in heard) for a in alerts)
    for alert in alerts:
        assert model_to_dict(Alert.objects.get(pk=alert.pk)) == model_to_dict(alert)
