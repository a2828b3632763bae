"""The idle sign-out stays strict while the session is written at most once a minute."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import TEST_PASSWORD


def _sign_in(client, user):
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302


def _session_writes(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    writes = sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    )
    return response.status_code, writes


def test_a_session_is_written_at_most_once_a_minute(client, facilitator):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client, facilitator)
        url = reverse("accounts:password_change")
        assert _session_writes(client, url) == (200, 1)
        clock.shift(timedelta(seconds=20))
        assert _session_writes(client, url) == (200, 0)
        clock.shift(timedelta(seconds=39))
        assert _session_writes(client, url) == (200, 0)
        clock.shift(timedelta(seconds=2))
        assert _session_writes(client, url) == (200, 1)


def test_thirty_idle_minutes_sign_the_user_out(client, facilitator):
    start = timezone.now()
    url = reverse("accounts:password_change")
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client, facilitator)
        assert client.get(url).status_code == 200
        # Busy for an hour, a request every 50 seconds: never signed out.
        for _ in range(72):
            clock.shift(timedelta(seconds=50))
            assert client.get(url).status_code == 200
        # Then idle: signed out by 30 minutes after the last request.
        clock.shift(timedelta(minutes=30))
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_idle_sign_out_holds_even_if_the_stored_session_outlives_it(
    client, facilitator, settings
):
    """Whatever the session engine keeps, the recorded activity decides."""
    start = timezone.now()
    url = reverse("accounts:password_change")
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client, facilitator)
        client.get(url)
        settings.SESSION_COOKIE_AGE = 10 * 60
        clock.shift(timedelta(minutes=11))
        Session.objects.update(expire_date=timezone.now() + timedelta(hours=1))
        response = client.get(url)
        assert response.status_code == 302


def test_the_signed_in_floor_takes_two_queries(client, facilitator):
    """Session and user with organisation; her permissions were read on the first
    page and are kept for a minute, the menu's alert count is kept in the cache.
    (Deployed with the cached_db session engine, the session comes from Redis.)"""
    _sign_in(client, facilitator)
    url = reverse("accounts:password_change")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries.captured_queries) == 2, [
        q["sql"][:80] for q in queries.captured_queries
    ]


def test_permissions_are_read_again_after_a_minute_or_a_new_role(client, facilitator):
    """A permission given in the admin site takes effect within a minute; a new
    role at once."""
    from django.contrib.auth.models import Permission

    from accounts import backends, services

    _sign_in(client, facilitator)
    url = reverse("accounts:access_log")
    assert client.get(url).status_code == 403
    facilitator.user_permissions.add(
        Permission.objects.get(
            codename="view_accesslog", content_type__app_label="accounts"
        )
    )
    assert client.get(url).status_code == 403
    with time_machine.travel(
        timezone.now() + timedelta(seconds=backends.PERMISSIONS_SECONDS + 1)
    ):
        assert client.get(url).status_code == 200
    facilitator.user_permissions.clear()
    services.set_role(user=facilitator, role="manager")
    assert client.get(url).status_code == 200
