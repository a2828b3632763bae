"""The men's list and a man's case file: the pages that read every app."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casefile.views import _case_file_records
from participants.models import Participant
from participants.timeline import KIND_LABELS, TimelineEntry
from programmes.case_file import missed_session_dates
from tests.participants.factories import (
    CaseNoteFactory,
    ChildFactory,
    ParticipantFactory,
    StatusChangeFactory,
)
from tests.programmes.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GroupFactory,
    HeldSessionFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_case_file_shows_status_children_notes_and_timeline(login, caseworker, org):
    participant = ParticipantFactory(organisation=org, caseworker=caseworker)
    ChildFactory(participant=participant, name="A. (fictional)")
    CaseNoteFactory(participant=participant, body="Talked about his time-out plan.")
    StatusChangeFactory(participant=participant)
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    EnrolmentFactory(participant=participant, group=group)
    AttendanceFactory(
        participant=participant,
        session=HeldSessionFactory(group=group),
        note="Quiet tonight",
    )
    response = login(caseworker).get(participant.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    for text in [
        participant.full_name,
        "Active",
        "A. (fictional)",
        "time-out plan",
        "Assessment → Active",
        group.name,
        "Quiet tonight",
        "Risk not assessed",
    ]:
        assert text in body


def _case_file_with(org, caseworker, men):
    """One man in a group of `men`, with a session's attendance for all of them."""
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    session = HeldSessionFactory(group=group)
    participants = ParticipantFactory.create_batch(
        men, organisation=org, caseworker=caseworker
    )
    for participant in participants:
        EnrolmentFactory(participant=participant, group=group)
        AttendanceFactory(participant=participant, session=session)
        ChildFactory(participant=participant)
        CaseNoteFactory(participant=participant)
        StatusChangeFactory(participant=participant)
    return participants[0]


def test_case_file_queries_do_not_grow_with_the_caseload(login, caseworker, org):
    client = login(caseworker)
    small = _case_file_with(org, caseworker, 5)
    client.get(small.get_absolute_url())  # warm caches (permissions, session)
    with CaptureQueriesContext(connection) as five:
        assert client.get(small.get_absolute_url()).status_code == 200
    large = _case_file_with(org, caseworker, 50)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(large.get_absolute_url()).status_code == 200
    assert len(five) == len(fifty)


def test_participant_list_queries_are_constant(login, caseworker, org):
    client = login(caseworker)
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))

    def add(count):
        for participant in ParticipantFactory.create_batch(count, organisation=org):
            EnrolmentFactory(participant=participant, group=group)
            AttendanceFactory(
                participant=participant, session=HeldSessionFactory(group=group)
            )

    add(5)
    client.get(reverse("casefile:list"))
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("casefile:list"))
    assert response.status_code == 200
    add(45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse("casefile:list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 50
    assert len(five) == len(fifty)


def test_participant_list_filters_and_searches(login, caseworker, make_user, org):
    other_worker = make_user("caseworker")
    programme = ProgrammeFactory(organisation=org)
    group = GroupFactory(programme=programme)
    in_group = ParticipantFactory(
        organisation=org, first_name="Rowan", caseworker=caseworker
    )
    EnrolmentFactory(participant=in_group, group=group)
    waiting = ParticipantFactory(
        organisation=org,
        first_name="Jamie",
        status=Participant.Status.WAITING_LIST,
        caseworker=other_worker,
    )
    client = login(caseworker)

    def names(**params):
        if "q" in params:
            # A search is posted, so the name never appears in a URL.
            response = client.post(reverse("casefile:list"), params, follow=True)
            assert "q=" not in response.redirect_chain[-1][0]
        else:
            response = client.get(reverse("casefile:list"), params)
        assert response.status_code == 200
        return {p.first_name for p, _ in response.context["rows"]}

    assert names() == {"Rowan", "Jamie"}
    assert names(status="waiting_list") == {"Jamie"}
    assert names(programme=programme.uuid) == {"Rowan"}
    assert names(group=group.uuid) == {"Rowan"}
    assert names(caseworker=other_worker.uuid) == {"Jamie"}
    assert names(q="rowan") == {"Rowan"}
    assert names(q=waiting.reference) == {"Jamie"}


def test_participant_list_rejects_a_foreign_filter_value(login, caseworker):
    foreign = GroupFactory()
    response = login(caseworker).get(reverse("casefile:list"), {"group": foreign.uuid})
    assert response.status_code == 400


def test_facilitator_sees_only_men_of_his_groups(login, facilitator, org):
    mine = GroupFactory(programme=ProgrammeFactory(organisation=org))
    mine.facilitators.set([facilitator])
    other = GroupFactory(programme=mine.programme)
    his = EnrolmentFactory(group=mine).participant
    not_his = EnrolmentFactory(group=other).participant
    client = login(facilitator)
    response = client.get(reverse("casefile:list"))
    assert [p for p, _ in response.context["rows"]] == [his]
    assert client.get(his.get_absolute_url()).status_code == 200
    assert client.get(not_his.get_absolute_url()).status_code == 404


def test_partner_support_worker_cannot_open_a_case_file(login, partner_worker, org):
    participant = ParticipantFactory(organisation=org)
    response = login(partner_worker).get(participant.get_absolute_url())
    assert response.status_code == 403


def test_a_name_in_the_url_is_ignored(login, caseworker, org):
    """Names never travel in URLs: ?q= typed by hand does not search."""
    ParticipantFactory(organisation=org, first_name="Rowan")
    ParticipantFactory(organisation=org, first_name="Jamie")
    response = login(caseworker).get(reverse("casefile:list"), {"q": "rowan"})
    assert {p.first_name for p, _ in response.context["rows"]} == {"Rowan", "Jamie"}


def test_search_is_kept_across_pages(login, caseworker, org):
    ParticipantFactory.create_batch(30, organisation=org, first_name="Pagey")
    ParticipantFactory(organisation=org, first_name="Other")
    client = login(caseworker)
    response = client.post(reverse("casefile:list"), {"q": "pagey"}, follow=True)
    first = response.redirect_chain[-1][0]
    assert "search=1" in first
    assert "pagey" not in first.lower()
    response = client.get(first + "&page=2")
    assert {p.first_name for p, _ in response.context["rows"]} <= {"Pagey"}


def test_a_search_for_a_full_name_lists_the_exact_match_first(login, caseworker, org):
    """Issue 14: the man searched for by his full name came fifth."""
    for first, last in [("Sam", "Abbott"), ("Ben", "Carter"), ("Samuel", "Ash")]:
        ParticipantFactory(organisation=org, first_name=first, last_name=last)
    ParticipantFactory(organisation=org, first_name="Sam", last_name="Carter")
    response = login(caseworker).post(
        reverse("casefile:list"), {"q": "  sam   carter "}, follow=True
    )
    names = [p.full_name for p, _ in response.context["rows"]]
    assert names[0] == "Sam Carter"
    # Then a name given exactly, then the rest in the usual order.
    assert names[1:] == ["Sam Abbott", "Ben Carter", "Samuel Ash"]


def test_timeline_shows_labels_not_codes(login, caseworker, org):
    """Issue 14: the timeline's badges read `risk_assessment` and the like."""
    participant = ParticipantFactory(organisation=org, caseworker=caseworker)
    CaseNoteFactory(participant=participant)
    StatusChangeFactory(participant=participant)
    response = login(caseworker).get(participant.get_absolute_url())
    badges = [entry.label for entry in response.context_data["timeline"]]
    assert {"Intake", "Status", "Case note"} <= set(badges)
    page = response.content.decode()
    assert ">intake<" not in page and ">note<" not in page


def test_every_timeline_kind_has_a_label():
    for kind in KIND_LABELS:
        assert "_" not in TimelineEntry(when=None, kind=kind, title="").label
    assert TimelineEntry(when=None, kind="new_kind", title="").label == "New kind"


def test_address_given_at_intake_shows_to_those_who_keep_his_details(
    login, caseworker, manager, facilitator, org
):
    """Issue 14: the address given at intake was not on the case file."""
    participant = ParticipantFactory(
        organisation=org, caseworker=caseworker, address="1 Example Row (fictional)"
    )
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    group.facilitators.set([facilitator])
    EnrolmentFactory(participant=participant, group=group)
    for user in (caseworker, manager):
        page = login(user).get(participant.get_absolute_url()).content.decode()
        assert "1 Example Row (fictional)" in page
    page = login(facilitator).get(participant.get_absolute_url()).content.decode()
    assert "1 Example Row (fictional)" not in page


def test_timeline_reads_in_the_workers_language(login, caseworker, org):
    """The timeline's own words (referral in, onward referral and its outcome,
    who moved his case, who wrote a note) follow the reader's language, as the
    rest of the page does."""
    from referrals.models import OnwardReferral
    from tests.referrals.factories import OnwardReferralFactory, SelfReferralFactory

    participant = ParticipantFactory(organisation=org, caseworker=caseworker)
    SelfReferralFactory(
        organisation=org,
        participant=participant,
        status="accepted",
        received_by=caseworker,
    )
    OnwardReferralFactory(
        organisation=org,
        participant=participant,
        made_by=caseworker,
        outcome=OnwardReferral.Outcome.ACCEPTED,
        outcome_on=participant.created_at.date(),
    )
    StatusChangeFactory(participant=participant, changed_by=caseworker)
    CaseNoteFactory(participant=participant, author=caseworker)
    caseworker.language = "de"
    caseworker.save(update_fields=["language"])

    body = login(caseworker).get(participant.get_absolute_url()).content.decode()

    for german in [
        "Vermittlung eingegangen (Selbstmeldung)",
        "Vermittlung angenommen",
        "Ergebnis von ",
        f"(von {caseworker})",
        f"von {caseworker}</",
    ]:
        assert german in body, german
    for english in ["Referral received", "Referral accepted", "Outcome from", "(by "]:
        assert english not in body, english


def test_the_risk_chart_marks_the_sessions_he_missed_as_the_panel_reads_them(
    caseworker, manager, facilitator, org
):
    """The risk chart's missed sessions come from the attendance the programmes
    panel read (his caseworker's and a manager's case file) and are the same
    sessions the risk panel reads on its own: held, missed without an excuse."""
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    EnrolmentFactory(participant=man, group=group)
    group.facilitators.add(facilitator)
    missed_on = []
    for day, status, held in [
        (2, "unexcused", True),
        (9, "excused", True),
        (16, "unexcused", False),
        (23, "unexcused", True),
        (30, "present", True),
    ]:
        # A session not held (still scheduled) counts for nothing.
        factory = HeldSessionFactory if held else SessionFactory
        session = factory(group=group, date=datetime.date(2026, 3, day))
        if held and status == "unexcused":
            missed_on.append(session.date)
        AttendanceFactory(participant=man, session=session, status=status)
    for user in (caseworker, manager, facilitator):
        assert missed_session_dates(man, user) == missed_on
    for user in (caseworker, manager, facilitator):
        request = type("Request", (), {"user": user})()
        records = _case_file_records(request, man)
        risk = dict(records["panel_contexts"])["risk/_case_file.html"]["risk"]
        assert risk["missed"] == missed_on, user.role
