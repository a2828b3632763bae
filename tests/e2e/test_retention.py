"""A manager reviews the nightly erasure batch, holds one case back, approves
the rest, and reads the erasure log; the schedule is changed in the browser."""

import pytest
from playwright.sync_api import expect

from participants.models import Participant
from retention import services, tasks
from retention.models import ErasureItem, RecordKind
from tests.retention.factories import marked_closed_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_reviews_holds_back_and_approves_a_batch(org, manager, page, sign_in):
    # A cold server under load can take longer than the default to answer first.
    page.goto("/accounts/login/", timeout=60_000)
    sign_in(manager)
    kept = marked_closed_case(org, "zqe2ekept_")
    erased = marked_closed_case(org, "zqe2egone_")
    batch = services.prepare_batch(organisation=org)

    page.get_by_role("button", name="Admin").click()
    page.get_by_role("link", name="Erasure batches").click()
    page.locator(f"a[href='{batch.get_absolute_url()}']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erasure batch")
    # References and counts, never names.
    expect(page.get_by_text(kept.man.reference)).to_be_visible()
    expect(page.get_by_text("zqe2ekept_hisfirst")).to_have_count(0)

    row = page.get_by_role("row").filter(has_text=kept.man.reference)
    row.get_by_label("Why it is held back").fill("Complaint still open")
    row.get_by_role("button", name="Hold back").click()
    expect(page.get_by_role("row").filter(has_text=kept.man.reference)).to_contain_text(
        "Held back by the reviewer"
    )

    page.get_by_role("button", name="Approve and erase").click()
    expect(page.locator("#messages")).to_contain_text("approved")
    # The worker's part, run here as the task would.
    tasks.erase_batch(batch.pk)
    page.reload()
    expect(page.get_by_text("Erased").first).to_be_visible()
    expect(
        page.get_by_role("heading", name="Erasure log of this batch")
    ).to_be_visible()

    assert Participant.objects.get(pk=erased.man.pk).is_anonymised
    assert not Participant.objects.get(pk=kept.man.pk).is_anonymised
    assert (
        batch.items.get(kind=RecordKind.CLOSED_CASE, subject_id=kept.man.pk).status
        == ErasureItem.Status.HELD
    )


def test_manager_changes_a_retention_period(org, manager, page, sign_in):
    page.goto("/accounts/login/", timeout=60_000)
    sign_in(manager)
    page.get_by_role("button", name="Admin").click()
    page.get_by_role("link", name="Retention schedule").click()
    page.get_by_role("row").filter(has_text="declined or withdrawn").get_by_role(
        "link", name="Change"
    ).click()
    page.get_by_label("Kept for (months)").fill("6")
    page.get_by_label("Why this period").fill("Time for the referrer to appeal")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("row").filter(has_text="declined or withdrawn")
    ).to_contain_text("6 months")
