"""What every step of the benchmark shares: paths, budgets, scales, printing,
processes and the machine's description."""

import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from tests.bench.client import BenchError

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

# retention, data_rights: their own steps, after the detectors.
STEPS = ("seed", "detectors", "pages", "alerts", "load", "retention", "subject_access")
# Keys of results.json per step; a run keeps the last figures of steps it skips.
# retention: the scan and erasure figures (tests/bench/bench_retention.py).
STEP_RESULTS = (
    "seeding",
    "detectors",
    "pages",
    "alerts",
    "load",
    "retention",
    "subject_access",  # data_rights: the export of the longest case
)


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


def python_loop_seconds() -> float:
    """Seconds for 20 million additions in plain Python: how fast the host is at
    the moment of measuring. On a shared host this moved by 60% within two hours
    with nothing of ours running, unseen by the load average and the steal time,
    and every page's ratio to the floor moved with it."""
    started = time.perf_counter()
    total = 0
    for number in range(20_000_000):
        total += number
    return round(time.perf_counter() - started, 2)


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
        "python_loop_s": python_loop_seconds(),
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
    "daily": "outcome_questionnaire_missed, the next night",
    "backlog": "outcome_questionnaire_missed, 30 days' backlog",
}

# The rows counted after seeding, by what the bench's table calls them.
COUNTED_TABLES = {
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
