"""Times every risk detector over the whole database and prints JSON.

Run by tests.bench.run as `python -m tests.bench.detector_timing` with
DATABASE_URL set to a bench database. Two passes of the detections alone (the
read that runs every 15 minutes), then one full `services.run_detectors` with
its writes, rolled back so the database stays as seeded and no e-mail is queued.
The detections are timed by the risk app's `tests.bench.bench_detectors.time_detectors`
(the same function its own benchmark prints).
"""

import json
import os
import sys
import time

import django


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
    """Seconds of services.run_detectors (detect and record), rolled back."""
    from django.db import transaction

    from risk import services

    started = time.perf_counter()
    with transaction.atomic():
        results = services.run_detectors()
        recorded = {
            name: {"events": len(r.events), "alerts": len(r.alerts)}
            for name, r in results.items()
        }
        elapsed = time.perf_counter() - started
        # Measured, then undone: the database stays as seeded, no e-mail queued.
        transaction.set_rollback(True)
    return {
        "seconds": round(elapsed, 3),
        "events": sum(r["events"] for r in recorded.values()),
        "alerts": sum(r["alerts"] for r in recorded.values()),
    }


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
    django.setup()
    figures = time_detectors()
    figures["full_run"] = time_full_run()
    return figures


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=1)
