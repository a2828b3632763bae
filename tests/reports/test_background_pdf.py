"""The report's PDF prepared in the background for a large organisation, as its
CSV and XLSX are: the link sends her to prepare it, the task writes the print
view as a PDF in her language with her name in its footer, and the file is hers
alone, each download in the access log."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import AccessLog
from reports import exports, tasks
from reports.models import ReportExport
from tests.reports.factories import build_world

RANGE = {"period": "range", "start": "2026-04-01", "end": "2026-06-30"}


@pytest.fixture
def world(org):
    return build_world(org)


@pytest.fixture
def large(settings):
    settings.REPORT_EXPORT_BACKGROUND_ABOVE = 0


def test_a_small_organisation_downloads_the_pdf_at_once(
    login, manager, world, settings
):
    settings.REPORT_EXPORT_BACKGROUND_ABOVE = 10_000
    client = login(manager)
    page = client.get(reverse("reports:period_report"), RANGE).content.decode()
    assert "Download PDF" in page and "Prepare the PDF file" not in page
    response = client.get(reverse("reports:pdf"), RANGE)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_large_organisation_is_sent_to_prepare_the_pdf(login, manager, world, large):
    client = login(manager)
    page = client.get(reverse("reports:period_report"), RANGE).content.decode()
    assert "Prepare the PDF file" in page and "Download PDF" not in page
    response = client.get(reverse("reports:pdf"), RANGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:period_report"))
    assert not ReportExport.objects.exists()


def test_the_pdf_is_prepared_and_offered_to_her_alone(
    login, manager, make_user, world, large
):
    client = login(manager)
    response = client.post(reverse("reports:export_start"), {**RANGE, "format": "pdf"})
    export = ReportExport.objects.get()
    assert response.status_code == 302 and export.format == "pdf"

    assert tasks.build_report_export(export.pk) is True
    export.refresh_from_db()
    assert export.status == "ready"
    assert export.filename == "period-report-2026-04-01-2026-06-30.pdf"
    assert bytes(export.content).startswith(b"%PDF")

    download = reverse("reports:export_download", kwargs={"export_uuid": export.uuid})
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert AccessLog.objects.filter(user=manager, object_type__endswith=".pdf").exists()

    another_manager = make_user("manager")
    assert login(another_manager).get(download).status_code == 404


def test_the_prepared_pdf_names_who_printed_it_without_a_request(manager, world):
    """The task has no request: the footer names the manager who asked."""
    from reports.assembly import full_report
    from reports.bases import Context
    from reports.charts import build_charts
    from reports.periods import PeriodForm

    form = PeriodForm(RANGE, user=manager)
    assert form.is_valid()
    context = Context(scope=form.scope, period=form.chosen_period, sees_partners=True)
    report = full_report(context, manager.organisation.small_numbers_external)
    html = render_to_string(
        "reports/report_print.html",
        {
            **exports.print_context(
                organisation=manager.organisation,
                printed_by=manager,
                query=form.query(),
                report=report,
                charts=build_charts(context),
            ),
            "as_pdf": True,
        },
    )
    assert f"by {manager}" in html
    assert "Confidential" in html and manager.organisation.name in html
