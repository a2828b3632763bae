import csv
import datetime
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from outcomes import charts, dataset, figures
from outcomes.models import (
    Domain,
    Questionnaire,
    Respondent,
    Response,
    ResponseSummary,
    TimePoint,
    TimePointKind,
)
from tests.outcomes.factories import (
    PartnerTimePointFactory,
    ResponseFactory,
    TimePointFactory,
    shipped,
)
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import EnrolmentFactory


def completed_man(org, *, outcome, intake, end, name="Testman"):
    """A man with complete intake and end responses whose physical scores are
    `intake` and `end`."""
    man = ParticipantFactory(
        organisation=org,
        first_name=name,
        date_of_birth=datetime.date(1990, 1, 1),
    )
    start = timezone.localdate() - datetime.timedelta(days=200)
    enrolment = EnrolmentFactory(
        participant=man,
        organisation=org,
        group__programme__organisation=org,
        start_date=start,
        end_date=start + datetime.timedelta(days=150),
        outcome=outcome,
        outcome_reason="x",
    )
    for kind, score in ((TimePointKind.INTAKE, intake), (TimePointKind.END, end)):
        point = TimePointFactory(
            enrolment=enrolment, kind=kind, status=TimePoint.Status.COMPLETED
        )
        ResponseFactory(
            time_point=point,
            status=Response.Status.COMPLETE,
            completed_at=timezone.now(),
            domain_scores={"physical": score, "sexual": None},
        )
    return man


def test_mean_change_is_hand_counted_and_small_groups_are_suppressed(db, org):
    """Six completers: physical 3->1 (x3) and 2->1 (x3) give a mean change of
    -1.5 over 6 men; three men who stopped attending are 'fewer than 5', and the
    completers beside them are hidden too (the complement); with five who
    stopped (4->4), both are shown: -1.5 over 6 and 0 over 5."""
    for _ in range(3):
        completed_man(org, outcome="completed", intake=3, end=1)
        completed_man(org, outcome="completed", intake=2, end=1)
        completed_man(org, outcome="dropped_out", intake=4, end=4)
    changes = figures.mean_changes(TimePoint.objects.filter(organisation=org))
    by_group = {(c.group, c.to_kind): c for c in changes if c.domain == "physical"}
    done = by_group[("completed", TimePointKind.END)]
    assert (done.n, done.respondent) == (6, Respondent.MAN)
    assert done.mean is None and done.shown_n == "not shown" and done.suppressed
    stopped = by_group[("stopped", TimePointKind.END)]
    assert stopped.mean is None and stopped.shown_n == "fewer than 5"
    assert not [c for c in changes if c.domain == "sexual"]
    for _ in range(2):
        completed_man(org, outcome="excluded", intake=4, end=4)
    changes = figures.mean_changes(TimePoint.objects.filter(organisation=org))
    by_group = {(c.group, c.to_kind): c for c in changes if c.domain == "physical"}
    done = by_group[("completed", TimePointKind.END)]
    stopped = by_group[("stopped", TimePointKind.END)]
    assert (done.n, done.mean, done.shown_n) == (6, -1.5, "6")
    assert (stopped.n, stopped.mean, stopped.shown_n) == (5, 0.0, "5")


def test_status_counts_suppress_small_cells(db, org):
    for _ in range(5):
        TimePointFactory(
            enrolment__organisation=org,
            enrolment__group__programme__organisation=org,
            status=TimePoint.Status.MISSED,
        )
    TimePointFactory(
        enrolment__organisation=org,
        enrolment__group__programme__organisation=org,
        status=TimePoint.Status.DECLINED,
    )
    table = figures.status_counts(
        TimePoint.objects.filter(organisation=org), today=timezone.localdate()
    )
    intake = next(
        r for r in table if r["respondent"] == "man" and r["kind"] == "intake"
    )
    # 5 missed would give the 1 declined away by subtraction: hidden too.
    assert intake["counts"]["missed"] == "not shown"
    assert intake["counts"]["declined"] == "fewer than 5"
    assert intake["counts"]["completed"] == "0"


def test_outcomes_page_for_managers_only(client, org, manager, partner_worker):
    completed_man(org, outcome="completed", intake=3, end=1)
    client.force_login(partner_worker)
    assert client.get(reverse("outcomes:programme_outcomes")).status_code == 403
    client.force_login(manager)
    page = client.get(reverse("outcomes:programme_outcomes"))
    assert page.status_code == 200
    assert "fewer than 5" in page.content.decode()
    bad = client.get(reverse("outcomes:programme_outcomes"), {"date_from": "x"})
    assert bad.status_code == 400


def test_outcomes_page_queries_do_not_grow(
    client, org, manager, django_assert_max_num_queries
):
    completed_man(org, outcome="completed", intake=3, end=1)
    client.force_login(manager)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("outcomes:programme_outcomes"))
    for _ in range(4):
        completed_man(org, outcome="completed", intake=2, end=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("outcomes:programme_outcomes"))


def test_export_is_anonymised_and_logged(client, org, manager):
    completed_man(org, outcome="completed", intake=3, end=1, name="Identifiable")
    client.force_login(manager)
    response = client.get(reverse("outcomes:dataset_export"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Identifiable" not in text and "1990" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[0]["person"] == rows[1]["person"]
    assert rows[0]["age_band"] == "35-44" or rows[0]["age_band"] == "25-34"
    assert {r["time_point"] for r in rows} == {"intake", "end"}
    assert rows[0]["domain_physical"] in ("3", "1")
    assert "months_since_start" in rows[0]
    again = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("outcomes:dataset_export")).content.decode())
        )
    )
    assert again[0]["person"] != rows[0]["person"]
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == 2


def test_export_for_managers_only(client, partner_worker, caseworker):
    for user in (partner_worker, caseworker):
        client.force_login(user)
        assert client.get(reverse("outcomes:dataset_export")).status_code == 403


def test_age_band_and_months():
    assert dataset.age_band(datetime.date(2000, 6, 1), datetime.date(2026, 5, 31)) == (
        "25-34"
    )
    assert dataset.age_band(None, datetime.date(2026, 1, 1)) == ""
    assert (
        dataset.months_between(datetime.date(2026, 1, 15), datetime.date(2026, 7, 14))
        == 5
    )


def test_complement_is_the_smallest_other_cell_of_the_row():
    cells = {"pending": 0, "completed": 5, "declined": 2, "missed": 9}
    assert figures.complements(cells) == {"completed"}
    # Two small cells hide each other; none small, nothing hidden.
    assert figures.complements({"a": 2, "b": 3, "c": 9}) == set()
    assert figures.complements({"a": 0, "b": 7, "c": 9}) == set()
    # A small cell alone in its row has no complement to hide.
    assert figures.complements({"a": 0, "b": 3}) == set()


def test_data_dictionary_names_every_column_of_the_export(client, org, manager):
    completed_man(org, outcome="completed", intake=3, end=1)
    client.force_login(manager)
    text = client.get(reverse("outcomes:dataset_export")).content.decode()
    header = next(csv.reader(io.StringIO(text)))
    dictionary = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("outcomes:data_dictionary_csv")).content.decode()
            )
        )
    )
    assert [row[0] for row in dictionary[1:]] == header
    assert all(row[1] for row in dictionary[1:])
    page = client.get(reverse("outcomes:data_dictionary")).content.decode()
    for column in header:
        assert f"<code>{column}</code>" in page
    assert "domain_physical" in header, header
    assert "item_physical_push" in header


def test_xlsx_export_holds_the_same_rows_and_is_logged(client, org, manager):
    completed_man(org, outcome="completed", intake=3, end=1, name="Identifiable")
    client.force_login(manager)
    response = client.get(reverse("outcomes:dataset_export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 3 and "person" in header
    physical = header.index("domain_physical")
    assert sorted(r[physical] for r in rows[1:]) == [1, 3]
    assert not any("Identifiable" in str(cell) for row in rows for cell in row)
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT, object_type__contains="xlsx"
    ).exists()


def test_dictionary_and_xlsx_for_managers_only(client, partner_worker, caseworker):
    for user in (partner_worker, caseworker):
        client.force_login(user)
        for name in (
            "outcomes:dataset_export_xlsx",
            "outcomes:data_dictionary",
            "outcomes:data_dictionary_csv",
        ):
            assert client.get(reverse(name)).status_code == 403


def her_answers(org, *, kind, safety, wellbeing=None):
    """Her complete questionnaire at `kind` with these safety and well-being scores."""
    point = PartnerTimePointFactory(
        enrolment__organisation=org,
        enrolment__group__programme__organisation=org,
        kind=kind,
        status=TimePoint.Status.COMPLETED,
    )
    ResponseFactory(
        time_point=point,
        status=Response.Status.COMPLETE,
        completed_at=timezone.now(),
        domain_scores={"her_safety": safety, "her_wellbeing": wellbeing},
    )


def test_her_safety_over_time_is_hand_counted_and_small_cells_suppressed(db, org):
    """Five women at intake (safety 1, 1, 2, 2, 4: mean 2.0 over 5; well-being
    answered by three: 'fewer than 5'); two at the end: 'fewer than 5', no mean;
    no row for a point nobody answered."""
    for safety in (1, 1, 2, 2, 4):
        her_answers(
            org,
            kind=TimePointKind.INTAKE,
            safety=safety,
            wellbeing=None if safety == 2 else 3,
        )
    for _ in range(2):
        her_answers(org, kind=TimePointKind.END, safety=4, wellbeing=4)
    figures_ = figures.her_safety_over_time(TimePoint.objects.filter(organisation=org))
    assert [code for code, _name in figures_["domains"]] == [
        "her_safety",
        "her_wellbeing",
    ]
    rows = {row["kind"]: row["levels"] for row in figures_["rows"]}
    assert set(rows) == {TimePointKind.INTAKE, TimePointKind.END}
    safety, wellbeing = rows[TimePointKind.INTAKE]
    assert (safety.n, safety.mean, safety.shown_n) == (5, 2.0, "5")
    assert (wellbeing.n, wellbeing.mean, wellbeing.shown_n) == (3, None, "fewer than 5")
    end_safety, _wellbeing = rows[TimePointKind.END]
    assert end_safety.mean is None and end_safety.suppressed
    chart = charts.her_safety_chart(figures_)
    assert chart["series"][0]["data"] == [2.0, None]
    assert chart["series"][1]["data"] == [None, None]


def test_charts_hold_the_tables_figures_and_nothing_they_hide(db, org):
    """The status chart holds the table's counts, with the hidden cells None;
    the change charts hold the shown means only."""
    for _ in range(5):
        completed_man(org, outcome="completed", intake=3, end=1)
    points = TimePoint.objects.filter(organisation=org)
    table = figures.status_counts(points, today=timezone.localdate())
    his = charts.status_chart(table, Respondent.MAN)
    completed = next(s for s in his["series"] if s["key"] == "completed")
    assert completed["data"][:3] == [5, 0, 5]
    changes = figures.mean_changes(points)
    (change_chart,) = charts.change_charts(changes)
    series = {s["key"]: s["data"] for s in change_chart["series"]}
    physical = change_chart["labels"].index("Physical violence")
    assert series["completed"][physical] == -2.0
    assert series["stopped"][physical] is None
    completed_man(org, outcome="dropped_out", intake=3, end=3)
    changes = figures.mean_changes(points)
    (change_chart,) = charts.change_charts(changes)
    # One who stopped is 'fewer than 5', and the completers beside him are hidden.
    assert all(v is None for s in change_chart["series"] for v in s["data"])


def test_outcomes_page_shows_her_safety_only_in_aggregate(client, org, manager):
    """Her scores reach the page as means over at least five women, never alone."""
    her_answers(org, kind=TimePointKind.INTAKE, safety=3.67, wellbeing=2.33)
    client.force_login(manager)
    page = client.get(reverse("outcomes:programme_outcomes")).content.decode()
    assert "Her reported safety and well-being over time" in page
    assert "outcomes-programme-charts" in page and "chart.umd.min.js" in page
    assert "3.67" not in page and "2.33" not in page
    for _ in range(4):
        her_answers(org, kind=TimePointKind.INTAKE, safety=3.67, wellbeing=2.33)
    page = client.get(reverse("outcomes:programme_outcomes")).content.decode()
    assert "3.67" in page and "2.33" in page


def test_a_domain_only_an_older_version_scored_keeps_its_change_and_name(db, org):
    """A domain the active version dropped is still summed for the people
    answered on the version that had it, under that version's name."""
    current = shipped(Respondent.MAN)
    older = Questionnaire.objects.create(
        code=current.code,
        version=current.version + 10,
        name="An older version",
        respondent=current.respondent,
        is_active=False,
    )
    Domain.objects.create(
        questionnaire=older, code="old-area", name="Old area", order=1
    )
    for _ in range(5):
        completed_man(org, outcome="completed", intake=3, end=1)
    ResponseSummary.objects.update(changes={"old-area": -2.0})
    changes = figures.mean_changes(TimePoint.objects.filter(organisation=org))
    [old] = [c for c in changes if c.domain == "old-area"]
    assert (old.name, old.n, old.mean) == ("Old area", 5, -2.0)
