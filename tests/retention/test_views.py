"""The manager's pages: the schedule and its validation, legal holds, a batch's
review, the erasure log; bad input answers 4xx and changes nothing; lists keep a
constant number of queries as rows grow."""

import pytest
from django.urls import reverse

from retention import batches, services
from retention.models import (
    ErasureBatch,
    ErasureItem,
    LegalHold,
    RecordKind,
    RetentionRule,
)
from tests.participants.factories import ParticipantFactory
from tests.retention.factories import (
    ErasureBatchFactory,
    LegalHoldFactory,
    marked_closed_case,
)

pytestmark = pytest.mark.django_db


def test_the_schedule_shows_every_kind_with_its_default(client, manager):
    client.force_login(manager)
    response = client.get(reverse("retention:schedule"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "72 months" in text and "3 months" in text
    assert RetentionRule.objects.filter(organisation=manager.organisation).count() == 7


@pytest.mark.parametrize("months", ["0", "1201", "-3", "many", ""])
def test_a_bad_period_is_refused_and_the_rule_kept(client, manager, months):
    client.force_login(manager)
    url = reverse("retention:rule_update", args=["closed_case"])
    response = client.post(url, {"months": months, "justification": "x"})
    assert response.status_code == 400
    rule = RetentionRule.objects.get(
        organisation=manager.organisation, kind="closed_case"
    )
    assert rule.months == 72


def test_a_period_is_changed_with_its_justification(client, manager):
    client.force_login(manager)
    url = reverse("retention:rule_update", args=["declined_referral"])
    response = client.post(url, {"months": "6", "justification": "Appeal window"})
    assert response.status_code == 302
    rule = RetentionRule.objects.get(
        organisation=manager.organisation, kind="declined_referral"
    )
    assert (rule.months, rule.justification, rule.updated_by) == (
        6,
        "Appeal window",
        manager,
    )


def test_an_unknown_rule_is_a_404(client, manager):
    client.force_login(manager)
    assert (
        client.get(reverse("retention:rule_update", args=["nonsense"])).status_code
        == 404
    )
    assert (
        client.get(reverse("retention:rule_update", args=["request"])).status_code
        == 404
    )


def test_a_hold_is_placed_by_reference_and_lifted_with_a_reason(client, manager):
    man = ParticipantFactory(organisation=manager.organisation)
    client.force_login(manager)
    response = client.post(
        reverse("retention:hold_create"),
        {"reference": man.reference, "reason": "police_request", "detail": "PR-1"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(participant=man)
    assert hold.placed_by == manager and hold.is_active
    # A second hold on the same case is refused with a message.
    response = client.post(
        reverse("retention:hold_create"),
        {"reference": man.reference, "reason": "litigation"},
    )
    assert response.status_code == 400
    assert "already under a legal hold" in response.content.decode()
    response = client.post(
        reverse("retention:hold_lift", args=[hold.uuid]), {"reason": "Case closed"}
    )
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == manager and hold.lift_reason == "Case closed"
    # Lifted twice: the hold is no longer active, so it is not found.
    response = client.post(
        reverse("retention:hold_lift", args=[hold.uuid]), {"reason": "Again"}
    )
    assert response.status_code == 404


def test_a_hold_on_another_organisations_case_is_refused(client, manager, outsider):
    theirs = ParticipantFactory(organisation=outsider.organisation)
    client.force_login(manager)
    response = client.post(
        reverse("retention:hold_create"),
        {"reference": theirs.reference, "reason": "litigation"},
    )
    assert response.status_code == 400
    assert not LegalHold.objects.exists()


def test_the_lifted_clock_resumes_later_by_the_time_held(manager):
    """A case closed 7 years ago, held for two years then lifted, is due only
    once 6 years of unheld time have passed."""
    import datetime

    from django.utils import timezone

    case = marked_closed_case(manager.organisation, "zqpause_")
    hold = LegalHoldFactory(participant=case.man, placed_by=manager)
    LegalHold.objects.filter(pk=hold.pk).update(
        placed_at=timezone.now() - datetime.timedelta(days=730),
        lifted_at=timezone.now(),
        lifted_by=manager,
    )
    batch = services.prepare_batch(organisation=manager.organisation)
    listed = batch.items.filter(kind=RecordKind.CLOSED_CASE) if batch else []
    assert not [item for item in listed if item.subject_id == case.man.pk]


def test_items_are_held_back_and_put_back_before_approval(client, manager):
    case = marked_closed_case(manager.organisation, "zqitem_")
    batch = services.prepare_batch(organisation=manager.organisation)
    item = batch.items.get(kind=RecordKind.CLOSED_CASE, subject_id=case.man.pk)
    client.force_login(manager)
    url = reverse("retention:item_hold", args=[batch.uuid])
    assert client.post(url, {"item": item.pk, "reason": "Ask"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ErasureItem.Status.HELD and item.held_by == manager
    url = reverse("retention:item_release", args=[batch.uuid])
    assert client.post(url, {"item": item.pk}).status_code == 302
    item.refresh_from_db()
    assert item.status == ErasureItem.Status.PENDING
    # An item of another batch, or no item: 404 and 400.
    other = ErasureBatchFactory(
        organisation=manager.organisation,
        status="done",
        approved_by=manager,
        approved_at=batch.prepared_at,
    )
    assert (
        client.post(
            reverse("retention:item_hold", args=[other.uuid]), {"item": item.pk}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("retention:item_hold", args=[batch.uuid]), {"item": "x"}
        ).status_code
        == 400
    )


def test_the_review_page_names_nobody(client, manager):
    case = marked_closed_case(manager.organisation, "zqpage_")
    batch = services.prepare_batch(organisation=manager.organisation)
    client.force_login(manager)
    text = client.get(batch.get_absolute_url()).content.decode()
    assert case.man.reference in text
    for marker in case.his_markers[:2] + case.her_markers[:1]:
        assert marker not in text


def test_the_batch_list_and_log_keep_a_constant_query_count(
    client, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    for _ in range(3):
        ErasureBatchFactory(
            organisation=manager.organisation,
            status="done",
            approved_by=manager,
            approved_at="2026-01-01T00:00Z",
        )
    client.get(reverse("retention:batch_list"))
    with django_assert_max_num_queries(9):
        client.get(reverse("retention:batch_list"))
        client.get(reverse("retention:erasure_log"))
    for _ in range(10):
        ErasureBatchFactory(
            organisation=manager.organisation,
            status="done",
            approved_by=manager,
            approved_at="2026-01-01T00:00Z",
        )
    with django_assert_max_num_queries(9):
        client.get(reverse("retention:batch_list"))
        client.get(reverse("retention:erasure_log"))


def test_the_batch_page_keeps_a_constant_query_count(
    client, manager, django_assert_max_num_queries
):
    org = manager.organisation
    marked_closed_case(org, "zqq1_")
    batch = services.prepare_batch(organisation=org)
    client.force_login(manager)
    client.get(batch.get_absolute_url())
    with django_assert_max_num_queries(9) as few:
        client.get(batch.get_absolute_url())
    ErasureBatch.objects.filter(pk=batch.pk).delete()
    for n in range(4):
        marked_closed_case(org, f"zqq{n + 2}_")
    batch = services.prepare_batch(organisation=org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(batch.get_absolute_url())


def test_an_erased_batch_shows_its_log_and_no_references(
    client, manager, django_capture_on_commit_callbacks
):
    from retention import tasks
    from tests.accounts.factories import ManagerFactory

    case = marked_closed_case(manager.organisation, "zqdone_")
    batch = services.prepare_batch(organisation=manager.organisation)
    approver = ManagerFactory(organisation=manager.organisation)
    with django_capture_on_commit_callbacks():
        batches.approve_batch(batch=batch, actor=approver)
    tasks.erase_batch(batch.pk)
    client.force_login(manager)
    response = client.get(batch.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Erasure log of this batch" in text
    assert case.man.reference not in text
    log = client.get(reverse("retention:erasure_log"))
    assert log.status_code == 200 and str(approver) in log.content.decode()


def test_the_hold_list_keeps_a_constant_query_count(
    client, manager, django_assert_max_num_queries
):
    LegalHoldFactory(
        participant=ParticipantFactory(organisation=manager.organisation),
        placed_by=manager,
    )
    client.force_login(manager)
    client.get(reverse("retention:hold_list"))
    with django_assert_max_num_queries(8) as few:
        assert client.get(reverse("retention:hold_list")).status_code == 200
    for _ in range(5):
        LegalHoldFactory(
            participant=ParticipantFactory(organisation=manager.organisation),
            placed_by=manager,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("retention:hold_list"))
    assert response.content.decode().count("Lift") >= 6
