"""Report files prepared in the background for a large organisation: asking for
one, its progress, the file offered to the manager who asked and to no one
else, the access log, bad input, and the daily clean-up."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AccessLog
from reports import background, tasks
from reports.models import ReportExport
from tests.reports.factories import build_world

QUARTER = {"period": "quarter", "year": "2026", "quarter": "1"}
RANGE = {"period": "range", "start": "2026-04-01", "end": "2026-06-30"}


@pytest.fixture
def large(settings):
    """Every organisation counts as large: files are prepared in the background."""
    settings.REPORT_EXPORT_BACKGROUND_ABOVE = 0


@pytest.fixture
def world(org):
    return build_world(org)


def _ask(client, fmt="xlsx", params=RANGE):
    return client.post(reverse("reports:export_start"), {**params, "format": fmt})


def _status(export):
    return reverse("reports:export_status", kwargs={"export_uuid": export.uuid})


def test_a_small_organisation_downloads_at_once(login, manager, world, settings):
    settings.REPORT_EXPORT_BACKGROUND_ABOVE = 10_000
    client = login(manager)
    page = client.get(reverse("reports:period_report"), RANGE).content.decode()
    assert "Download XLSX" in page and "Prepare the XLSX file" not in page
    assert client.get(reverse("reports:export_xlsx"), RANGE).status_code == 200


def test_a_large_organisation_prepares_the_file_and_offers_it_when_ready(
    login, manager, world, large, django_capture_on_commit_callbacks
):
    client = login(manager)
    page = client.get(reverse("reports:period_report"), RANGE).content.decode()
    assert "Prepare the XLSX file" in page and "Download XLSX" not in page

    with django_capture_on_commit_callbacks() as queued:
        response = _ask(client)
    export = ReportExport.objects.get()
    assert response.status_code == 302 and response["Location"] == _status(export)
    assert len(queued) == 1  # the task is sent once the request is committed
    assert export.status == "queued" and export.requested_by == manager
    assert export.query == {
        "period": "range",
        **{k: RANGE[k] for k in ("start", "end")},
    }

    waiting = client.get(_status(export)).content.decode()
    assert "Waiting to start" in waiting and 'hx-trigger="every 2s"' in waiting

    assert tasks.build_report_export(export.pk) is True
    assert tasks.build_report_export(export.pk) is False  # a second run: nothing
    export.refresh_from_db()
    assert export.status == "ready" and export.progress == 100
    assert export.filename == "period-report-2026-04-01-2026-06-30.xlsx"

    fragment = client.get(
        reverse("reports:export_progress", kwargs={"export_uuid": export.uuid})
    ).content.decode()
    assert "The file is ready" in fragment and "hx-trigger" not in fragment
    download = reverse("reports:export_download", kwargs={"export_uuid": export.uuid})
    assert download in fragment

    response = client.get(download)
    assert response.status_code == 200
    assert (
        'filename="period-report-2026-04-01-2026-06-30.xlsx"'
        in (response["Content-Disposition"])
    )
    book = load_workbook(io.BytesIO(response.content))
    assert {"Referrals", "Partners", "By month"} <= set(book.sheetnames)
    # The same figures as the download of a small organisation: "fewer than 10".
    assert book["Referrals"]["B1"].value == world.org.name
    assert AccessLog.objects.filter(
        user=manager, action=AccessLog.Action.EXPORT, object_type__contains="xlsx"
    ).exists()


def test_the_csv_file_is_the_same_as_the_direct_download(
    login, manager, world, settings
):
    client = login(manager)
    direct = client.get(reverse("reports:export_csv"), RANGE).content.decode()
    settings.REPORT_EXPORT_BACKGROUND_ABOVE = 0
    _ask(client, "csv")
    export = ReportExport.objects.get()
    tasks.build_report_export(export.pk)
    export.refresh_from_db()
    prepared = bytes(export.content).decode()
    # Only the "Made on" line may differ (a minute may have passed).
    assert _without_date(prepared) == _without_date(direct)
    assert "fewer than 10" in prepared


def _without_date(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("Made on")]


def test_a_download_link_of_a_large_organisation_sends_her_to_prepare_it(
    login, manager, world, large
):
    response = login(manager).get(reverse("reports:export_xlsx"), RANGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:period_report"))
    assert "start=2026-04-01" in response["Location"]
    assert not ReportExport.objects.exists()


def test_asking_twice_while_it_is_prepared_gives_the_same_file(
    login, manager, world, large
):
    client = login(manager)
    first, second = _ask(client), _ask(client)
    assert first["Location"] == second["Location"]
    assert ReportExport.objects.count() == 1
    _ask(client, "csv")
    assert ReportExport.objects.count() == 2


def test_the_file_is_hers_alone(
    login, manager, make_user, caseworker, outsider, world, large
):
    _ask(login(manager))
    export = ReportExport.objects.get()
    tasks.build_report_export(export.pk)
    another_manager = make_user("manager")
    pages = [
        _status(export),
        reverse("reports:export_progress", kwargs={"export_uuid": export.uuid}),
        reverse("reports:export_download", kwargs={"export_uuid": export.uuid}),
    ]
    outsider_manager = make_user("manager", organisation=outsider.organisation)
    for url in pages:
        assert login(another_manager).get(url).status_code == 404
        assert login(outsider_manager).get(url).status_code == 404
        assert login(caseworker).get(url).status_code == 403
    assert (
        login(caseworker).post(reverse("reports:export_start"), RANGE).status_code
        == 403
    )
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_a_file_not_ready_is_not_offered(login, manager, world, large):
    client = login(manager)
    _ask(client)
    export = ReportExport.objects.get()
    url = reverse("reports:export_download", kwargs={"export_uuid": export.uuid})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        ({**RANGE, "format": "docx"}, "Choose CSV, XLSX or PDF"),
        ({**RANGE, "format": ""}, "Choose CSV, XLSX or PDF"),
        (
            {
                "period": "range",
                "start": "2026-06-30",
                "end": "2026-04-01",
                "format": "csv",
            },
            "The period is not valid",
        ),
        (
            {
                "period": "range",
                "start": "2010-01-01",
                "end": "2026-01-01",
                "format": "xlsx",
            },
            "The period is not valid",
        ),
    ],
)
def test_bad_requests_are_refused_with_a_message(login, manager, large, data, message):
    response = login(manager).post(reverse("reports:export_start"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportExport.objects.exists()


def test_another_organisations_programme_is_refused(login, manager, other_org, large):
    from tests.programmes.factories import ProgrammeFactory

    theirs = ProgrammeFactory(organisation=other_org)
    response = login(manager).post(
        reverse("reports:export_start"),
        {**RANGE, "programme": str(theirs.uuid), "format": "csv"},
    )
    assert response.status_code == 400
    assert not ReportExport.objects.exists()


def test_a_failure_is_shown_with_a_way_to_try_again(
    login, manager, world, large, monkeypatch
):
    client = login(manager)
    _ask(client)
    export = ReportExport.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(background, "build_charts", broken)
    assert tasks.build_report_export(export.pk) is False
    export.refresh_from_db()
    assert export.status == "failed"
    page = client.get(_status(export)).content.decode()
    assert "could not be prepared" in page and "Try again" in page
    assert "database went away" not in page


@pytest.mark.parametrize("change", [{"role": "caseworker"}, {"is_active": False}])
def test_her_rights_are_checked_again_when_the_file_is_written(
    login, manager, world, large, change
):
    _ask(login(manager))
    export = ReportExport.objects.get()
    for field, value in change.items():
        setattr(manager, field, value)
    manager.save()
    assert tasks.build_report_export(export.pk) is False
    export.refresh_from_db()
    assert export.status == "failed" and export.content is None


def test_files_are_dropped_after_a_day(manager, world, large, settings):
    settings.REPORT_EXPORT_KEEP_HOURS = 24
    old = ReportExport.objects.create(
        organisation=manager.organisation,
        requested_by=manager,
        format="csv",
        language="en-gb",
    )
    fresh = ReportExport.objects.create(
        organisation=manager.organisation,
        requested_by=manager,
        format="csv",
        language="en-gb",
    )
    ReportExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert tasks.drop_old_report_exports() == 1
    assert tasks.drop_old_report_exports() == 0
    assert list(ReportExport.objects.all()) == [fresh]


def test_the_progress_fragment_reads_a_constant_number_of_queries(
    login, manager, world, large
):
    client = login(manager)
    _ask(client)
    export = ReportExport.objects.get()
    url = reverse("reports:export_progress", kwargs={"export_uuid": export.uuid})
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    tasks.build_report_export(export.pk)
    with CaptureQueriesContext(connection) as ready:
        client.get(url)
    assert len(first) == len(ready) <= 6
