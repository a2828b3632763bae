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
