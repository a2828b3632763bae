"""Bench row of the languages (issue 18): the longest case file, in German.

The same man as the case file row of targets.py (the one with the most
attendance rows), for the caseworker, asked for in German with `?language=de`
(accounts.languages), and held to the same budget as in English: translation must
not make a page dearer. Set against the English row, it shows what German costs.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse

from participants.models import Participant
from programmes.models import Attendance
from tests.bench.common import PAGE_RATIO


def find_language_pages(organisation, today: date) -> list[dict]:
    top = (
        Attendance.objects.filter(organisation=organisation)
        .values("participant")
        .annotate(rows=Count("pk"))
        .order_by("-rows", "participant")
        .first()
    )
    man = top and Participant.objects.get(pk=top["participant"])
    rows = top["rows"] if top else 0
    return [
        {
            "title": f"case file in German ({rows} attendance rows)",
            "role": "caseworker",
            "path": man
            and reverse("casefile:detail", args=[man.uuid]) + "?language=de",
            "budget": PAGE_RATIO,
        }
    ]
