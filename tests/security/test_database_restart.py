"""A database restart during requests: 503 while it is down, then recovery.

Runs the app under gunicorn against a PostgreSQL server of its own (a throwaway
cluster on another port), so stopping that server disturbs no other test. The
throwaway database is a copy of the migrated test database (pg_dump into psql, a
few seconds) rather than migrated again (one to three minutes of the suite).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args):
    """Run a PostgreSQL tool as the postgres user (initdb refuses root)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120)


class ThrowawayPostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pg-restart-"))
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.dir / "data"),
                "-A",
                "trust",
                "-U",
                "postgres",
            ]
        )

    def start(self):
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.dir / "data"),
                "-w",
                "-l",
                str(self.dir / "log"),
                "-o",
                f"-p {self.port} -k {self.dir} -h 127.0.0.1",
                "start",
            ]
        )

    def stop(self):
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.dir / "data"),
                "-w",
                "-m",
                "fast",
                "stop",
            ]
        )

    def cleanup(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def throwaway_postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 server binaries are needed for this test.")
    server = ThrowawayPostgres()
    server.start()
    yield server
    server.cleanup()


CREATE_USER = (
    "from accounts.models import Organisation\n"
    "from accounts.services import create_user\n"
    "o = Organisation.objects.create(name='Restart test (fictional)')\n"
    "create_user(organisation=o, username='restart', role='caseworker',\n"
    "            password='restart-pass-2026')\n"
)


def _get(opener, url):
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _copy_test_database(port: int) -> None:
    """The migrated test database's schema and rows into the throwaway server."""
    from django.db import connection

    source = connection.settings_dict
    dump = subprocess.run(
        [
            str(PG_BIN / "pg_dump"),
            "--no-owner",
            "--no-privileges",
            "-h",
            source["HOST"] or "127.0.0.1",
            "-p",
            str(source["PORT"] or 5432),
            "-U",
            source["USER"] or "postgres",
            source["NAME"],
        ],
        env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""},
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(
        [
            str(PG_BIN / "psql"),
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "postgres",
        ],
        input=dump.stdout,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_app_answers_503_while_the_database_is_down_and_recovers(
    throwaway_postgres, db
):
    port = throwaway_postgres.port
    # `db` names the test database (what this test writes goes to the copy).
    _copy_test_database(port)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/postgres",
        # Production keeps connections open; the test proves they recover.
        "DATABASE_CONN_MAX_AGE": "60",
        # Plain HTTP on loopback: the cookies cannot be "secure" here.
        "DJANGO_SECURE_COOKIES": "0",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            CREATE_USER,
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    web_port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            "1",
            "--threads",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{web_port}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar())
    )
    try:
        for _ in range(100):
            try:
                status, body = _get(opener, f"{base}/accounts/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        data = urllib.parse.urlencode(
            {
                "username": "restart",
                "password": "restart-pass-2026",
                "csrfmiddlewaretoken": token,
            }
        ).encode()
        opener.open(
            urllib.request.Request(f"{base}/accounts/login/", data=data), timeout=10
        )
        assert _get(opener, f"{base}/")[0] == 200

        throwaway_postgres.stop()
        status, body = _get(opener, f"{base}/")
        assert status == 503
        assert "briefly unavailable" in body
        assert _get(opener, f"{base}/healthz")[0] == 503

        throwaway_postgres.start()
        # The same gunicorn process, not restarted, serves again.
        assert _get(opener, f"{base}/")[0] == 200
        assert _get(opener, f"{base}/healthz")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
