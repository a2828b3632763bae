"""A facilitator's evening: open today's session, mark the whole group, check a
man's case file."""

import pytest
from django.utils import timezone

from programmes.models import Attendance, Session
from tests.programmes.factories import (
    EnrolmentFactory,
    GroupFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_facilitator_records_todays_session_and_sees_it_on_the_case_file(
    facilitator, org, page, sign_in
):
    group = GroupFactory(
        programme=ProgrammeFactory(organisation=org), name="Tuesday evening (test)"
    )
    group.facilitators.set([facilitator])
    men = [EnrolmentFactory(group=group).participant for _ in range(3)]
    session = SessionFactory(group=group, date=timezone.localdate())

    sign_in(facilitator)
    page.get_by_role("link", name="Tuesday evening (test)").first.click()
    page.wait_for_load_state()
    assert "Attendance of 3 men" in page.locator("main").inner_text()

    choices = ["Present", "Late", "Unexcused absence"]
    for man, choice in zip(men, choices, strict=True):
        page.get_by_role("group", name=f"Attendance of {man.full_name}").get_by_label(
            choice, exact=True
        ).check()
    page.get_by_label(f"Participation of {men[0].full_name}").select_option("4")
    page.get_by_label(f"Note on {men[1].full_name}").fill("Arrived after the check-in")
    page.get_by_role("button", name="Save attendance for everyone").click()
    page.wait_for_load_state()
    assert "Attendance saved for the whole group" in page.locator("main").inner_text()

    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert Attendance.objects.filter(session=session).count() == 3

    page.get_by_role("link", name=men[1].full_name).first.click()
    page.wait_for_load_state()
    case_file = page.locator("main").inner_text()
    assert men[1].full_name in case_file
    assert "Arrived after the check-in" in case_file
    assert "Late" in case_file


@pytest.mark.parametrize("width", [390, 820])
def test_the_register_fits_a_phone_and_a_tablet(facilitator, org, page, sign_in, width):
    """Every control of every man is on screen without scrolling sideways; "mark
    everyone present" fills the men not yet marked; a note over the limit comes
    back whole with a message (issue 14, item 7)."""
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    group.facilitators.set([facilitator])
    men = [EnrolmentFactory(group=group).participant for _ in range(3)]
    men.sort(key=lambda man: (man.last_name, man.first_name))
    session = SessionFactory(group=group, date=timezone.localdate())

    sign_in(facilitator)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(session.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the register is wider than the window"
    )
    off_screen = page.evaluate(
        """() => [...document.querySelectorAll(
               'main form input:not([type=hidden]), main form select,'
               + ' main form textarea, main form button')]
             .map((el) => [el.name || el.textContent.trim(),
                           el.getBoundingClientRect()])
             .filter(([, box]) => box.left < 0 || box.right > window.innerWidth)
             .map(([name]) => name)"""
    )
    assert off_screen == []
    note = page.get_by_label(f"Note on {men[0].full_name}")
    assert note.bounding_box()["width"] >= width * 0.6

    attendance = [
        page.get_by_role("group", name=f"Attendance of {man.full_name}") for man in men
    ]
    attendance[0].get_by_label("Late", exact=True).check()
    page.get_by_role("button", name="Mark everyone not yet marked present").click()
    assert attendance[0].get_by_label("Late", exact=True).is_checked()
    for group_of_radios in attendance[1:]:
        assert group_of_radios.get_by_label("Present", exact=True).is_checked()
    assert "now marked present" in page.locator("#register-status").inner_text()
    assert not Attendance.objects.exists()

    long_note = ("He spoke at length. " * 201).strip()  # 4,019 characters
    note.fill(long_note)
    page.get_by_role("button", name="Save attendance for everyone").click()
    page.wait_for_load_state()
    assert "This note is 4019 characters long; the limit is 4000" in (
        page.locator("main").inner_text()
    )
    assert page.get_by_label(f"Note on {men[0].full_name}").input_value() == (long_note)
    assert not Attendance.objects.exists()
