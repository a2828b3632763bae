"""The period report in a browser: its charts draw under the CSP (no console
error), switch from quarters to months, and every figure is a link."""

import pytest
from django.urls import reverse

from tests.reports.factories import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_report_renders_with_its_charts(manager, org, page, sign_in):
    build_world(org)
    sign_in(manager)
    page.goto(reverse("reports:period_report") + "?period=year&year=2026")
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Period report").is_visible()
    # Chart.js drew on both canvases (a drawn canvas has a chart instance).
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('chart-men')"
        " && Chart.getChart('chart-partners')"
    )
    quarters = page.evaluate("() => Chart.getChart('chart-men').data.labels.length")
    page.get_by_role("button", name="By month").click()
    months = page.evaluate("() => Chart.getChart('chart-men').data.labels.length")
    assert months == 24 and quarters < months
    # The same figures as a table.
    assert (
        page.locator("table[data-report-table=quarters] tbody tr").count() == quarters
    )
    # A figure leads to the records behind it.
    page.locator("#section-referrals a.report-link").first.click()
    page.wait_for_load_state("load")
    assert "Period report" in page.locator(".breadcrumb").inner_text()
    assert page.locator("tbody tr").count() >= 1
