"""The heartbeat task and its place in the beat schedule."""

import pytest
from django.conf import settings

from config.celery import app
from health import tasks
from health.models import BEAT, Heartbeat


def test_beat_queues_the_heartbeat_every_minute():
    """The schedule names a registered task, often enough for LATE_AFTER."""
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "health.tasks.record_beat_heartbeat"
    ]
    assert [entry["schedule"] for entry in entries] == [60.0]
    assert "health.tasks.record_beat_heartbeat" in app.tasks


@pytest.mark.django_db
def test_the_heartbeat_task_can_run_twice():
    """Idempotent: each run moves the one row's time forward."""
    tasks.record_beat_heartbeat()
    first = Heartbeat.objects.get(name=BEAT).beat_at
    tasks.record_beat_heartbeat()
    assert Heartbeat.objects.get().beat_at >= first
    assert Heartbeat.objects.status(BEAT) == "ok"
