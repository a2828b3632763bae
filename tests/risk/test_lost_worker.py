"""A Celery worker killed in the middle of a detector run loses no alert, doubles none.

One organisation of demo data gives a detector run of about 140 events and 300
alerts. A real worker (prefork, on Redis, against the test database) takes the
run; once a detector has committed and the next is half-way through its
transaction, the worker's whole process group gets SIGKILL. A second worker
receives the same message again (acks_late: it was never acknowledged) and runs
every detector; the test then compares the events, monitoring periods and alerts
with those of the same run done synchronously and rolled back, and counts the
e-mails written by the workers' file backend.

A detector run over this data takes a quarter of a second, too short to stop in
the middle reliably; a statement trigger makes each insert into the events table
sleep one second, but only on connections of this test's workers (named by
PGAPPNAME), so that a leftover trigger can slow no other process.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from config.celery import app
from demo import organisations as demo_organisations
from demo import participants as demo_participants
from demo import partners as demo_partners
from demo import programmes as demo_programmes
from demo import referrals as demo_referrals
from demo.context import DemoContext
from risk import services, tasks
from risk.models import Alert, MonitoringPeriod, RiskEvent

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BASE_DIR = Path(settings.BASE_DIR)
APPLICATION_NAME = "lost-worker-test"
QUEUE = "lost-worker-test"  # also in lost_worker_settings.py
PERIOD_KEY = re.compile(r"^(period-review|no-contact):(\d+)(.*)$")
SLEEP_PER_INSERT = 1  # seconds; also the window in which the kill must land
SLOW_INSERTS = """
CREATE OR REPLACE FUNCTION lost_worker_test_slow_insert() RETURNS trigger AS $$
BEGIN
    IF current_setting('application_name') = '{name}' THEN
        PERFORM pg_sleep({seconds});
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS lost_worker_test_slow_insert ON {table};
CREATE TRIGGER lost_worker_test_slow_insert AFTER INSERT ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION lost_worker_test_slow_insert();
"""
DROP_SLOW_INSERTS = """
DROP TRIGGER IF EXISTS lost_worker_test_slow_insert ON {table};
DROP FUNCTION IF EXISTS lost_worker_test_slow_insert();
"""


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _wait_for(condition, *, timeout, message, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout} s waiting for {message}")


def _seed_one_demo_organisation() -> None:
    """The demo data of one organisation of 300 men, without the risk step
    (which runs the detectors itself)."""
    ctx = DemoContext.start(seed=2026, participants_per_organisation=300)
    # One transaction, as in seed_demo: foreign keys are checked at its commit.
    with transaction.atomic():
        passwords = demo_organisations.seed(ctx, 1)
        for step in (
            demo_participants.seed,
            demo_programmes.seed,
            demo_partners.seed,
            demo_referrals.seed,
        ):
            step(ctx)
        ctx.loader.flush()
        passwords.write(ctx)


def _expected_run() -> tuple[set, set, set]:
    """The events and alerts one detector run makes now, rolled back afterwards.

    Detectors read what earlier ones wrote (a separation opens a monitoring period
    whose review another detector finds overdue), so the reference is a whole run,
    not each detector alone. The delivery tasks it queues on commit are dropped
    with the rollback.
    """
    with transaction.atomic():
        services.run_detectors()
        recorded = _recorded()
        transaction.set_rollback(True)
    return recorded


def _recorded() -> tuple[set, set, set]:
    """Detector events as (organisation, key, kind, man), alerts as (key, user,
    reason), and monitoring periods as (event key, reason, start, end).

    Some keys name a monitoring period by its id (`period-review:<period>`,
    `no-contact:<period>:<window>`); periods are opened by events of the same run,
    so their ids differ between the rolled-back reference run and the worker's.
    Such keys are compared by the key of the event that opened the period.
    """
    period_events = dict(MonitoringPeriod.objects.values_list("pk", "event__dedup_key"))

    def stable(key: str) -> str:
        match = PERIOD_KEY.match(key)
        if not match:
            return key
        prefix, period_id, rest = match.groups()
        return f"{prefix}:<{period_events[int(period_id)]}>{rest}"

    events = [
        (org_id, stable(key), kind, participant_id)
        for org_id, key, kind, participant_id in RiskEvent.objects.filter(
            source=RiskEvent.Source.DETECTOR
        ).values_list("organisation_id", "dedup_key", "kind", "participant_id")
    ]
    alerts = [
        (stable(key), recipient_id, reason)
        for key, recipient_id, reason in Alert.objects.filter(
            event__source=RiskEvent.Source.DETECTOR
        ).values_list("event__dedup_key", "recipient_id", "reason")
    ]
    periods = list(
        MonitoringPeriod.objects.values_list(
            "event__dedup_key", "reason", "starts_on", "ends_on"
        )
    )
    assert len(events) == len(set(events)), "an event recorded twice"
    assert len(alerts) == len(set(alerts)), "an alert written twice"
    assert len(periods) == len(set(periods)), "a monitoring period opened twice"
    return set(events), set(alerts), set(periods)


class Worker:
    """`celery -A config worker` in a process group of its own, logging to a file."""

    def __init__(self, name: str, *, env: dict, log_dir: Path):
        self.hostname = f"{name}@{socket.gethostname()}"
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                # A main process and a pool child, as in production.
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname={self.hostname}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_ready(self) -> None:
        _wait_for(
            lambda: (
                self.process.poll() is None
                and app.control.ping(destination=[self.hostname], timeout=1)
            ),
            timeout=60,
            message=f"{self.hostname} to start (see {self.log_path})",
        )

    def log(self) -> str:
        return self.log_path.read_text()

    def kill(self) -> None:
        """SIGKILL to the whole group: main process and pool child die at once."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        self.kill()
        self._log.close()


def _succeeded(worker: Worker, task_id: str) -> bool:
    return bool(re.search(rf"\[{task_id}\] succeeded in", worker.log()))


def _worker_sessions(*, inserting_events: bool = False) -> int:
    """How many database sessions of this test's workers are open (or are in the
    middle of an insert into the events table, sleeping in the trigger)."""
    sql = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE application_name = %s AND datname = current_database()"
    )
    params = [APPLICATION_NAME]
    if inserting_events:
        sql += " AND state = 'active' AND query LIKE %s"
        table = connection.ops.quote_name(RiskEvent._meta.db_table)
        params.append(f"INSERT INTO {table}%")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _messages(mail_dir: Path) -> list[str]:
    return [
        message
        for path in mail_dir.iterdir()
        for message in path.read_text().split("-" * 79)
        if "To: " in message
    ]


@pytest.fixture
def own_queue():
    """Send this process's tasks (the seed's e-mails, the run, the sweep) to a
    queue of the test's own, empty at the start, which the workers consume
    (lost_worker_settings): `make test` runs two pytest processes on one Redis
    database, and test_worker.py's worker and purge must not take these tasks."""
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE
    with app.connection_for_write() as broker_connection:
        broker_connection.default_channel.queue_purge(QUEUE)
    try:
        yield QUEUE
    finally:
        app.conf.task_default_queue = previous


def test_a_worker_killed_mid_run_loses_and_doubles_no_alert(tmp_path, own_queue):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.fail("CELERY_BROKER_URL must point at Redis for the worker test.")
    if connection.vendor != "postgresql":
        pytest.fail("The worker test needs the PostgreSQL test database.")

    _seed_one_demo_organisation()
    expected_events, expected_alerts, expected_periods = _expected_run()
    assert len(expected_events) > 100
    assert len(expected_alerts) > 200

    table = connection.ops.quote_name(RiskEvent._meta.db_table)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.risk.lost_worker_settings",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "PGAPPNAME": APPLICATION_NAME,
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # path must stay absolute
        "SITE_URL": "https://casework.example.org",
    }
    workers = []
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                SLOW_INSERTS.format(
                    name=APPLICATION_NAME, seconds=SLEEP_PER_INSERT, table=table
                )
            )
        first = Worker("lost-worker-1", env=env, log_dir=tmp_path)
        workers.append(first)
        first.wait_until_ready()

        detector_events = RiskEvent.objects.filter(source=RiskEvent.Source.DETECTOR)
        before = detector_events.count()
        run = tasks.run_detectors.delay()
        # In the middle: one detector has committed its events (and, on commit,
        # queued their e-mails), and the next one is inside its transaction,
        # inserting (the trigger holds it there for a second).
        _wait_for(
            lambda: (
                detector_events.count() > before
                and _worker_sessions(inserting_events=True) > 0
            ),
            timeout=60,
            message="the worker to be between one detector's commit and the next",
            interval=0.05,
        )
        first.kill()
        # The dead worker's session notices only when its statement ends: wait
        # until it is gone (its transaction rolled back), then see what is left.
        _wait_for(
            lambda: _worker_sessions() == 0,
            timeout=30,
            message="the killed worker's database session to end",
        )
        partial_events, partial_alerts, partial_periods = _recorded()
        assert 0 < len(partial_events) < len(expected_events), "not killed mid-run"
        assert partial_events < expected_events
        assert partial_alerts < expected_alerts
        assert partial_periods <= expected_periods
        assert not _succeeded(first, run.id)

        second = Worker("lost-worker-2", env=env, log_dir=tmp_path)
        workers.append(second)
        second.wait_until_ready()
        _wait_for(
            lambda: _succeeded(second, run.id),
            timeout=60,
            message=f"the run to be delivered again and finish (see {second.log_path})",
        )
        assert f"[{run.id}] received" in second.log()

        # The beat job's safety net finds nothing left: the e-mails queued by
        # the killed worker's committed detector were delivered by the second
        # one, which takes tasks in order, one at a time.
        sweep = tasks.send_pending_alerts.delay()
        _wait_for(
            lambda: _succeeded(second, sweep.id),
            timeout=30,
            message="send_pending_alerts",
        )
        assert re.search(rf"\[{sweep.id}\] succeeded in [0-9.]+s: 0\n", second.log())
        _wait_for(
            lambda: (
                not Alert.objects.filter(
                    email_status__in=[
                        Alert.EmailStatus.PENDING,
                        Alert.EmailStatus.SENDING,
                    ]
                ).exists()
            ),
            timeout=30,
            message="every alert e-mail to be sent",
        )
    finally:
        for worker in workers:
            worker.stop()
        with connection.cursor() as cursor:
            cursor.execute(DROP_SLOW_INSERTS.format(table=table))

    events, alerts, periods = _recorded()
    assert events == expected_events
    assert alerts == expected_alerts
    assert periods == expected_periods

    all_alerts = list(Alert.objects.select_related("recipient"))
    assert {a.email_status for a in all_alerts} == {Alert.EmailStatus.SENT}
    assert {a.email_attempts for a in all_alerts} == {1}
    messages = _messages(mail_dir)
    assert len(messages) == len(all_alerts)
    for alert in all_alerts:
        carrying = [m for m in messages if str(alert.uuid) in m]
        assert len(carrying) == 1, f"alert {alert.pk}: {len(carrying)} e-mails"
        assert f"To: {alert.recipient.email}" in carrying[0]
