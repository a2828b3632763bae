"""Times every risk detector over the whole database and prints JSON.

Run by tests.bench.run as `python -m tests.bench.detector_timing` with
DATABASE_URL set to a bench database. Two passes of the detections alone (the
read that runs every 15 minutes), then one full `services.run_detectors` with
its writes and the foreign-key checks its commit would make, rolled back so
the database stays as seeded and no e-mail is queued.
The detections are timed by the risk app's `tests.bench.bench_detectors.time_detectors`
(the same function its own benchmark prints). Outcomes' questionnaire detector,
which risk's runner does not know (outcomes sits above risk), is timed apart:
it writes as it detects, so each of its passes is rolled back.
"""

import json
import os
import sys
import time

import django


def check_as_at_commit() -> None:
    """Run now the checks PostgreSQL keeps for the commit (the foreign keys are
    DEFERRABLE INITIALLY DEFERRED): a run that is rolled back never pays them,
    and a real run pays them as it commits, so the timing must include them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def vacuum() -> None:
    """Clear what a rolled-back pass left: its rows are dead, but their index
    entries and heap tuples stay until a VACUUM, and the next pass's unique
    checks and updates walk them (a month's backlog rolled back left more dead
    events than live ones, and the next pass took 7.3 s instead of 5.2 s). A
    real run commits, and autovacuum keeps such debris far smaller."""
    from django.db import connection

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")


def time_detectors(*, passes: int = 2) -> dict:
    """Each pass as {detector: {"seconds", "found"}}, timed by risk's bench module."""
    from tests.bench.bench_detectors import time_detectors as timing

    return {
        "passes": [
            {
                name: {"seconds": round(seconds, 3), "found": found}
                for name, (seconds, found) in figures.items()
            }
            for figures in timing(passes=passes)["passes"]
        ]
    }


def time_full_run() -> dict:
    """Seconds of services.run_detectors (detect and record, with the checks
    of the commit), rolled back."""
    from django.db import transaction

    from risk import services

    started = time.perf_counter()
    with transaction.atomic():
        results = services.run_detectors()
        recorded = {
            name: {"events": len(r.events), "alerts": len(r.alerts)}
            for name, r in results.items()
        }
        check_as_at_commit()
        elapsed = time.perf_counter() - started
        # Measured, then undone: the database stays as seeded, no e-mail queued.
        transaction.set_rollback(True)
    vacuum()
    return {
        "seconds": round(elapsed, 3),
        "events": sum(r["events"] for r in recorded.values()),
        "alerts": sum(r["alerts"] for r in recorded.values()),
    }


# A month without a run: every window closing in the next 30 days is "closed".
BACKLOG_DAYS = 30


def time_outcome_detector(*, passes: int = 2) -> dict:
    """Seconds of outcomes' questionnaire detector (mark missed, record events and
    alerts, with the checks of the commit) over the whole database, each pass
    rolled back: the daily run, and the run after a month without one (the
    worst case it must also survive)."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from outcomes.detectors import detect_missed_time_points

    now = timezone.now()
    today = timezone.localdate(now)
    figures = {}
    for name, day in (
        # The next night's run: the seeding ran the detector for today already,
        # so today's run finds nothing; tomorrow's finds one day's closed windows.
        ("daily", today + timedelta(days=1)),
        ("backlog", today + timedelta(days=BACKLOG_DAYS)),
    ):
        runs = []
        for _ in range(passes):
            started = time.perf_counter()
            with transaction.atomic():
                recorded = detect_missed_time_points(today=day, now=now)
                check_as_at_commit()
                elapsed = time.perf_counter() - started
                # Measured, then undone: the same rows for the next pass.
                transaction.set_rollback(True)
            vacuum()
            runs.append(
                {
                    "seconds": round(elapsed, 3),
                    "found": len(recorded.events),
                    "alerts": len(recorded.alerts),
                }
            )
        figures[name] = runs
    return figures


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
    django.setup()
    figures = time_detectors()
    figures["full_run"] = time_full_run()
    figures["outcomes"] = time_outcome_detector()
    return figures


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=1)
