"""A caseworker takes a man from intake to active and gives him a place."""

import pytest

from participants.models import Participant
from programmes.models import Enrolment
from tests.programmes.factories import GroupFactory, ProgrammeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def move(page, status_label, status, reason):
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("Move to").select_option(status)
    page.get_by_label("Reason").select_option(f"{status}:{reason}")
    page.get_by_role("button", name="Save the move").click()
    page.wait_for_load_state()
    assert f"Moved to “{status_label}”" in page.locator("main").inner_text()


def test_caseworker_takes_a_man_through_intake_to_active_and_enrols_him(
    caseworker, org, page, sign_in
):
    GroupFactory(
        programme=ProgrammeFactory(organisation=org, name="Change (test)"),
        name="Thursday group (test)",
    )
    sign_in(caseworker)
    page.get_by_role("button", name="Cases").click()
    page.get_by_role("link", name="Participants").click()
    page.get_by_role("link", name="New intake").click()
    page.get_by_label("First name").fill("Morgan")
    page.get_by_label("Last name").fill("Sampleby")
    page.get_by_label("Date of birth").fill("1988-04-12")
    page.get_by_label("Phone").fill("07700 900777")
    page.get_by_role("button", name="Check and open the case").click()
    page.wait_for_load_state()
    assert "opened for Morgan Sampleby" in page.locator("main").inner_text()
    participant = Participant.objects.get(last_name="Sampleby")
    assert participant.status == Participant.Status.REFERRED

    move(page, "Contact pending", "contact_pending", "referral_accepted")
    move(page, "Assessment", "assessment", "contact_made")
    move(page, "Waiting list", "waiting_list", "assessed_suitable")

    page.get_by_role("link", name="Enrol in a group").click()
    page.get_by_label("Group").select_option(
        label="Thursday group (test) (Change (test), Tuesday)"
    )
    page.get_by_role("button", name="Enrol").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "has a place in Thursday group (test)" in main
    assert "Active" in main
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ACTIVE
    assert Enrolment.objects.get().participant == participant
    history = list(
        participant.status_changes.order_by("pk").values_list("to_status", flat=True)
    )
    assert history == ["contact_pending", "assessment", "waiting_list", "active"]


def test_a_note_draft_survives_leaving_the_page(caseworker, org, page, sign_in):
    """Autosave keeps the text server-side; reopening the note restores it."""
    participant = Participant.objects.create(
        organisation=org, reference="T26-90001", first_name="Kit", last_name="Mockridge"
    )
    sign_in(caseworker)
    page.goto(participant.get_absolute_url())
    page.get_by_role("link", name="Write a note").click()
    # Typing before the deferred HTMX script has run would fire no autosave; a
    # person cannot type that fast, but the browser driver can.
    page.wait_for_url("**/notes/new/", wait_until="load")
    page.get_by_label("Note").fill("He said the week had been hard because")
    page.wait_for_selector("text=Draft kept", timeout=15_000)
    page.goto(participant.get_absolute_url())
    page.get_by_role("link", name="Write a note").click()
    assert page.get_by_label("Note").input_value() == (
        "He said the week had been hard because"
    )
    assert "unsaved draft" in page.locator("main").inner_text()


def test_every_pause_in_typing_saves_the_whole_note(caseworker, org, page, sign_in):
    """Each pause of about two seconds saves all the text typed so far, so a lost
    session loses nothing: after signing in again the draft holds every character."""
    participant = Participant.objects.create(
        organisation=org, reference="T26-90002", first_name="Ash", last_name="Pennick"
    )
    sign_in(caseworker)
    page.goto(participant.get_absolute_url() + "notes/new/")
    page.wait_for_load_state("load")
    note = page.get_by_label("Note")
    bursts = [
        "He arrived late and angry. ",
        "Said the court letter was unfair; ",
        "we talked about what he does when he feels that way.",
    ]
    for burst in bursts:
        with page.expect_response(
            lambda r: "/notes/draft/" in r.url and r.request.method == "POST",
            timeout=8_000,
        ) as saved:
            note.press_sequentially(burst, delay=20)
            # The pause: no keystroke for longer than the two-second autosave delay.
        assert saved.value.ok
    typed = "".join(bursts)
    page.context.clear_cookies()
    sign_in(caseworker)
    page.goto(participant.get_absolute_url() + "notes/new/")
    assert page.get_by_label("Note").input_value() == typed
