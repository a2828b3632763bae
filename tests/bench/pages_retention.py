"""Bench rows of retention (issue 19, items 1, 2, 6): the manager's schedule,
legal holds, erasure batches and a batch's review page (where the bench
organisation has one), the erasure log, and the record of processing read by the
organisation administrator; each held to 3x the floor."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from retention.models import ErasureBatch

BUDGET = 3.0


def find_retention_pages(organisation, today: date) -> list[dict]:
    batch = (
        ErasureBatch.objects.filter(organisation=organisation)
        .order_by("-prepared_at")
        .first()
    )
    rows = [
        ("retention schedule", "manager", reverse("retention:schedule")),
        ("legal holds", "manager", reverse("retention:hold_list")),
        ("erasure batches", "manager", reverse("retention:batch_list")),
        (
            "an erasure batch under review",
            "manager",
            batch and batch.get_absolute_url(),
        ),
        ("erasure log", "manager", reverse("retention:erasure_log")),
        ("record of processing", "org_admin", reverse("retention:processing")),
    ]
    return [
        {"title": title, "role": role, "path": path, "budget": BUDGET}
        for title, role, path in rows
    ]
