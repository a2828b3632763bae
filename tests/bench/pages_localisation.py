"""Bench rows of the organisation's lists and instruments (issue 18, item 7): the
manager's list-editing page for the longest list (the risk note categories, or
a move's reasons) held to 3x the floor, and the risk instruments page."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from localisation import lists
from risk.models.records import NOTE_CATEGORIES

BUDGET = 3.0


def find_localisation_pages(organisation, today: date) -> list[dict]:
    entries = len(lists.entries(organisation.pk, NOTE_CATEGORIES))
    query = urlencode({"list": NOTE_CATEGORIES})
    return [
        {
            "title": f"list editing: risk note categories ({entries} entries)",
            "role": "manager",
            "path": f"{reverse('localisation:list_detail')}?{query}",
            "budget": BUDGET,
        },
        {
            "title": "risk instruments and their versions",
            "role": "manager",
            "path": reverse("risk:instrument_list"),
            "budget": BUDGET,
        },
    ]
