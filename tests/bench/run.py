"""The benchmark (`make bench`): seed at scale, time detectors, pages, alerts, load.

Steps, each printed as it runs and gathered in one table at the end:
1. seed: fresh databases caserecords_bench_<scale> (dropped and recreated),
   migrated and filled by `seed_demo --force`, then VACUUM ANALYZE.
2. detectors: every risk detector over the whole database, at each scale, and
   outcomes' questionnaire detector (its writes rolled back; budget 5 s).
3. pages: a production-like gunicorn server (DEBUG off) on the largest database;
   median and 95th percentile of each page, requested in rounds (every page once
   a round, so that other work on the machine falls on all alike), with the query count
   and slowest query from the X-Query-Count / X-Slowest-Query-Ms headers.
4. alerts: a real Celery worker; a burst of separations; alert row to e-mail sent.
5. load: locust, headless, 50 users for 60 s on loopback.
Figures go to var/bench/results.json and the "Latest run" section of
docs/performance.md.

Environment (all optional):
  BENCH_PARTICIPANTS, BENCH_ORGANISATIONS  the large scale (default 100000, 50)
  BENCH_SCALES="10000:5,100000:50"         every scale, smallest first
  BENCH_SKIP_SEED=1                        reuse databases already seeded
  BENCH_SEED_SOURCE=/path/to/a/copy        seed from another checkout (to time a
                                           proposed seeder fix before it lands)
  BENCH_SEED_MILLION=1                     also seed 1,000,000 men in 500
                                           organisations (caserecords_bench_1000k;
                                           seeding only, budget 30 minutes)
  BENCH_STEPS=seed,detectors,pages,alerts,load   a subset, for quick iterations
  BENCH_SAMPLES=60   BENCH_WORKERS=3   BENCH_LOAD_USERS=50   BENCH_LOAD_SECONDS=60
  BENCH_WRITE_DOC=0                        do not touch docs/performance.md
"""

import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

from tests.bench.common import (
    BENCH_FERNET_KEY,
    BIN,
    COUNTED_TABLES,
    DOC,
    MILLION,
    OUTCOME_RUNS,
    PYTHON,
    ROOT,
    STEP_RESULTS,
    STEPS,
    VAR,
    env_int,
    free_port,
    machine,
    say,
    scales,
    stop,
)
from tests.bench.load import run_load
from tests.bench.pages import measure_pages
from tests.bench.report import final_table, save, write_doc


class Bench:
    def __init__(self):
        url = urlsplit(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x")
        )
        self.pg = {
            "host": url.hostname or "127.0.0.1",
            "port": url.port or 5432,
            "user": url.username or "postgres",
            "password": url.password,
        }
        self.broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
        self.cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15")
        self.scales = scales()
        self.steps = set(
            (os.environ.get("BENCH_STEPS") or ",".join(STEPS)).split(",")
        ) & set(STEPS)
        if os.environ.get("BENCH_SKIP_SEED") == "1":
            self.steps.discard("seed")
        self.samples = env_int("BENCH_SAMPLES", 60)
        self.workers = env_int("BENCH_WORKERS", 3)
        self.warmups = env_int("BENCH_WARMUPS", 4 * self.workers)
        self.results: dict = {
            "date": datetime.now().isoformat(timespec="seconds"),
            "machine": machine(),
            "scales": {s[0]: {"men": s[1], "organisations": s[2]} for s in self.scales},
            "measured_on": {},
        }
        VAR.mkdir(parents=True, exist_ok=True)

    # Databases ------------------------------------------------------------------

    def db_url(self, name: str) -> str:
        auth = self.pg["user"] + (
            f":{self.pg['password']}" if self.pg["password"] else ""
        )
        return f"postgres://{auth}@{self.pg['host']}:{self.pg['port']}/{name}"

    def connect(self, name: str = "postgres"):
        return psycopg.connect(
            dbname=name,
            host=self.pg["host"],
            port=self.pg["port"],
            user=self.pg["user"],
            password=self.pg["password"],
            autocommit=True,
        )

    def env(self, database: str, **extra) -> dict:
        """Environment of every Django process of the bench: production, DEBUG off."""
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.db_url(database),
            CELERY_BROKER_URL=self.broker,
            DJANGO_SETTINGS_MODULE="tests.bench.settings",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
            FIELD_ENCRYPTION_KEYS=BENCH_FERNET_KEY,
            TWO_FACTOR_REQUIRED="0",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_SECURE_COOKIES="0",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            # As deployed (docker-compose.yml): sessions and the cache in Redis.
            CACHE_URL=self.cache_url,
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
            EMAIL_URL="memorymail://",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        env.update(extra)
        return env

    def django(self, database: str, *args: str, check=True, cwd=ROOT) -> str:
        """Run a Django command or bench module in a subprocess; return its output."""
        done = subprocess.run(
            [PYTHON, *args],
            cwd=cwd,
            env=self.env(database, PYTHONPATH=str(cwd)),
            capture_output=True,
            text=True,
        )
        if check and done.returncode:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
            raise SystemExit(f"{' '.join(args)} failed ({done.returncode})")
        return done.stdout

    # 1. Seeding ----------------------------------------------------------------

    def seed(self, name: str, men: int, organisations: int) -> dict:
        database = f"caserecords_bench_{name}"
        say(f"\n== Seeding {database}: {organisations} organisations, {men} men")
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{database}"')
        source = Path(os.environ.get("BENCH_SEED_SOURCE") or ROOT)
        if source != ROOT:
            say(f"  seeding from {source}")
        started = time.monotonic()
        self.django(database, "manage.py", "migrate", "--no-input", cwd=source)
        migrate_s = time.monotonic() - started
        say(f"  migrate: {migrate_s:.1f} s")
        started = time.monotonic()
        process = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "seed_demo",
                "--force",
                "--organisations",
                str(organisations),
                "--participants",
                str(men),
            ],
            cwd=source,
            env=self.env(database, PYTHONPATH=str(source)),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        seeders = {}
        for line in process.stdout:
            say("  | " + line.rstrip())
            found = re.match(r"^\s+(\S.*): ([\d.]+) s$", line)
            if found:
                seeders[found[1]] = float(found[2])
        if process.wait():
            raise SystemExit(f"seed_demo failed on {database}")
        seed_s = time.monotonic() - started
        started = time.monotonic()
        with self.connect(database) as conn:
            conn.execute("VACUUM ANALYZE")
            size = conn.execute(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ).fetchone()[0]
        analyse_s = time.monotonic() - started
        rows = self.row_counts(database)
        say(f"  seed_demo: {seed_s:.1f} s; VACUUM ANALYZE: {analyse_s:.1f} s; {size}")
        say("  rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
        return {
            "database": database,
            "source": str(source),
            "migrate_s": round(migrate_s, 1),
            "seed_s": round(seed_s, 1),
            "seeders_s": seeders,
            "analyse_s": round(analyse_s, 1),
            "size": size,
            "rows": rows,
        }

    def row_counts(self, database: str) -> dict:
        counts = {}
        with self.connect(database) as conn:
            for what, table in COUNTED_TABLES.items():
                exists = conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0]
                if exists:
                    # Table names come from COUNTED_TABLES, never from input.
                    counts[what] = conn.execute(
                        f'SELECT count(*) FROM "{table}"'  # noqa: S608
                    ).fetchone()[0]
        return counts

    # 2. Detectors ---------------------------------------------------------------

    def detectors(self, name: str) -> dict:
        database = f"caserecords_bench_{name}"
        say(f"\n== Risk detectors over {database}")
        figures = json.loads(self.django(database, "-m", "tests.bench.detector_timing"))
        first, second = figures["passes"][0], figures["passes"][-1]
        for detector in first:
            say(
                f"  {detector:34} {first[detector]['seconds']:8.3f} s"
                f" {second[detector]['seconds']:8.3f} s"
                f"  ({first[detector]['found']} found)"
            )
        full = figures["full_run"]
        say(
            "  full run with recording and the commit's checks (rolled back): "
            f"{full['seconds']:.2f} s, "
            f"{full['events']} new events, {full['alerts']} alerts"
        )
        for run, runs in figures.get("outcomes", {}).items():
            say(
                f"  {OUTCOME_RUNS[run]:34} "
                + " ".join(f"{r['seconds']:8.3f} s" for r in runs)
                + f"  ({runs[0]['found']} missed, {runs[0]['alerts']} alerts; "
                "rolled back)"
            )
        return figures

    # Retention (issue 19): the nightly scan and erasing 1,000 cases, rolled back.

    def retention(self, database: str) -> dict:  # retention
        """Time the retention scan over every man and the erasure of 1,000 cases
        (tests/bench/bench_retention.py; its writes are rolled back)."""  # retention
        say(f"\n== Retention scan and erasure over {database}")  # retention
        out = self.django(database, "-m", "tests.bench.bench_retention")  # retention
        figures = json.loads(out.strip().splitlines()[-1])  # retention
        scan, full = figures["scan_default"], figures["scan_all_due"]  # retention
        erase = figures["erase"]  # retention
        say(  # retention
            f"  scan of {figures['men']} men, default schedule: "  # retention
            f"{scan['seconds']:.2f} s ({scan['items']} items; budget 10 s)"  # retention
        )  # retention
        say(  # retention
            f"  scan with every closed case due: {full['seconds']:.2f} s "  # retention
            f"({full['cases']} cases, {full['items']} items)"  # retention
        )  # retention
        say(  # retention
            f"  erasing {erase['cases']} cases: {erase['seconds']:.2f} s "  # retention
            f"({erase['per_case_ms']} ms a case; budget 60 s for 1,000)"  # retention
        )  # retention
        return figures  # retention

    # Data rights (issue 19): a man's subject-access export, two years of history.

    def subject_access(self, database: str) -> dict:
        """Time the subject-access export of the longest case, built as the task
        builds it (tests/bench/bench_subject_access.py; it writes nothing)."""
        say(f"\n== Subject-access export over {database}")
        out = self.django(database, "-m", "tests.bench.bench_subject_access")
        figures = json.loads(out.strip().splitlines()[-1])
        if "slowest_seconds" in figures:
            say(
                f"  the longest case ({figures['attendance_rows']} attendance rows "
                f"from {figures['history_from']}, {figures['items']} items, "
                f"{figures['queries']} queries): {figures['slowest_seconds']:.2f} s "
                f"(budget {figures['budget_seconds']} s)"
            )
        else:
            say(f"  skipped: {figures.get('skipped')}")
        return figures

    # 3. Pages --------------------------------------------------------------------

    def start_server(self, database: str) -> tuple[subprocess.Popen, str]:
        self.django(database, "manage.py", "collectstatic", "--no-input", "-v", "0")
        port = free_port()
        log = open(VAR / "gunicorn.log", "w")  # noqa: SIM115 (the server keeps it)
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
                "--access-logfile",
                "-",
                "--access-logformat",
                "%(s)s %(m)s %(U)s %(M)sms",
            ],
            cwd=ROOT,
            env=self.env(database),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    say(f"  gunicorn: {self.workers} workers on {base}")
                    return server, base
            except requests.RequestException:  # not up yet, or too busy to answer
                pass
            if server.poll() is not None:
                break
            time.sleep(0.5)
        stop(server)
        raise SystemExit(f"gunicorn did not start; see {VAR / 'gunicorn.log'}")

    def targets(self, database: str) -> dict:
        found = json.loads(self.django(database, "-m", "tests.bench.targets"))
        (VAR / "targets.json").write_text(json.dumps(found, indent=1))
        return found

    # 3. Pages: tests/bench/pages.py

    # 4. Alerts -------------------------------------------------------------------

    def alerts(self, database: str) -> dict:
        say("\n== Alert delivery (real Celery worker on " + self.broker + ")")
        env = self.env(database)
        subprocess.run(
            [str(BIN / "celery"), "-A", "config", "purge", "-f"],
            cwd=ROOT,
            env=env,
            capture_output=True,
        )
        log_path = VAR / "worker.log"
        log = open(log_path, "w")  # noqa: SIM115 (the worker keeps it)
        worker = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--concurrency=2",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"bench-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while " ready." not in log_path.read_text():
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"Celery worker did not start; see {log_path}")
                time.sleep(0.3)
            say(f"  worker ready (pid {worker.pid}); recording the burst")
            figures = json.loads(self.django(database, "-m", "tests.bench.alert_burst"))
        finally:
            stop(worker)
        say(
            "  "
            + ", ".join(
                f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                for k, v in figures.items()
            )
        )
        return figures

    # 5. Load: tests/bench/load.py

    def carry_over(self, results: dict) -> None:
        """Start from the last run's figures: a step this run skips keeps them."""
        path = VAR / "results.json"
        if not path.exists():
            return
        last = json.loads(path.read_text())
        dates = results.setdefault("measured_on", {})
        for key in STEP_RESULTS:
            if key not in results and key in last:
                results[key] = last[key]
                dates[key] = last.get("measured_on", {}).get(key, last.get("date"))

    def run(self) -> dict:
        started = time.monotonic()
        say(f"Benchmark {self.results['date']} on {self.results['machine']['summary']}")
        say(
            "Scales: "
            + ", ".join(f"{s[0]} ({s[2]} organisations)" for s in self.scales)
        )
        results = self.results
        self.carry_over(results)
        for name, men, organisations in self.scales:
            if "seed" in self.steps:
                results.setdefault("seeding", {})[name] = self.seed(
                    name, men, organisations
                )
                results["measured_on"]["seeding"] = results["date"]
            if "detectors" in self.steps:
                results.setdefault("detectors", {})[name] = self.detectors(name)
                results["measured_on"]["detectors"] = results["date"]
            save(results)
        if "seed" in self.steps and os.environ.get("BENCH_SEED_MILLION") == "1":
            results["seeding"][MILLION[0]] = self.seed(*MILLION)
            save(results)
        largest = f"caserecords_bench_{self.scales[-1][0]}"
        if "retention" in self.steps:  # retention: scan and erasure, rolled back
            results["retention"] = self.retention(largest)  # retention
            results["measured_on"]["retention"] = results["date"]  # retention
            save(results)  # retention
        if "subject_access" in self.steps:  # data_rights: the export, 5 s budget
            results["subject_access"] = self.subject_access(largest)
            results["measured_on"]["subject_access"] = results["date"]
            save(results)
        if self.steps & {"pages", "load", "alerts"}:
            # The detector and retention steps wrote and rolled back a month of
            # rows; PostgreSQL's autovacuum would clear them in production, but
            # it may be off on a bench machine (it is on ours), and the planner
            # then walks their dead index entries on every page.
            started = time.monotonic()
            with self.connect(largest) as conn:
                conn.execute("VACUUM ANALYZE")
            vacuum_s = time.monotonic() - started
            say(f"\n  VACUUM ANALYZE before the pages: {vacuum_s:.1f} s")
            targets = self.targets(largest)
            results["targets"] = {
                k: targets.get(k)
                for k in (
                    "organisation",
                    "men",
                    "session",
                    "case_file",
                    "case_file_short",
                    "password_hash",
                )
            }
            say(
                f"\n== Server on {largest}: organisation {targets['organisation']!r} "
                f"with {targets['men']} men"
            )
            server, base = self.start_server(largest)
            try:
                if "pages" in self.steps:
                    results["pages"] = measure_pages(self, base, targets)
                    results["measured_on"]["pages"] = results["date"]
                    save(results)
                if "alerts" in self.steps:
                    results["alerts"] = self.alerts(largest)
                    results["measured_on"]["alerts"] = results["date"]
                    save(results)
                if "load" in self.steps:
                    results["load"] = run_load(base)
                    results["measured_on"]["load"] = results["date"]
            finally:
                stop(server)
        results["elapsed_min"] = round((time.monotonic() - started) / 60, 1)
        save(results)
        table = final_table(results)
        say("\n" + table)
        if os.environ.get("BENCH_WRITE_DOC", "1") == "1":
            write_doc(results, table)
            say(f"Written to {DOC.relative_to(ROOT)} and {VAR / 'results.json'}")
        return results


if __name__ == "__main__":
    Bench().run()
