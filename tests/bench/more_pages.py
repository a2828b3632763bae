"""The second wave's pages in `make bench`: one finder per feature, listed below.

Each finder takes the bench organisation and its local date and returns rows
`{"title", "role", "path", "budget"}`; `budget` is the p95 ratio allowed against
the floor (or, with `"basis": "anonymous"`, against the anonymous login page).
`role` is one of facilitator, caseworker, partner_support, manager, org_admin or
anonymous. A finder that finds nothing to measure returns its rows with `path`
None, and the row shows as skipped. Add a feature by writing its finder in its
own module under tests/bench/ and naming it in FINDERS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

Finder = Callable[[object, date], list[dict]]

# Each entry: "module:function", imported only inside the bench's Django process.
FINDERS: tuple[str, ...] = (
    "tests.bench.pages_complaints:find_complaint_pages",  # complaints
    "tests.bench.pages_reports:find_report_pages",
    "tests.bench.pages_enquiries:find_enquiry_pages",  # enquiries
    "tests.bench.pages_data_rights:find_data_rights_pages",  # data_rights
    "tests.bench.pages_her_case:find_her_case_pages",  # her_case
    "tests.bench.pages_retention:find_retention_pages",  # retention
    "tests.bench.pages_languages:find_language_pages",  # languages
    "tests.bench.pages_localisation:find_localisation_pages",  # localisation
)


def find_all(organisation, today: date) -> list[dict]:
    """Every finder's rows, in FINDERS order."""
    from importlib import import_module

    rows: list[dict] = []
    for entry in FINDERS:
        module, function = entry.split(":")
        rows.extend(getattr(import_module(module), function)(organisation, today))
    return rows
