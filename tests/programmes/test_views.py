"""Programme, module and group pages; enrolment pages; exit reports."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casefile.filters import ParticipantFilter
from participants.models import Participant, StatusChange
from programmes.filters import GroupFilter
from programmes.models import Enrolment, ExitReport, Group, Module, Programme, Session
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import (
    EnrolmentFactory,
    ExitReportFactory,
    GroupFactory,
    ModuleFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_manager_creates_a_programme_with_modules(login, manager):
    client = login(manager)
    response = client.post(
        reverse("programmes:programme_create"),
        {
            "name": "Change Programme (fictional)",
            "delivery": "group",
            "planned_sessions": 22,
            "minimum_attendance_percent": 80,
            "duration_weeks": 22,
            "is_active": "on",
        },
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert programme.organisation == manager.organisation
    client.post(
        reverse("programmes:module_create", args=[programme.uuid]),
        {"order": 1, "title": "Noticing warning signs"},
    )
    response = client.post(
        reverse("programmes:module_create", args=[programme.uuid]),
        {"order": 1, "title": "Same place"},
    )
    assert response.status_code == 400
    assert Module.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"minimum_attendance_percent": 120},
        {"name": ""},
        {"planned_sessions": "many"},
    ],
)
def test_bad_programme_details_are_a_400(login, manager, data):
    base = {
        "name": "P (fictional)",
        "delivery": "group",
        "planned_sessions": 22,
        "minimum_attendance_percent": 75,
        "duration_weeks": 22,
    }
    response = login(manager).post(
        reverse("programmes:programme_create"), {**base, **data}
    )
    assert response.status_code == 400
    assert not Programme.objects.exists()


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_only_managers_create_programmes(login, make_user, role):
    response = login(make_user(role)).get(reverse("programmes:programme_create"))
    assert response.status_code == 403


def test_caseworker_creates_a_group_and_its_calendar(login, caseworker, make_user, org):
    programme = ProgrammeFactory(organisation=org)
    facilitator = make_user("facilitator")
    client = login(caseworker)
    response = client.post(
        reverse("programmes:group_create"),
        {
            "programme": programme.pk,
            "name": "Thursday evening (fictional)",
            "kind": "rolling",
            "facilitators": [facilitator.pk],
            "weekday": 3,
            "start_time": "18:00",
            "duration_minutes": 150,
            "venue": "Room 2",
            "capacity": 10,
            "start_date": "2026-11-26",
            "end_date": "2027-01-28",
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302
    assert list(group.facilitators.all()) == [facilitator]
    response = client.post(
        reverse("programmes:group_generate_sessions", args=[group.uuid]),
        {"start": "2026-11-26", "end": "2027-01-28"},
    )
    assert response.status_code == 302
    assert Session.objects.filter(group=group).count() == 10
    bad = client.post(
        reverse("programmes:group_generate_sessions", args=[group.uuid]),
        {"start": "2027-01-28", "end": "2026-11-26"},
    )
    assert bad.status_code == 400


def test_a_group_cannot_end_before_it_starts(login, caseworker, org):
    programme = ProgrammeFactory(organisation=org)
    response = login(caseworker).post(
        reverse("programmes:group_create"),
        {
            "programme": programme.pk,
            "name": "Backwards",
            "kind": "rolling",
            "weekday": 3,
            "start_time": "18:00",
            "duration_minutes": 150,
            "venue": "Room 2",
            "capacity": 10,
            "start_date": "2026-11-26",
            "end_date": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert not Group.objects.exists()


def test_a_group_with_another_organisations_programme_is_a_400(login, caseworker):
    foreign = ProgrammeFactory()
    response = login(caseworker).post(
        reverse("programmes:group_create"),
        {"programme": foreign.pk, "name": "X", "weekday": 1, "start_time": "18:00"},
    )
    assert response.status_code == 400


def test_facilitator_sees_only_his_groups(login, facilitator, org):
    mine = GroupFactory(programme=ProgrammeFactory(organisation=org))
    mine.facilitators.set([facilitator])
    other = GroupFactory(programme=mine.programme)
    client = login(facilitator)
    response = client.get(reverse("programmes:group_list"))
    assert list(response.context["page_obj"]) == [mine]
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_another_organisations_group_and_programme_are_404(login, outsider, org):
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    client = login(outsider)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.get(group.programme.get_absolute_url()).status_code == 404


def test_group_list_filters(login, manager, make_user, org):
    facilitator = make_user("facilitator")
    first = GroupFactory(programme=ProgrammeFactory(organisation=org), name="Monday A")
    first.facilitators.set([facilitator])
    second = GroupFactory(
        programme=ProgrammeFactory(organisation=org),
        name="Friday B",
        end_date=datetime.date(2026, 2, 1),
    )
    client = login(manager)

    def names(**params):
        response = client.get(reverse("programmes:group_list"), params)
        assert response.status_code == 200
        return {g.name for g in response.context["page_obj"]}

    assert names() == {"Monday A", "Friday B"}
    assert names(q="monday") == {"Monday A"}
    assert names(programme=second.programme.uuid) == {"Friday B"}
    assert names(facilitator=facilitator.uuid) == {"Monday A"}
    assert names(running="ended") == {"Friday B"}


def test_group_list_and_group_page_queries_are_constant(login, manager, org):
    client = login(manager)
    programme = ProgrammeFactory(organisation=org)

    def fill(count):
        groups = GroupFactory.create_batch(count, programme=programme, capacity=60)
        for group in groups:
            EnrolmentFactory(group=group)
        return groups

    small = fill(5)
    for _ in range(4):
        EnrolmentFactory(group=small[0])
    client.get(reverse("programmes:group_list"))
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("programmes:group_list"))
        client.get(small[0].get_absolute_url())
    large = fill(45)
    for _ in range(49):
        EnrolmentFactory(group=large[0])
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("programmes:group_list"))
        client.get(large[0].get_absolute_url())
    assert len(five) == len(fifty)


def test_caseworker_enrols_a_man_from_his_case_file(login, caseworker, org):
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    man = ParticipantFactory(
        organisation=org,
        status=Participant.Status.WAITING_LIST,
        status_changed_on=datetime.date(2026, 1, 1),
    )
    client = login(caseworker)
    response = client.post(
        reverse("programmes:enrol", args=[man.uuid]),
        {"group": group.uuid, "start_date": timezone.localdate()},
    )
    assert response.status_code == 302
    assert Enrolment.objects.get().participant == man
    man.refresh_from_db()
    assert man.status == Participant.Status.ACTIVE
    # A second place in the same group is a clear 400.
    again = client.post(
        reverse("programmes:enrol", args=[man.uuid]),
        {"group": group.uuid, "start_date": timezone.localdate()},
    )
    assert again.status_code == 400
    assert "already has a place" in again.content.decode()


def test_enrolling_in_a_foreign_group_is_a_400(login, caseworker, org):
    man = ParticipantFactory(organisation=org, status=Participant.Status.WAITING_LIST)
    foreign = GroupFactory()
    response = login(caseworker).post(
        reverse("programmes:enrol", args=[man.uuid]),
        {"group": foreign.uuid, "start_date": timezone.localdate()},
    )
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_facilitator_cannot_enrol(login, facilitator, org):
    man = ParticipantFactory(organisation=org)
    response = login(facilitator).get(reverse("programmes:enrol", args=[man.uuid]))
    assert response.status_code == 403


def test_caseworker_ending_with_exclusion_asks_a_manager(login, caseworker, org):
    enrolment = EnrolmentFactory(
        group=GroupFactory(programme=ProgrammeFactory(organisation=org)),
        participant=ParticipantFactory(
            organisation=org, status_changed_on=datetime.date(2026, 1, 1)
        ),
    )
    response = login(caseworker).post(
        reverse("programmes:enrolment_end", args=[enrolment.uuid]),
        {
            "outcome": "excluded",
            "reason": "excluded:behaviour_in_group",
            "end_date": timezone.localdate(),
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.is_current
    assert StatusChange.objects.get().is_pending


def test_ending_a_place_writes_the_exit_report(login, caseworker, org):
    enrolment = EnrolmentFactory(
        group=GroupFactory(programme=ProgrammeFactory(organisation=org)),
        participant=ParticipantFactory(
            organisation=org, status_changed_on=datetime.date(2026, 1, 1)
        ),
    )
    client = login(caseworker)
    url = reverse("programmes:enrolment_end", args=[enrolment.uuid])
    wrong = client.post(
        url,
        {
            "outcome": "completed",
            "reason": "dropped_out:stopped_engaging",
            "end_date": timezone.localdate(),
        },
    )
    assert wrong.status_code == 400
    response = client.post(
        url,
        {
            "outcome": "dropped_out",
            "reason": "dropped_out:stopped_engaging",
            "end_date": timezone.localdate(),
        },
    )
    assert response.status_code == 302
    report = ExitReport.objects.get()
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert "Stopped engaging" in page.content.decode()
    saved = client.post(
        report.get_absolute_url(),
        {
            "progress_behaviour": "some",
            "progress_summary": "Uses his time-out plan.",
            "notify_partner_support": "on",
        },
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.progress_behaviour == "some"


def test_facilitator_reads_but_cannot_change_an_exit_report(login, facilitator, org):
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    group.facilitators.set([facilitator])
    report = ExitReportFactory(enrolment__group=group)
    client = login(facilitator)
    assert client.get(report.get_absolute_url()).status_code == 200
    response = client.post(report.get_absolute_url(), {"progress_behaviour": "none"})
    assert response.status_code == 403


def test_another_organisations_exit_report_is_a_404(login, outsider, org):
    report = ExitReportFactory(
        enrolment__group=GroupFactory(programme=ProgrammeFactory(organisation=org))
    )
    assert login(outsider).get(report.get_absolute_url()).status_code == 404


def test_programme_page_lists_modules_in_order(login, manager, org):
    programme = ProgrammeFactory(organisation=org)
    ModuleFactory(programme=programme, order=2, title="Second (fictional)")
    ModuleFactory(programme=programme, order=1, title="First (fictional)")
    body = login(manager).get(programme.get_absolute_url()).content.decode()
    assert body.index("First (fictional)") < body.index("Second (fictional)")


def test_exit_report_says_his_level_did_not_change_when_both_are_not_assessed(
    login, manager, org
):
    """Issue 14: it said "His risk level changed" for "Not assessed" twice."""
    report = ExitReportFactory(
        enrolment__group=GroupFactory(programme=ProgrammeFactory(organisation=org)),
        risk_level_at_intake="none",
        risk_level_at_exit="none",
    )
    page = login(manager).get(report.get_absolute_url()).content.decode()
    assert "His risk level changed" not in page
    assert "His risk level did not change (Not assessed)." in page


def test_exit_report_names_both_levels_when_his_level_changed(login, manager, org):
    report = ExitReportFactory(
        enrolment__group=GroupFactory(programme=ProgrammeFactory(organisation=org))
    )
    page = login(manager).get(report.get_absolute_url()).content.decode()
    assert "His risk level changed from Medium to Standard." in page


def test_group_filter_labels_its_facilitator_list(login, manager):
    """Issue 14: django-filter labelled the facilitator list "[invalid name]"."""
    response = login(manager).get(reverse("programmes:group_list"))
    assert "[invalid name]" not in response.content.decode()
    assert response.context["filter"].form["facilitator"].label == "Facilitator"


@pytest.mark.parametrize("filterset", [GroupFilter, ParticipantFilter])
def test_no_filter_is_labelled_invalid_name(filterset, manager):
    """Every filter of every list has a label of its own."""
    labels = {n: str(f.label) for n, f in filterset(user=manager).form.fields.items()}
    assert "[invalid name]" not in labels.values(), labels


def test_module_lists_group_modules_under_their_programme(login, caseworker, org):
    """Issue 14: the module list mixed both programmes' modules without grouping."""
    for name in ["Change (fictional)", "Respect (fictional)"]:
        programme = ProgrammeFactory(organisation=org, name=name)
        ModuleFactory(programme=programme, order=1, title="Welcome")
    man = ParticipantFactory(organisation=org)
    page = (
        login(caseworker)
        .get(reverse("programmes:one_to_one_create", args=[man.uuid]))
        .content.decode()
    )
    assert page.count("<optgroup") == 2
    assert page.index('label="Change (fictional)"') < page.index(
        'label="Respect (fictional)"'
    )


def test_plurals_on_programme_pages(login, manager, org):
    """Issue 14: "1 men" and its kind; counts of one read in the singular."""
    programme = ProgrammeFactory(organisation=org, planned_sessions=1, duration_weeks=1)
    GroupFactory(programme=programme)
    client = login(manager)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "1 session over 1 week" in page
    assert (
        "1 group</caption>"
        in client.get(reverse("programmes:group_list")).content.decode()
    )
