"""A large organisation's report file in a browser: the manager asks for it,
watches its progress on a page that polls by itself, and downloads it when it
is ready, without reloading."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports import tasks
from reports.models import ReportExport
from tests.reports.factories import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_file_is_prepared_and_offered_when_ready(
    manager, org, page, sign_in, settings
):
    settings.REPORT_EXPORT_BACKGROUND_ABOVE = 0  # every organisation is large
    build_world(org)
    sign_in(manager)
    page.goto(reverse("reports:period_report") + "?period=year&year=2026")
    page.get_by_role("button", name="Prepare the XLSX file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report file")
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")

    # The worker takes the file while she watches; the page polls every 2 s.
    export = ReportExport.objects.get(requested_by=manager)
    assert tasks.build_report_export(export.pk)
    expect(page.get_by_role("status")).to_contain_text("The file is ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download period-report-").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    # Polling stopped with the file ready: the fragment asks for nothing more.
    assert page.locator("[hx-trigger]").count() == 0
