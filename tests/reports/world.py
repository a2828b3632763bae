"""A period report file prepared in the background, in the security suite's
seeded world (tests/security/conftest.py build_world), so its status page,
progress and download are tried by every role, swept for the firewall and
given hostile values."""

import datetime

from reports import background
from reports.models import ReportExport


def add_report_export_records(o, *, manager, today: datetime.date) -> None:
    """The manager's XLSX file of this year so far, written by the task, and a
    CSV file that failed (its page offers to ask again: a form)."""
    start = today.replace(month=1, day=1)
    o.report_export = ReportExport.objects.create(
        organisation=manager.organisation,
        requested_by=manager,
        format=ReportExport.Format.XLSX,
        query={"period": "range", "start": str(start), "end": str(today)},
        language="en-gb",
    )
    assert background.build_export(export_id=o.report_export.pk)
    o.failed_report_export = ReportExport.objects.create(
        organisation=manager.organisation,
        requested_by=manager,
        format=ReportExport.Format.CSV,
        query=o.report_export.query,
        language="en-gb",
        status=ReportExport.Status.FAILED,
    )
