"""Bench rows of the organisation's lists and instruments (issue 18, item 7): the
manager's list-editing page for the longest list (the risk note categories, or
a move's reasons) held to 3x the floor, the risk instruments page, and the
editor of a draft version of the instrument (every item a row of inputs, with
its text in four more languages: the longest form of the service)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from localisation import lists
from risk.models.records import NOTE_CATEGORIES

BUDGET = 3.0


def draft_version(organisation):
    """The organisation's draft of its instrument's next version, started by its
    manager as in production (one draft at a time: the same draft again)."""
    from accounts.models import User
    from risk import versions
    from risk.models import RiskInstrument

    manager = User.objects.get(username="manager")
    current = RiskInstrument.objects.offered_to(organisation.pk).first()
    return versions.start_new_version(instrument=current, actor=manager)


def find_localisation_pages(organisation, today: date) -> list[dict]:
    entries = len(lists.entries(organisation.pk, NOTE_CATEGORIES))
    draft = draft_version(organisation)
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
        {
            "title": f"a draft version's editor ({draft.items.count()} items)",
            "role": "manager",
            "path": reverse("risk:version_edit", args=[draft.pk]),
            "budget": BUDGET,
        },
    ]
