"""Benchmark (not a test): the retention scan and erasure at scale; prints JSON.

    DATABASE_URL=postgres://.../caserecords_bench_100000 \\
        python -m tests.bench.bench_retention [--erase 1000]

Run by tests.bench.run (`make bench`, step "retention") over the largest bench
database, or on its own over any seeded database. Everything it writes is rolled
back, so the database stays as seeded.

1. scan: `prepare_batch` for every organisation with the default schedule (the
   nightly job as it runs: seeded data is at most two years old, so little is due),
   timed over every man of the database; budget 10 s.
2. scan, everything closed due: the same with every period set to one month, so
   every closed case, her record and declined referral is listed (the heaviest scan).
3. erase: the first N closed cases of those batches approved and erased, one
   transaction (savepoint) each, as the erasure task does; budget 60 s for 1,000.
"""

import argparse
import json
import os
import sys
import time

import django

SCAN_BUDGET_SECONDS = 10
ERASE_BUDGET_SECONDS = 60


class Rollback(Exception):
    """Raised to roll the benchmark's writes back."""


def scan(organisations) -> tuple[float, list]:
    from retention import services

    started = time.perf_counter()
    batches = [
        services.prepare_batch(organisation=organisation)
        for organisation in organisations
    ]
    return time.perf_counter() - started, [b for b in batches if b is not None]


def measure(erase: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Organisation, User
    from participants.models import Participant
    from retention import batch_runner
    from retention.models import (
        ErasureBatch,
        ErasureItem,
        RecordKind,
        RetentionRule,
    )

    organisations = list(Organisation.objects.all())
    result = {
        "men": Participant.objects.count(),
        "closed": Participant.objects.filter(status="closed").count(),
        "organisations": len(organisations),
    }
    try:
        with transaction.atomic():
            # The demo seeds a batch waiting for review; the scan starts afresh.
            ErasureBatch.objects.open().delete()
            seconds, batches = scan(organisations)
            result["scan_default"] = {
                "seconds": round(seconds, 3),
                "items": ErasureItem.objects.filter(batch__in=batches).count(),
            }
            ErasureBatch.objects.filter(pk__in=[b.pk for b in batches]).delete()
            RetentionRule.objects.update(months=1)
            seconds, batches = scan(organisations)
            items = ErasureItem.objects.filter(batch__in=batches)
            result["scan_all_due"] = {
                "seconds": round(seconds, 3),
                "items": items.count(),
                "cases": items.filter(kind=RecordKind.CLOSED_CASE).count(),
            }
            for batch in batches:
                approver = User.objects.filter(
                    organisation_id=batch.organisation_id, role="manager"
                ).first()
                ErasureBatch.objects.filter(pk=batch.pk).update(
                    status=ErasureBatch.Status.APPROVED,
                    approved_by=approver,
                    approved_at=timezone.now(),
                )
            chosen = list(
                items.filter(kind=RecordKind.CLOSED_CASE)
                .order_by("pk")
                .values_list("pk", flat=True)[:erase]
            )
            started = time.perf_counter()
            erased = sum(batch_runner.erase_item(item_id) for item_id in chosen)
            seconds = time.perf_counter() - started
            result["erase"] = {
                "seconds": round(seconds, 3),
                "cases": erased,
                "per_case_ms": round(1000 * seconds / erased, 1) if erased else None,
            }
            raise Rollback
    except Rollback:
        pass
    result["budgets"] = {
        "scan_seconds": SCAN_BUDGET_SECONDS,
        "erase_1000_seconds": ERASE_BUDGET_SECONDS,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--erase", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    json.dump(measure(args.erase), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
