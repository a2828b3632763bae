import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DJANGO_SECRET_KEY": "prod-like-" + "k3y" * 20,
    "DJANGO_ALLOWED_HOSTS": "cases.example.org",
    "FIELD_ENCRYPTION_KEYS": "dGVzdC1vbmx5LWtleS1ub3QtYS1zZWNyZXQtMTIzNDU=",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp://mail.example.org:587",
}


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV)
    env.update(extra)
    return env


def test_check_deploy_passes_with_production_settings():
    """`check --deploy --fail-level WARNING` passes with production-like values."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_collectstatic_works_with_production_settings(tmp_path):
    """The Docker build collects static files with the manifest storage: every
    vendored file must resolve (a missing source map would fail the build)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=_env(DJANGO_STATIC_ROOT=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()


def test_production_refuses_to_start_without_a_secret_key():
    env = _env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_defaults_are_safe():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
            "s.TWO_FACTOR_REQUIRED, s.SECURE_SSL_REDIRECT)",
        ],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"]


def test_healthz_is_200_when_database_and_broker_answer(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "beat": "unknown",
    }


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"


def test_healthz_is_503_when_the_database_is_down(client, db):
    from unittest import mock

    from django.db import OperationalError, connection

    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_every_role_permission_exists():
    """The role table names only permissions that exist (no silent typo)."""
    from django.contrib.auth.models import Permission

    existing = set(
        Permission.objects.values_list("content_type__app_label", "codename")
    )
    wanted = {
        (app, codename)
        for app, roles in ROLE_PERMISSIONS.items()
        for codenames in roles.values()
        for codename in codenames
    }
    assert wanted - existing == set()


def test_embedded_broker_is_the_default():
    assert "CELERY_BROKER_URL" in os.environ or django_settings.CELERY_BROKER_URL == (
        "filesystem://"
    )
