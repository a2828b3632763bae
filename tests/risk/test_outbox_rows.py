"""The outbox's set-wise writes store what bulk_create and simple_history's
bulk_history_create stored: the same rows, the same history."""

from datetime import timedelta

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
