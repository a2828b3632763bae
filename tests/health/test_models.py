"""The beat heartbeat and what /healthz makes of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from health.models import BEAT, LATE_AFTER, Heartbeat

pytestmark = pytest.mark.django_db


def test_a_heartbeat_never_recorded_is_unknown():
    """A fresh install has no heartbeat yet: neither ok nor late."""
    assert Heartbeat.objects.status(BEAT) == "unknown"


def test_a_recent_heartbeat_is_ok_and_an_old_one_late():
    """Late once no heartbeat came for LATE_AFTER (several missed minutes)."""
    now = timezone.now()
    Heartbeat.objects.record(BEAT, now=now - LATE_AFTER)
    assert Heartbeat.objects.status(BEAT, now=now) == "ok"
    assert Heartbeat.objects.status(BEAT, now=now + timedelta(seconds=1)) == "late"


def test_recording_again_overwrites_the_one_row():
    """A heartbeat is one row per name, however often it is written."""
    now = timezone.now()
    Heartbeat.objects.record(BEAT, now=now - timedelta(minutes=1))
    Heartbeat.objects.record(BEAT, now=now)
    assert list(Heartbeat.objects.values_list("name", "beat_at")) == [(BEAT, now)]


def test_healthz_says_beat_is_unknown_before_the_first_heartbeat(client):
    """Before beat has ever run (a fresh install) the check stays 200."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["beat"] == "unknown"


def test_healthz_says_beat_is_ok_after_a_recent_heartbeat(client):
    """A heartbeat within the last few minutes: beat runs."""
    Heartbeat.objects.record(BEAT, now=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "beat": "ok",
    }


def test_healthz_is_503_when_beat_is_late(client):
    """Pending alerts and detectors depend on beat: a late beat is unhealthy."""
    Heartbeat.objects.record(BEAT, now=timezone.now() - timedelta(minutes=6))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["beat"] == "late"
