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
import platform
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

from tests.bench.client import BenchError, attendance_form, log_in
from tests.bench.stats import percentile

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "performance.md"
DOC_START, DOC_END = "<!-- bench:latest:start -->", "<!-- bench:latest:end -->"
# A throwaway Fernet key (32 bytes, base64) for the bench databases only.
BENCH_FERNET_KEY = "YmVuY2htYXJrLW9ubHkta2V5LW5vdC1hLXNlY3JldCE="
MEN_PER_ORGANISATION = 2000

# Budgets of issue 7.
PAGE_RATIO = 3.0
DASHBOARD_RATIO = 6.0
# A print view's PDF is rendered in pure Python (xhtml2pdf, issue 14 item 15):
# a few hundred milliseconds for a long case file, against a floor of a few.
PDF_RATIO = 100.0
# The signed-in floor against the anonymous login page: what being signed in costs
# before a page does any work (session, user, permissions, the menu's counts).
FLOOR_TO_ANONYMOUS = 2.0
QUERY_MS = 10.0
# The anonymised outcomes export of 2,000 men's two years (issue 15): seconds.
OUTCOMES_EXPORT_S = 10.0
DETECTORS_S = 10.0
# Issue 15: the questionnaire detector over the largest scale (100,000 men).
OUTCOME_DETECTOR_S = 5.0
ALERT_S = 10.0
# Seeding budgets of issue 13: 100k men in 3 minutes, a million in 30.
SEED_BUDGETS_S = {"100k": 180.0, "1000k": 1800.0}
MILLION = ("1000k", 1_000_000, 500)

STEPS = ("seed", "detectors", "pages", "alerts", "load")
# Keys of results.json per step; a run keeps the last figures of steps it skips.
STEP_RESULTS = ("seeding", "detectors", "pages", "alerts", "load")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def label(men: int) -> str:
    return f"{men // 1000}k" if men % 1000 == 0 else str(men)


def scales() -> list[tuple[str, int, int]]:
    """(label, men, organisations) per scale, smallest first."""
    if os.environ.get("BENCH_SCALES"):
        pairs = [
            tuple(int(x) for x in part.split(":"))
            for part in os.environ["BENCH_SCALES"].split(",")
        ]
    else:
        men = env_int("BENCH_PARTICIPANTS", 100_000)
        organisations = env_int(
            "BENCH_ORGANISATIONS", max(2, men // MEN_PER_ORGANISATION)
        )
        pairs = [(10_000, 5), (men, organisations)] if men > 10_000 else []
        pairs = pairs or [(men, organisations)]
    return [(label(m), m, o) for m, o in sorted(set(pairs))]


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
        tables = {
            "men": "participants_participant",
            "sessions": "programmes_session",
            "attendance": "programmes_attendance",
            "partners": "partner_contact_partner",
            "partner contacts": "partner_contact_partnercontact",
            "assessments": "risk_riskassessment",
            "risk events": "risk_riskevent",
            "alerts": "risk_alert",
            "referrals": "referrals_referral",
        }
        counts = {}
        with self.connect(database) as conn:
            for what, table in tables.items():
                exists = conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0]
                if exists:
                    # Table names come from the dict above, never from input.
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
            f"  full run with recording (rolled back): {full['seconds']:.2f} s, "
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
            except requests.ConnectionError:
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

    def pages(self, base: str, targets: dict) -> dict:
        say(
            f"\n== Pages ({self.samples} samples each, one page after another in "
            f"rounds, after {self.warmups} warm-up rounds; load average "
            f"{load_average()})"
        )
        clients = {}
        for role, username in [
            ("facilitator", (targets.get("session") or {}).get("username")),
            ("caseworker", "caseworker"),
            ("partner_support", "partner"),
            ("manager", "manager"),
            ("org_admin", "orgadmin"),
        ]:
            if username:
                clients[role] = requests.Session()
                log_in(clients[role], base, targets["login"], username)
        clients["anonymous"] = requests.Session()
        rows = {}
        planned = []

        def measure(title, role, path, budget=PAGE_RATIO, sample=None):
            if role not in clients or not path:
                say(f"  {title}: no data to measure (skipped)")
                rows[title] = {"skipped": True}
                return
            sample = sample or (lambda: get(clients[role], base + path))
            planned.append((title, path, budget, sample))

        measure("floor (password change page)", "facilitator", targets["floor"])
        anonymous = requests.Session()
        measure(
            "anonymous login page (reference)",
            "facilitator",
            targets["login"],
            sample=lambda: get(anonymous, base + targets["login"]),
        )

        def login_sample():
            client = requests.Session()
            started = time.perf_counter()
            page, answer = log_in(client, base, targets["login"], "caseworker")
            ms = (time.perf_counter() - started) * 1000
            return (
                ms,
                int(page.headers["X-Query-Count"])
                + int(answer.headers["X-Query-Count"]),
                max(
                    float(page.headers["X-Slowest-Query-Ms"]),
                    float(answer.headers["X-Slowest-Query-Ms"]),
                ),
            )

        measure(
            "login (GET + POST)", "caseworker", targets["login"], sample=login_sample
        )
        session = targets.get("session") or {}
        measure(
            f"session page ({session.get('men', 0)} men)",
            "facilitator",
            session.get("url"),
        )
        rounds = iter(range(10_000))

        def save_sample():
            client = clients["facilitator"]
            page = client.get(base + session["url"])
            data = attendance_form(page.text, next(rounds))
            started = time.perf_counter()
            answer = client.post(
                base + session["url"], data=data, allow_redirects=False
            )
            ms = (time.perf_counter() - started) * 1000
            if answer.status_code != 302:
                raise BenchError(f"attendance save answered {answer.status_code}")
            return (
                ms,
                int(answer.headers["X-Query-Count"]),
                float(answer.headers["X-Slowest-Query-Ms"]),
            )

        measure(
            "attendance save",
            "facilitator",
            session.get("url"),
            sample=save_sample if session else None,
        )
        measure("participant list", "caseworker", targets["participant_list"])
        case_file = targets.get("case_file") or {}
        measure(
            f"case file ({case_file.get('attendance_rows', 0)} attendance rows)",
            "caseworker",
            case_file.get("url"),
        )
        short = targets.get("case_file_short") or {}
        measure(
            f"case file ({short.get('attendance_rows', 0)} attendance rows)",
            "caseworker",
            short.get("url"),
        )
        prints = targets.get("prints") or {}
        for key, title in [
            ("case_file", "case file print view"),
            ("exit_report", "exit report print view"),
            ("marac", "MARAC referral print view"),
        ]:
            measure(title, "caseworker", prints.get(key))
            measure(
                f"{title} as PDF",
                "caseworker",
                prints.get(f"{key}_pdf"),
                budget=PDF_RATIO,
            )
        measure("partner-support worklist", "partner_support", targets["worklist"])
        measure(
            f"risk dashboard ({targets['men']} men)",
            "manager",
            targets["dashboard"],
            budget=DASHBOARD_RATIO,
        )
        outcomes = targets.get("outcomes") or {}
        measure(
            f"programme outcomes ({outcomes.get('time_points', 0)} time points)",
            "manager",
            outcomes.get("url"),
        )
        for row in targets.get("more_pages", []):
            measure(row["title"], row["role"], row.get("path"), budget=row["budget"])
        bases = {
            row["title"]: row.get("basis") for row in targets.get("more_pages", [])
        }
        # Round-robin: each round requests every page once, so that a burst of
        # other work on the machine falls on all pages alike, the floor included,
        # instead of on whichever page was being measured at the time.
        samples = {title: ([], [], [], []) for title, *_ in planned}
        # Enough warm-ups to reach every gunicorn worker and its connection.
        for n in range(self.warmups + self.samples):
            for title, _path, _budget, sample in planned:
                times, counts, slowest, errors = samples[title]
                try:
                    ms, queries, slow = sample()
                except BenchError as error:
                    errors.append(str(error))
                    continue
                if n >= self.warmups:
                    times.append(ms)
                    counts.append(queries)
                    slowest.append(slow)
        for title, path, budget, _sample in planned:
            times, counts, slowest, errors = samples[title]
            rows[title] = {
                "basis": bases.get(title),
                "path": path,
                "median_ms": percentile(times, 0.5),
                "p95_ms": percentile(times, 0.95),
                "queries": max(counts, default=None),
                "queries_min": min(counts, default=None),
                "slowest_query_ms": percentile(slowest, 0.95),
                "slowest_query_max_ms": max(slowest, default=None),
                "errors": errors[:3],
                "error_count": len(errors),
                "ratio_budget": budget,
            }
            say(f"  {title}: " + describe(rows[title]))
        rows["login (GET + POST)"]["password_hash"] = targets.get("password_hash")
        say(f"    of which one password hash: {targets.get('password_hash')}")
        rows["floor (password change page)"]["load_average"] = load_average()
        floor = rows["floor (password change page)"]["p95_ms"]
        for row in rows.values():
            if row.get("skipped") or row.get("p95_ms") is None:
                continue
            basis = floor
            # The login is held to the floor plus one password hash: the hash is
            # a deliberate cost (PBKDF2), measured on this machine by targets.py.
            if row.get("password_hash") and floor:
                basis = floor + row["password_hash"]["ms"]
                row["ratio_basis_ms"] = basis
            # Public pages are held to the anonymous login page, not the floor.
            if row.get("basis") == "anonymous":
                basis = rows["anonymous login page (reference)"]["p95_ms"]
                row["ratio_basis_ms"] = basis
            row["ratio"] = row["p95_ms"] / basis if basis else None
            row["meets_ratio"] = (
                row["ratio"] is not None and row["ratio"] <= row["ratio_budget"]
            )
            row["meets_query"] = (row["slowest_query_ms"] or 0) <= QUERY_MS
            row["meets"] = (
                row["meets_ratio"] and row["meets_query"] and not row["error_count"]
            )
        title = f"outcomes export ({outcomes.get('responses', 0)} questionnaires)"
        rows[title] = self.export(clients.get("manager"), base, outcomes)
        floor_row = rows["floor (password change page)"]
        anonymous_p95 = rows["anonymous login page (reference)"].get("p95_ms")
        floor_row["ratio_to_anonymous"] = (
            floor / anonymous_p95 if floor and anonymous_p95 else None
        )
        floor_row["ratio_budget"] = FLOOR_TO_ANONYMOUS
        floor_row["meets_ratio"] = (
            floor_row["ratio_to_anonymous"] is not None
            and floor_row["ratio_to_anonymous"] <= FLOOR_TO_ANONYMOUS
        )
        floor_row["meets"] = floor_row["meets_ratio"] and floor_row["meets_query"]
        say(
            "  floor / anonymous login page: "
            + (
                f"{floor_row['ratio_to_anonymous']:.2f}x "
                f"(budget {FLOOR_TO_ANONYMOUS:g}x)"
                if floor_row["ratio_to_anonymous"]
                else "not measured"
            )
        )
        return rows

    def export(self, client, base: str, outcomes: dict) -> dict:
        """The outcomes export, timed a few times on its own (it takes seconds, so
        it stays out of the page rounds), held to OUTCOMES_EXPORT_S."""
        path = outcomes.get("export_url")
        if client is None or not path:
            say("  outcomes export: no data to measure (skipped)")
            return {"skipped": True}
        times, counts, slowest, errors = [], [], [], []
        for _ in range(3):
            try:
                ms, queries, slow = get(client, base + path)
            except BenchError as error:
                errors.append(str(error))
                continue
            times.append(ms)
            counts.append(queries)
            slowest.append(slow)
        row = {
            "path": path,
            "median_ms": percentile(times, 0.5),
            "p95_ms": max(times, default=None),
            "queries": max(counts, default=None),
            "queries_min": min(counts, default=None),
            "slowest_query_ms": max(slowest, default=None),
            "slowest_query_max_ms": max(slowest, default=None),
            "errors": errors[:3],
            "error_count": len(errors),
            "budget_s": OUTCOMES_EXPORT_S,
        }
        row["meets"] = (
            not errors
            and row["p95_ms"] is not None
            and row["p95_ms"] <= OUTCOMES_EXPORT_S * 1000
        )
        say(f"  outcomes export: {describe(row)} (budget {OUTCOMES_EXPORT_S:g} s)")
        return row

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

    # 5. Load ---------------------------------------------------------------------

    def load(self, base: str) -> dict:
        users = env_int("BENCH_LOAD_USERS", 50)
        seconds = env_int("BENCH_LOAD_SECONDS", 60)
        say(
            f"\n== Load run: locust, {users} users, {seconds} s, on {base} "
            f"(load average before: {load_average()})"
        )
        prefix = VAR / "locust"
        done = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "tests" / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--host",
                base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "BENCH_TARGETS": str(VAR / "targets.json"),
            },
            capture_output=True,
            text=True,
        )
        (VAR / "locust.log").write_text(done.stdout + done.stderr)
        stats = read_csv(prefix.with_name("locust_stats.csv"))
        failures = read_csv(prefix.with_name("locust_failures.csv"))
        total = next((r for r in stats if r["Name"] == "Aggregated"), None)
        if total is None:
            say(done.stderr[-3000:])
            raise SystemExit("locust produced no statistics; see var/bench/locust.log")
        per_name = {
            r["Name"]: {
                "requests": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "median_ms": float(r["50%"]),
                "p95_ms": float(r["95%"]),
            }
            for r in stats
            if r["Name"] != "Aggregated"
        }
        figures = {
            "users": users,
            "seconds": seconds,
            "requests": int(total["Request Count"]),
            "errors": int(total["Failure Count"]),
            "rps": float(total["Requests/s"]),
            "median_ms": float(total["50%"]),
            "p95_ms": float(total["95%"]),
            "per_name": per_name,
            "failures": [
                {k: r[k] for k in ("Method", "Name", "Error", "Occurrences")}
                for r in failures
            ],
        }
        for name, row in per_name.items():
            say(
                f"  {name:20} {row['requests']:6} req {row['failures']:4} err "
                f"median {row['median_ms']:6.0f} ms  p95 {row['p95_ms']:6.0f} ms"
            )
        say(
            f"  total: {figures['requests']} requests, {figures['rps']:.1f} req/s, "
            f"{figures['errors']} errors, p95 {figures['p95_ms']:.0f} ms"
        )
        for failure in figures["failures"]:
            say(f"  failure: {failure}")
        return figures

    # The whole run ----------------------------------------------------------------

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
        if self.steps & {"pages", "load", "alerts"}:
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
                    results["pages"] = self.pages(base, targets)
                    results["measured_on"]["pages"] = results["date"]
                    save(results)
                if "alerts" in self.steps:
                    results["alerts"] = self.alerts(largest)
                    results["measured_on"]["alerts"] = results["date"]
                    save(results)
                if "load" in self.steps:
                    results["load"] = self.load(base)
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


# Helpers -----------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, flush=True)


def get(client, url):
    started = time.perf_counter()
    answer = client.get(url, allow_redirects=False)
    ms = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise BenchError(f"GET {url} answered {answer.status_code}")
    return (
        ms,
        int(answer.headers["X-Query-Count"]),
        float(answer.headers["X-Slowest-Query-Ms"]),
    )


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages (other work skews figures)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """End a process we started (and its children: it leads its own session)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def read_csv(path: Path) -> list[dict]:
    import csv

    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def machine() -> dict:
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    postgres = ""
    try:
        url = urlsplit(os.environ.get("DATABASE_URL", ""))
        with psycopg.connect(
            dbname="postgres",
            host=url.hostname or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password,
        ) as conn:
            postgres = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        pass
    cores = os.cpu_count()
    return {
        "load_average": load_average(),
        "nproc": cores,
        "cpu": cpu,
        "memory": memory,
        "postgresql": postgres,
        "python": platform.python_version(),
        "summary": f"{cores} cores ({cpu}), {memory}, PostgreSQL {postgres}",
    }


def describe(row: dict) -> str:
    if row.get("skipped"):
        return "not measured"
    text = (
        f"median {fmt(row['median_ms'])} ms, p95 {fmt(row['p95_ms'])} ms, "
        f"{row['queries']} queries, slowest {fmt(row['slowest_query_ms'], 1)} ms"
    )
    if row["queries"] != row["queries_min"]:
        text += f" (queries vary {row['queries_min']}-{row['queries']})"
    if row["error_count"]:
        text += f", {row['error_count']} errors: {row['errors'][0]}"
    return text


def fmt(value, digits=0) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


OUTCOME_RUNS = {
    "daily": "outcome_questionnaire_missed",
    "backlog": "outcome_questionnaire_missed, 30 days' backlog",
}


def outcome_detector_rows(detectors: dict) -> list[str]:
    """The questionnaire detector's rows of the detector table (first pass, with
    writes, rolled back); '-' for a scale measured before it was timed."""
    if not any(d.get("outcomes") for d in detectors.values()):
        return []
    lines = []
    for run, title in OUTCOME_RUNS.items():
        cells = " | ".join(
            "{seconds:.3f} ({found})".format(**d["outcomes"][run][0])
            if d.get("outcomes")
            else "-"
            for d in detectors.values()
        )
        lines.append(f"| {title} (with writes, rolled back) | {cells} |")
    return lines


def yes(flag) -> str:
    return "-" if flag is None else ("yes" if flag else "NO")


def final_table(results: dict) -> str:
    lines = [
        f"Benchmark of {results['date']}, {results['machine']['summary']}; "
        f"load average at the start {results['machine']['load_average']}",
        "",
    ]
    if results.get("seeding"):
        lines += [
            "| scale | seed_demo | per seeder | database | rows |",
            "|---|---|---|---|---|",
        ]
        for name, s in results["seeding"].items():
            seeders = ", ".join(
                f"{k.split('.')[0]} {v:.0f} s" for k, v in s["seeders_s"].items()
            )
            rows = ", ".join(f"{k} {v:,}" for k, v in s["rows"].items())
            source = s.get("source", str(ROOT))
            note = "" if source == str(ROOT) else f" (seeded from {source})"
            lines.append(
                f"| {name} | {s['seed_s']:.0f} s{note} | {seeders} | {s['size']} "
                f"| {rows} |"
            )
        lines.append("")
        for name, budget in SEED_BUDGETS_S.items():
            if name in results["seeding"]:
                took = results["seeding"][name]["seed_s"]
                lines.append(
                    f"Seeding {name} men: {took:.0f} s "
                    f"(budget {budget:.0f} s): {yes(took <= budget)}"
                )
        lines.append("")
    if results.get("detectors"):
        names = list(next(iter(results["detectors"].values()))["passes"][0])
        head = " | ".join(results["detectors"])
        lines += [
            f"| detector (s, first pass) | {head} |",
            "|---|" + "---|" * len(results["detectors"]),
        ]
        for detector in names:
            cells = " | ".join(
                "{seconds:.3f} ({found})".format(**d["passes"][0][detector])
                for d in results["detectors"].values()
            )
            lines.append(f"| {detector} | {cells} |")
        cells = " | ".join(
            f"{d['full_run']['seconds']:.2f}" for d in results["detectors"].values()
        )
        lines.append(f"| full run with recording (rolled back) | {cells} |")
        lines += outcome_detector_rows(results["detectors"])
        largest = list(results["detectors"].values())[-1]
        total = largest["passes"][0]["total"]["seconds"]
        lines.append(
            f"\nDetectors at the largest scale: {total:.2f} s "
            f"(budget {DETECTORS_S:.0f} s): {yes(total < DETECTORS_S)}"
        )
        if largest.get("outcomes"):
            worst = max(runs[0]["seconds"] for runs in largest["outcomes"].values())
            lines.append(
                f"\nQuestionnaire detector at the largest scale (the slower of "
                f"its runs): {worst:.2f} s (budget {OUTCOME_DETECTOR_S:.0f} s): "
                f"{yes(worst < OUTCOME_DETECTOR_S)}"
            )
        lines.append("")
    if results.get("pages"):
        lines += [
            "| page | median ms | p95 ms | p95 / floor | queries "
            "| slowest query ms (p95 / max) | budget | meets |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for title, row in results["pages"].items():
            if row.get("skipped"):
                lines.append(f"| {title} | - | - | - | - | - | - | not measured |")
                continue
            if row.get("budget_s"):
                budget = f"≤ {row['budget_s']:g} s"
            elif row.get("basis") == "anonymous":
                budget = f"≤ {row['ratio_budget']:g}x the anonymous login page, "
            elif row.get("ratio_basis_ms"):
                budget = f"≤ {row['ratio_budget']:g}x (floor + one hash), "
            elif title.startswith("floor"):
                budget = ""
            else:
                budget = f"≤ {row['ratio_budget']:g}x, "
            if not row.get("budget_s"):
                budget += f"query ≤ {QUERY_MS:g} ms"
            queries = str(row["queries"])
            if row["queries"] != row["queries_min"]:
                queries = f"{row['queries_min']}-{row['queries']}"
            lines.append(
                f"| {title} | {fmt(row['median_ms'])} | {fmt(row['p95_ms'])} | "
                f"{fmt(row.get('ratio'), 2)} | {queries} | "
                f"{fmt(row['slowest_query_ms'], 1)} / "
                f"{fmt(row['slowest_query_max_ms'], 1)} | "
                f"{budget} | {yes(row.get('meets'))}"
                + (f" ({row['error_count']} errors)" if row["error_count"] else "")
                + " |"
            )
        lines.append("")
        login = results["pages"].get("login (GET + POST)") or {}
        if login.get("password_hash"):
            lines.append(
                "The login includes one password hash ({algorithm}), {ms} ms "
                "on its own (median of 5 on this machine): a deliberate cost, so "
                "its ratio is to the floor's p95 plus one hash.".format(
                    **login["password_hash"]
                )
            )
            lines.append("")
    if results.get("alerts"):
        a = results["alerts"]
        p95 = a.get("p95")
        meets = p95 is not None and p95 < ALERT_S and a.get("sent") == a.get("alerts")
        lines.append(
            f"Alert delivery: {a.get('alerts')} alerts from {a.get('separations')} "
            f"separations, {a.get('sent')} sent; row to e-mail "
            f"p50 {fmt(a.get('p50'), 2)} s, p95 {fmt(p95, 2)} s, "
            f"max {fmt(a.get('max'), 2)} s (budget {ALERT_S:g} s): {yes(meets)}"
        )
    if results.get("load"):
        load = results["load"]
        lines.append(
            f"Load run: {load['users']} users for {load['seconds']} s: "
            f"{load['rps']:.1f} requests/s, {load['requests']} requests, "
            f"{load['errors']} errors, median {load['median_ms']:.0f} ms, "
            f"p95 {load['p95_ms']:.0f} ms (budget: zero errors): "
            f"{yes(load['errors'] == 0)}"
        )
    if results.get("elapsed_min") is not None:
        lines.append(f"\nWhole run: {results['elapsed_min']} min.")
    for key in STEP_RESULTS:
        measured = results.get("measured_on", {}).get(key)
        if key in results and measured and measured != results["date"]:
            lines.append(f"Figures of step {key!r} are from the run of {measured}.")
    return "\n".join(lines)


def save(results: dict) -> None:
    (VAR / "results.json").write_text(json.dumps(results, indent=1, default=str))


def write_doc(results: dict, table: str) -> None:
    """Replace the generated "Latest run" section of docs/performance.md."""
    machine = (
        "Machine: `nproc` {nproc}, {cpu}, {memory} memory, PostgreSQL {postgresql}, "
        "Python {python}.".format(**results["machine"])
    )
    section = (
        f"{DOC_START}\n## Latest run ({results['date'][:10]})\n\n"
        f"{machine}\n\n{table}\n{DOC_END}"
    )
    text = DOC.read_text() if DOC.exists() else "# Performance\n\n"
    if DOC_START in text and DOC_END in text:
        text = re.sub(
            re.escape(DOC_START) + ".*?" + re.escape(DOC_END),
            lambda _: section,
            text,
            flags=re.S,
        )
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    Bench().run()
