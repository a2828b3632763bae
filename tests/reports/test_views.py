"""The period report's pages: who may open them, bad input, the list behind a
figure, exports and their access log, and queries that do not grow with data."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AccessLog
from tests.programmes.factories import ProgrammeFactory
from tests.referrals.factories import ReferralFactory
from tests.reports.factories import build_world

QUARTER = {"period": "quarter", "year": "2026", "quarter": "1"}
PAGES = [
    "reports:period_report",
    "reports:export_csv",
    "reports:export_xlsx",
    "reports:print",
    "reports:pdf",
]


@pytest.fixture
def world(org):
    return build_world(org)


@pytest.mark.parametrize(
    "role, report, exports",
    [
        ("facilitator", 403, 403),
        ("caseworker", 200, 403),
        ("partner_worker", 403, 403),
        ("manager", 200, 200),
        ("org_admin", 403, 403),
    ],
)
def test_who_may_open_the_report_and_take_it_out(request, login, role, report, exports):
    client = login(request.getfixturevalue(role))
    assert client.get(reverse("reports:period_report")).status_code == report
    for name in PAGES[1:]:
        assert client.get(reverse(name), QUARTER).status_code == exports, name


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:period_report"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"period": "range", "start": "2026-06-30", "end": "2026-04-01"},
            "The last day is before the first",
        ),
        ({"period": "range", "start": "2026-06-30"}, "Give both the first"),
        (
            {"period": "range", "start": "2010-01-01", "end": "2026-01-01"},
            "at most ten years",
        ),
        ({"period": "range", "start": "2026-02-31", "end": "x"}, "valid date"),
        ({"period": "quarter", "year": "2026", "quarter": "9"}, "valid choice"),
        ({"period": "year", "year": "99999"}, "less than or equal"),
    ],
)
def test_bad_periods_are_refused_with_a_message(login, manager, params, message):
    response = login(manager).get(reverse("reports:period_report"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    for name in PAGES[1:]:
        assert login(manager).get(reverse(name), params).status_code == 400


def test_another_organisations_programme_is_refused(login, manager, other_org):
    theirs = ProgrammeFactory(organisation=other_org)
    response = login(manager).get(
        reverse("reports:period_report"), {"programme": str(theirs.uuid)}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert theirs.name not in response.content.decode()


def test_the_report_links_each_figure_to_its_records(login, manager, world):
    client = login(manager)
    response = client.get(reverse("reports:period_report"), QUARTER)
    body = response.content.decode()
    assert response.status_code == 200
    assert "figure=referrals.received" in body
    assert "figure=partners.unreachable" in body
    assert 'id="report-charts"' in body
    params = {
        "period": "range",
        "start": "2026-04-01",
        "end": "2026-06-30",
        "figure": "referrals.declined.out_of_area",
    }
    response = client.get(reverse("reports:figure_records"), params)
    assert response.status_code == 200
    assert "Referredman" in response.content.decode()
    assert "1 record" in response.content.decode()


def test_a_caseworker_sees_no_partner_figure_nor_link(login, caseworker, world):
    client = login(caseworker)
    body = client.get(reverse("reports:period_report"), QUARTER).content.decode()
    assert 'id="section-partners"' not in body
    assert "figure=partners" not in body and "figure=safety_plans" not in body
    assert "Woman" not in body
    # The list behind a figure kept within the firewall does not exist for her.
    base = {"period": "range", "start": "2026-04-01", "end": "2026-06-30"}
    for figure in ("partners.identified", "safety_plans.made"):
        response = client.get(
            reverse("reports:figure_records"), {**base, "figure": figure}
        )
        assert response.status_code == 404
    # Alerts: a caseworker sees only her own, so the organisation's list is not hers.
    assert "figure=alerts" not in body
    response = client.get(
        reverse("reports:figure_records"), {**base, "figure": "alerts.raised"}
    )
    assert response.status_code == 403


def test_an_unknown_figure_is_not_found(login, manager):
    client = login(manager)
    response = client.get(reverse("reports:figure_records"))
    assert response.status_code == 200
    assert "Choose a figure" in response.content.decode()
    response = client.get(
        reverse("reports:figure_records"), {"figure": "referrals.nonsense"}
    )
    assert response.status_code == 404


def test_csv_export_has_the_header_and_is_logged(login, manager, world):
    response = login(manager).get(reverse("reports:export_csv"), QUARTER)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Organisation", world.org.name]
    assert rows[2][0] == "Period" and "2026-04-01" in rows[2][1]
    flat = {row[0].strip(): row[1] for row in rows if len(row) == 2}
    # Outside the organisation the rule is 10: 4 referrals are "fewer than 10".
    assert flat["Referrals received"] == "fewer than 10"
    assert AccessLog.objects.filter(
        user=manager, action=AccessLog.Action.EXPORT, object_type__contains="csv"
    ).exists()


def test_xlsx_export_has_a_sheet_per_section_with_the_header(login, manager, world):
    response = login(manager).get(reverse("reports:export_xlsx"), QUARTER)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert {"Referrals", "Partners", "Risk", "Outcomes", "By month"} <= set(
        book.sheetnames
    )
    sheet = book["Referrals"]
    assert sheet["A1"].value == "Organisation" and sheet["B1"].value == world.org.name
    assert "2026-04-01" in sheet["B3"].value
    assert AccessLog.objects.filter(user=manager, object_type__contains="xlsx").exists()


def test_exports_are_formula_safe(login, manager, org):
    org.name = '=HYPERLINK("http://example.org")'
    org.save()
    client = login(manager)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("reports:export_csv"), QUARTER).content.decode()
            )
        )
    )
    assert rows[0][1].startswith("'=")
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:export_xlsx"), QUARTER).content)
    )
    assert book["Referrals"]["B1"].value.startswith("'=")


def test_print_view_and_pdf(login, manager, world):
    client = login(manager)
    response = client.get(reverse("reports:print"), QUARTER)
    assert response.status_code == 200
    assert "fewer than 10" in response.content.decode()
    response = client.get(reverse("reports:pdf"), QUARTER)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(user=manager, object_type__contains="PDF").exists()


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:period_report"), QUARTER)
    assert response.status_code == 200
    return len(captured)


def test_report_queries_do_not_grow_with_rows(login, manager, org):
    client = login(manager)
    build_world(org)
    _queries(client)  # the first request of a session reads and caches more
    before = _queries(client)
    # A second world's worth of records, and more referrals.
    build_world(org)
    for _ in range(5):
        ReferralFactory(organisation=org, received_on="2026-05-01")
    assert _queries(client) == before


def test_an_export_refusal_names_the_field_not_the_value(login, manager):
    response = login(manager).get(
        reverse("reports:export_csv"), {"period": "<script>x</script>"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Period" in text and "<script>" not in text
