"""Bench rows of the period report (issue 17): the bench organisation's last
full financial year, for a manager, and its XLSX export; and the financial year
under way, where the seeded work with the women lies (the demo data's partner
contacts are of the last months only, so the full year before has none).

The report is held to 5x the floor at p95. The export's budget is 5 s; the
registry holds pages to ratios, so it is written as 250x the floor (5 s over a
floor of about 20 ms, docs/performance.md), which the export row's p95 in
milliseconds shows directly.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from reports.periods import financial_year_of

REPORT_RATIO = 5.0
EXPORT_RATIO = 250.0
# The page of a file prepared in the background, and the progress it polls
# every two seconds while the file is written: light pages, held to 2x.
FILE_PAGE_RATIO = 2.0


def prepared_file(organisation, query: dict):
    """The bench manager's file of the year, written by the task as it runs in
    production (so the status page shows a finished file with its download)."""
    from accounts.models import User
    from reports import background
    from reports.models import ReportExport

    manager = User.objects.get(username="manager")
    export = ReportExport.objects.create(
        organisation=organisation,
        requested_by=manager,
        format=ReportExport.Format.XLSX,
        query=query,
        language="en-gb",
    )
    background.build_export(export_id=export.pk)
    return export


def find_report_pages(organisation, today: date) -> list[dict]:
    current = financial_year_of(today, organisation.financial_year_start_month)
    year = current - 1
    query = f"?period=year&year={year}"
    export = prepared_file(organisation, {"period": "year", "year": str(year)})
    return [
        {
            "title": f"period report, financial year {year} (manager)",
            "role": "manager",
            "path": reverse("reports:period_report") + query,
            "budget": REPORT_RATIO,
        },
        {
            "title": f"period report, financial year {current} so far (manager)",
            "role": "manager",
            "path": reverse("reports:period_report") + f"?period=year&year={current}",
            "budget": REPORT_RATIO,
        },
        {
            "title": f"period report XLSX export, {year} (manager; 5 s = 250x)",
            "role": "manager",
            "path": reverse("reports:export_xlsx") + query,
            "budget": EXPORT_RATIO,
        },
        {
            "title": "period report file prepared in the background: its page "
            "(manager)",
            "role": "manager",
            "path": reverse("reports:export_status", args=[export.uuid]),
            "budget": FILE_PAGE_RATIO,
        },
        {
            "title": "period report file: the progress it polls (manager)",
            "role": "manager",
            "path": reverse("reports:export_progress", args=[export.uuid]),
            "budget": FILE_PAGE_RATIO,
        },
    ]
