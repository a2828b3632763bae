"""A manager answers a man's request for his data: records it from his case
file, has the export prepared, reviews what was withheld and releases it; a
caseworker reads the History of his case."""

import pytest

from data_rights import tasks
from data_rights.models import RightsRequest
from tests.participants.factories import CaseNoteFactory, ParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_records_reviews_and_releases_an_access_request(
    org, manager, caseworker, page, sign_in
):
    man = ParticipantFactory(organisation=org, caseworker=caseworker, first_name="Demo")
    CaseNoteFactory(participant=man, body="He mentioned [[Aunt Testa]] twice.")

    sign_in(manager)
    page.goto(man.get_absolute_url())
    page.get_by_role("link", name="Data-protection request").click()
    page.get_by_label("What the person asks for").select_option("access")
    page.get_by_label("The person's identity has been checked").check()
    page.get_by_role("button", name="Record the request").click()
    page.wait_for_load_state()
    assert "the answer is due by" in page.content()

    page.get_by_role("button", name="Prepare the export").click()
    page.wait_for_load_state()
    assert "being prepared" in page.content()
    # The Celery worker's part, done here: build the export.
    rights_request = RightsRequest.objects.get(participant=man)
    assert tasks.build_subject_access_export(rights_request.pk)

    page.reload()
    redactions = page.locator("#redactions")
    assert "Names a third party (marked in the note)" in redactions.inner_text()
    page.get_by_role("button", name="Release the export").click()
    page.wait_for_load_state()
    assert page.locator("#request-status").inner_text() == "Export released"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the export (zip)").click()
    assert download.value.suggested_filename.endswith(".zip")


def test_a_caseworker_opens_the_history_of_a_case(org, caseworker, page, sign_in):
    man = ParticipantFactory(
        organisation=org, caseworker=caseworker, language="English"
    )
    man.language = "Polish"
    man._history_user = caseworker
    man.save()

    sign_in(caseworker)
    page.goto(man.get_absolute_url())
    page.get_by_role("link", name="History", exact=True).click()
    page.wait_for_load_state()
    history = page.locator("#history")
    assert "Language" in history.inner_text()
    assert "English" in history.inner_text() and "Polish" in history.inner_text()
