"""Benchmark (not a test): a man's subject-access export with two years of
history, built as the Celery task builds it; prints the figure and JSON.

    DATABASE_URL=postgres://.../caserecords_bench_100000 \\
        python -m tests.bench.bench_subject_access [--runs 3]

Run by tests.bench.run (`make bench`, after the detectors) over the largest bench
database, or on its own over any seeded database. The man is the one with the
most attendance rows (the longest case file, two years of sessions in the
seeded data); his export (every section, the redactions, the HTML document and
the JSON, zipped) is built `--runs` times and the slowest is held to 5 s. It
writes nothing.
"""

import argparse
import json
import os
import sys
import time

import django

BUDGET_SECONDS = 5


def measure(runs: int) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from data_rights.document import archive
    from data_rights.his_export import build_his_export
    from participants.models import Participant
    from programmes.models import Attendance

    top = (
        Attendance.objects.values("participant")
        .annotate(rows=Count("pk"))
        .order_by("-rows", "participant")
        .first()
    )
    if top is None:
        return {"skipped": "no attendance rows in this database"}
    man = Participant.objects.select_related("organisation").get(pk=top["participant"])
    timings, size, queries, items = [], 0, 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            document = build_his_export(man)
            size = len(archive(document))
            timings.append(time.perf_counter() - started)
        queries = len(captured)
        items = sum(len(section["items"]) for section in document.sections)
    first = man.attendances.order_by("session__date").values_list(
        "session__date", flat=True
    )[:1]
    return {
        "attendance_rows": top["rows"],
        "history_from": first[0].isoformat() if first else None,
        "items": items,
        "withheld": len(document.redactions),
        "zip_bytes": size,
        "queries": queries,
        "seconds": [round(t, 3) for t in timings],
        "slowest_seconds": round(max(timings), 3),
        "budget_seconds": BUDGET_SECONDS,
        "meets_budget": max(timings) < BUDGET_SECONDS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    figures = measure(args.runs)
    if "slowest_seconds" in figures:
        print(
            f"subject-access export of the longest case ({figures['attendance_rows']}"
            f" attendance rows, {figures['items']} items, {figures['queries']}"
            f" queries): {figures['slowest_seconds']:.2f} s"
            f" (budget {BUDGET_SECONDS} s)",
            file=sys.stderr,
        )
    json.dump(figures, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
