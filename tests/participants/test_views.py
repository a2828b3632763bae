"""Intake, the case file, lists, children, notes and drafts, through the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import (
    CaseNote,
    CaseNoteDraft,
    Child,
    Participant,
    StatusChange,
)
from tests.participants.factories import (
    CaseNoteDraftFactory,
    ChildFactory,
    ParticipantFactory,
    PendingStatusChangeFactory,
)

pytestmark = pytest.mark.django_db

INTAKE = {
    "first_name": "Robin",
    "last_name": "Demoson",
    "date_of_birth": "1984-02-03",
    "phone": "07700 900123",
    "email": "",
    "address": "",
    "language": "English",
    "consent_recorded_on": "",
}


def test_intake_opens_a_case_with_a_reference(login, caseworker):
    client = login(caseworker)
    response = client.post(
        reverse("participants:create"), {**INTAKE, "caseworker": caseworker.pk}
    )
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response.url == participant.get_absolute_url()
    assert participant.reference.startswith("P")
    assert participant.status == Participant.Status.REFERRED
    assert participant.organisation == caseworker.organisation
    assert participant.history.first().history_user == caseworker


def test_intake_rejects_a_date_of_birth_in_the_future(login, caseworker):
    client = login(caseworker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("participants:create"), {**INTAKE, "date_of_birth": tomorrow}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not Participant.objects.exists()


def test_intake_without_names_is_a_400(login, caseworker):
    response = login(caseworker).post(reverse("participants:create"), {})
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_intake_shows_possible_duplicates_before_creating(login, caseworker, org):
    """A man with the same phone (written differently) is shown; nothing is
    created until the worker confirms he is someone else."""
    existing = ParticipantFactory(
        organisation=org,
        first_name="Kit",
        last_name="Testwell",
        phone="+44 7700-900123",
    )
    ParticipantFactory(first_name="Robin", last_name="Demoson")  # another organisation
    client = login(caseworker)
    response = client.post(reverse("participants:create"), INTAKE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Possible matches" in body
    assert existing.reference in body
    assert Participant.objects.filter(organisation=org).count() == 1

    response = client.post(
        reverse("participants:create"), {**INTAKE, "not_a_duplicate": "on"}
    )
    assert response.status_code == 302
    assert Participant.objects.filter(organisation=org).count() == 2


@pytest.mark.parametrize(
    "match",
    [
        {"first_name": "robin", "last_name": "DEMOSON"},
        {"last_name": "Demoson", "date_of_birth": datetime.date(1984, 2, 3)},
        {"first_name": "Robin", "date_of_birth": datetime.date(1984, 2, 3)},
        {"phone": "0044 7700 900 123"},
    ],
)
def test_duplicate_search_matches_name_birth_date_or_phone(org, caseworker, match):
    fields = {
        "first_name": "Sam",
        "last_name": "Sampleby",
        "date_of_birth": datetime.date(1990, 1, 1),
        "phone": "",
        **match,
    }
    existing = ParticipantFactory(organisation=org, **fields)
    found = Participant.objects.visible_to(caseworker).possible_duplicates(
        first_name="Robin",
        last_name="Demoson",
        dob=datetime.date(1984, 2, 3),
        phone="07700 900123",
    )
    assert list(found) == [existing]


def test_another_organisations_case_file_is_a_404(login, outsider, org):
    participant = ParticipantFactory(organisation=org)
    client = login(outsider)
    assert client.get(participant.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("participants:move", args=[participant.uuid])).status_code
        == 404
    )


def test_facilitator_cannot_change_status_or_do_intake(login, facilitator):
    client = login(facilitator)
    assert client.get(reverse("participants:create")).status_code == 403


def test_move_page_offers_only_allowed_moves_and_saves_one(login, caseworker, org):
    participant = ParticipantFactory(
        organisation=org,
        status=Participant.Status.ASSESSMENT,
        status_changed_on=datetime.date(2026, 1, 1),
    )
    client = login(caseworker)
    url = reverse("participants:move", args=[participant.uuid])
    form = client.get(url).context["form"]
    offered = {value for value, _ in form.fields["to_status"].choices if value}
    assert offered == {
        "waiting_list",
        "active",
        "not_suitable",
        "dropped_out",
        "moved_away",
    }
    response = client.post(
        url,
        {
            "to_status": "waiting_list",
            "reason": "waiting_list:assessed_suitable",
            "effective_on": timezone.localdate(),
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.WAITING_LIST


@pytest.mark.parametrize(
    "data",
    [
        {"to_status": "completed", "reason": "completed:completed_some_goals"},
        {"to_status": "waiting_list", "reason": "active:started_programme"},
        {"to_status": "waiting_list", "reason": "waiting_list:made_up"},
        {"to_status": "waiting_list", "reason": ""},
    ],
)
def test_move_page_rejects_a_forbidden_move_or_a_wrong_reason(
    login, caseworker, org, data
):
    participant = ParticipantFactory(
        organisation=org, status=Participant.Status.ASSESSMENT
    )
    response = login(caseworker).post(
        reverse("participants:move", args=[participant.uuid]),
        {**data, "effective_on": timezone.localdate()},
    )
    assert response.status_code == 400
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ASSESSMENT
    assert not StatusChange.objects.exists()


def test_exclusion_asked_by_a_caseworker_is_approved_by_a_manager(
    login, caseworker, manager, org, client
):
    participant = ParticipantFactory(
        organisation=org, status_changed_on=datetime.date(2026, 1, 1)
    )
    login(caseworker).post(
        reverse("participants:move", args=[participant.uuid]),
        {
            "to_status": "excluded",
            "reason": "excluded:breach_of_agreement",
            "effective_on": timezone.localdate(),
        },
    )
    change = StatusChange.objects.get()
    assert change.is_pending
    assert (
        client.post(reverse("participants:approve", args=[change.uuid])).status_code
        == 403
    )

    client.force_login(manager)
    page = client.get(reverse("participants:approvals"))
    assert participant.full_name in page.content.decode()
    response = client.post(reverse("participants:approve", args=[change.uuid]))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.EXCLUDED
    # Deciding twice is a clear 409, not a 500.
    again = client.post(reverse("participants:reject", args=[change.uuid]))
    assert again.status_code == 409


def test_manager_rejects_through_the_page(login, manager, org):
    change = PendingStatusChangeFactory(
        participant=ParticipantFactory(organisation=org)
    )
    response = login(manager).post(
        reverse("participants:reject", args=[change.uuid]), {"note": "Talk first"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.approval == StatusChange.Approval.REJECTED


def test_another_organisations_approval_is_a_404(login, outsider, org):
    change = PendingStatusChangeFactory(
        participant=ParticipantFactory(organisation=org)
    )
    response = login(outsider).post(reverse("participants:approve", args=[change.uuid]))
    assert response.status_code == 404


def test_children_are_added_edited_and_removed(login, caseworker, org):
    participant = ParticipantFactory(organisation=org)
    client = login(caseworker)
    response = client.post(
        reverse("participants:child_create", args=[participant.uuid]),
        {
            "name": "B.",
            "birth_year": 2019,
            "lives_with_participant": "on",
            "protection_status": "child_in_need",
            "social_worker_agency": "Children's services (fictional)",
        },
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.organisation == org
    client.post(
        reverse("participants:child_update", args=[child.uuid]),
        {"name": "B.", "age": 7, "protection_status": "protection_plan"},
    )
    child.refresh_from_db()
    assert child.protection_status == "protection_plan"
    client.post(reverse("participants:child_delete", args=[child.uuid]))
    assert not Child.objects.exists()
    assert Child.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"name": "C.", "birth_year": 2099, "protection_status": "none"},
        {"name": "C.", "protection_status": "none"},
        {"name": "", "age": 3, "protection_status": "none"},
    ],
)
def test_bad_child_details_are_a_400(login, caseworker, org, data):
    participant = ParticipantFactory(organisation=org)
    response = login(caseworker).post(
        reverse("participants:child_create", args=[participant.uuid]), data
    )
    assert response.status_code == 400
    assert not Child.objects.exists()


def test_another_organisations_child_is_a_404(login, outsider, org):
    child = ChildFactory(participant=ParticipantFactory(organisation=org))
    response = login(outsider).get(
        reverse("participants:child_update", args=[child.uuid])
    )
    assert response.status_code == 404


def test_note_draft_is_kept_restored_and_dropped_on_save(login, caseworker, org):
    """Autosave keeps the text server-side; after a new login it comes back; the
    saved note removes the draft."""
    participant = ParticipantFactory(organisation=org)
    client = login(caseworker)
    draft_url = reverse("participants:casenote_draft", args=[participant.uuid])
    response = client.post(
        draft_url,
        {"body": "He said the week was hard", "kind": "phone"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Draft kept" in response.content.decode()
    assert CaseNoteDraft.objects.get().body == "He said the week was hard"

    client.logout()  # the session times out
    client = login(caseworker)
    note_url = reverse("participants:casenote_create", args=[participant.uuid])
    page = client.get(note_url)
    assert page.context["form"].initial["body"] == "He said the week was hard"
    assert page.context["form"].initial["kind"] == "phone"

    response = client.post(
        note_url,
        {
            "body": "He said the week was hard.",
            "kind": "phone",
            "occurred_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    assert CaseNote.objects.get().author == caseworker
    assert not CaseNoteDraft.objects.exists()


def test_a_draft_belongs_to_its_author(login, caseworker, make_user, org):
    participant = ParticipantFactory(organisation=org)
    CaseNoteDraftFactory(participant=participant, author=caseworker)
    colleague = make_user("caseworker")
    page = login(colleague).get(
        reverse("participants:casenote_create", args=[participant.uuid])
    )
    assert "body" not in page.context["form"].initial


def test_a_note_dated_in_the_future_is_a_400_and_the_draft_stays(
    login, caseworker, org
):
    participant = ParticipantFactory(organisation=org)
    CaseNoteDraftFactory(participant=participant, author=caseworker)
    response = login(caseworker).post(
        reverse("participants:casenote_create", args=[participant.uuid]),
        {"body": "Text", "kind": "phone", "occurred_on": "2099-01-01"},
    )
    assert response.status_code == 400
    assert CaseNoteDraft.objects.exists()
    assert not CaseNote.objects.exists()


def test_drafts_of_another_organisations_man_are_a_404(login, outsider, org):
    participant = ParticipantFactory(organisation=org)
    response = login(outsider).post(
        reverse("participants:casenote_draft", args=[participant.uuid]), {"body": "x"}
    )
    assert response.status_code == 404
    assert not CaseNoteDraft.objects.exists()


def test_caseworker_home_shows_caseload_by_status(login, caseworker, org):
    ParticipantFactory.create_batch(2, organisation=org, caseworker=caseworker)
    ParticipantFactory(
        organisation=org, caseworker=caseworker, status=Participant.Status.WAITING_LIST
    )
    body = login(caseworker).get(reverse("home")).content.decode()
    assert "My caseload (3)" in body
    assert "Waiting list" in body


def test_the_same_note_form_posted_twice_saves_one_note_and_says_so(
    login, caseworker, org
):
    """Issue 14: Back after saving a note, then Save again, made a duplicate."""
    participant = ParticipantFactory(organisation=org)
    client = login(caseworker)
    note_url = reverse("participants:casenote_create", args=[participant.uuid])
    token = client.get(note_url).context["form"].initial["submission_token"]
    data = {
        "body": "Talked about his week.",
        "kind": "phone",
        "occurred_on": timezone.localdate(),
        "submission_token": token,
    }
    first = client.post(note_url, data, follow=True)
    assert "Note saved." in first.content.decode()
    again = client.post(note_url, data, follow=True)
    assert CaseNote.objects.count() == 1
    assert "already saved" in again.content.decode()
    # A new blank form is a new note.
    fresh = client.get(note_url).context["form"].initial["submission_token"]
    assert fresh != token
    client.post(note_url, {**data, "submission_token": fresh})
    assert CaseNote.objects.count() == 2
