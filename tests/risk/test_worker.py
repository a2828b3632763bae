"""A real Celery worker on Redis delivers a separation alert, once.

The worker is a separate process: it reads the test database (committed data,
hence a transactional test) and writes e-mails as files into a temporary folder,
since it cannot reach this process's in-memory outbox.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from partner_contact import services as partner_services
from risk import tasks
from risk.models import Alert
from tests.partner_contact.factories import RelationshipFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BASE_DIR = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _wait_for(condition, timeout=45, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"Timed out waiting for {message}")


@pytest.fixture
def worker(tmp_path):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.fail("CELERY_BROKER_URL must point at Redis for the worker test.")
    if connection.vendor != "postgresql":
        pytest.fail("The worker test needs the PostgreSQL test database.")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # path must stay absolute
        "SITE_URL": "https://casework.example.org",
    }
    app.control.purge()
    # A name of its own: the ping below must hear this worker, not another one
    # that a parallel test run started.
    hostname = f"risk-test-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={hostname}",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(
            lambda: (
                process.poll() is None
                and app.control.ping(destination=[hostname], timeout=1)
            ),
            timeout=60,
            message="the worker to start",
        )
        yield mail_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _messages_to(mail_dir: Path, address: str) -> list[str]:
    messages = []
    for path in mail_dir.iterdir():
        for message in path.read_text().split("-" * 79):
            if f"To: {address}" in message:
                messages.append(message)
    return messages


def test_separation_reaches_the_caseworker_once_through_a_real_worker(
    worker, man, caseworker, client
):
    relationship = RelationshipFactory(
        participant=man, partner__organisation=man.organisation
    )
    partner_worker = relationship.partner.partner_support_worker

    partner_services.record_separation(
        relationship=relationship,
        occurred_on=timezone.localdate() - timedelta(days=1),
        announced=False,
        actor=partner_worker,
    )

    alert = Alert.objects.get(recipient=caseworker)
    _wait_for(
        lambda: Alert.objects.get(pk=alert.pk).email_status == Alert.EmailStatus.SENT,
        message="the alert e-mail to be sent",
    )
    # Asked again (a duplicate task, or the beat job): nothing more is sent.
    tasks.deliver_alert_emails.delay([alert.pk])
    tasks.send_pending_alerts.delay()
    time.sleep(3)

    messages = _messages_to(worker, caseworker.email)
    assert len(messages) == 1
    assert man.reference in messages[0]
    assert man.first_name not in messages[0]
    assert relationship.partner.name not in messages[0]
    assert f"https://casework.example.org/risk/alerts/{alert.uuid}/" in messages[0]

    client.force_login(caseworker)
    inbox = client.get(reverse("risk:alert_list")).content.decode()
    assert "Separation" in inbox
    assert str(alert.uuid) in inbox
