"""Bench row of data_rights (issue 19, item 5): the History page of the bench
organisation's longest case, for a caseworker, held to 3x the floor.

The longest case is the man with the most change-history rows (the page reads
them all), or, where seeding wrote none, the man with the most attendance rows
(the longest case file, as tests/bench/targets.py picks it).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse

HISTORY_RATIO = 3.0


def longest_case(organisation):
    """(the man, how many history rows his case has), or (None, 0)."""
    from participants.models import Participant
    from programmes.models import Attendance

    top = (
        Participant.history.filter(organisation_id=organisation.pk)
        .values("id")
        .annotate(rows=Count("history_id"))
        .order_by("-rows", "id")
        .first()
    )
    if top is None or top["rows"] < 2:
        busiest = (
            Attendance.objects.filter(organisation=organisation)
            .values("participant")
            .annotate(rows=Count("pk"))
            .order_by("-rows", "participant")
            .first()
        )
        if busiest is None:
            return None, 0
        top = {"id": busiest["participant"]}
    man = Participant.objects.get(pk=top["id"])
    return man, man.history.count()


def find_data_rights_pages(organisation, today: date) -> list[dict]:
    man, rows = longest_case(organisation)
    return [
        {
            "title": f"history page of the longest case ({rows} history rows; "
            "caseworker)",
            "role": "caseworker",
            "path": reverse("data_rights:history", args=["case", man.uuid])
            if man
            else None,
            "budget": HISTORY_RATIO,
        }
    ]
