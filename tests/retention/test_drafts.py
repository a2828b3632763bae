"""The drafts rule covers outcome questionnaires autosaved but never completed,
as it covers case-note drafts: a stale one is listed in the batch and erased
with its answers; a fresh draft and a completed questionnaire stay."""

import datetime

import pytest
from django.utils import timezone

from outcomes.models import Answer, Response
from participants.models import CaseNoteDraft
from retention import services
from retention.models import ErasureItem, RecordKind
from retention.processing import CATEGORIES
from tests.accounts.factories import ManagerFactory, OrganisationFactory
from tests.outcomes.factories import ResponseFactory
from tests.participants.factories import CaseNoteDraftFactory
from tests.retention.test_erasure import approve_and_run

pytestmark = pytest.mark.django_db


def questionnaire_draft(org, *, days_untouched: int, complete: bool = False):
    """A questionnaire response of `org` with one answer, last changed
    `days_untouched` ago (auto_now is set around with update())."""
    response = ResponseFactory(
        organisation=org,
        time_point__enrolment__group__organisation=org,
        time_point__enrolment__group__programme__organisation=org,
    )
    Answer.objects.create(
        response=response,
        item=response.questionnaire.items.order_by("order").first(),
        value="zqdraft_answer",
    )
    at = timezone.now() - datetime.timedelta(days=days_untouched)
    changes = {"updated_at": at}
    if complete:
        changes.update(status=Response.Status.COMPLETE, completed_at=at)
    Response.objects.filter(pk=response.pk).update(**changes)
    return response


def test_a_stale_questionnaire_draft_is_erased_like_a_case_note_draft(
    django_capture_on_commit_callbacks,
):
    org = OrganisationFactory()
    manager = ManagerFactory(organisation=org)
    stale = questionnaire_draft(org, days_untouched=60)
    fresh = questionnaire_draft(org, days_untouched=3)
    completed = questionnaire_draft(org, days_untouched=400, complete=True)
    elsewhere = questionnaire_draft(OrganisationFactory(), days_untouched=60)
    note = CaseNoteDraftFactory(participant=stale.time_point.participant)
    CaseNoteDraft.objects.filter(pk=note.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=60)
    )

    batch = services.prepare_batch(organisation=org)
    item = batch.items.get(kind=RecordKind.DRAFT)
    # Default period of the drafts rule: a month after the last change.
    assert item.counts == {"participants.CaseNoteDraft": 1, "outcomes.Response": 1}

    approve_and_run(batch, manager, django_capture_on_commit_callbacks)
    item.refresh_from_db()
    assert item.status == ErasureItem.Status.ERASED
    assert not Response.objects.filter(pk=stale.pk).exists()
    assert not Answer.objects.filter(response_id=stale.pk).exists()
    assert not CaseNoteDraft.objects.filter(pk=note.pk).exists()
    # His time point stays: only the unfinished answers go.
    stale.time_point.refresh_from_db()
    kept = {fresh.pk, completed.pk, elsewhere.pk}
    assert set(Response.objects.values_list("pk", flat=True)) == kept
    assert Answer.objects.filter(response_id__in=kept).count() == 3
    # A second run finds nothing more.
    assert services.prepare_batch(organisation=org) is None


def test_the_record_of_processing_names_the_drafts_rule_for_questionnaires():
    category = next(c for c in CATEGORIES if "outcomes.Response" in c.models)
    assert RecordKind.DRAFT in category.retention
