"""Step 5 of the benchmark: locust, headless, against the bench server."""

import os
import subprocess

from tests.bench.common import BIN, ROOT, VAR, env_int, load_average, read_csv, say


def run_load(base: str) -> dict:
    """Simulated users of every role for a minute: throughput and failures."""
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
