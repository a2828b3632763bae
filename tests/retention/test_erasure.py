"""The proof of erasure: after a batch erases a man and a woman, no table of the
database (history tables included) holds any of their identifying values; the
referral funnel of the past still counts them; a second run does nothing; a
worker lost in the middle leaves each case untouched or fully erased."""

import pytest
from django.db import connection
from django.urls import reverse

from participants.models import CaseNoteDraft, Participant
from partner_contact.models import Partner, PartnerContact, SafetyPlan
from programmes.models import Enrolment
from referrals.models import Referral
from retention import batch_runner, batches, erasure, services, tasks
from retention.models import ErasureBatch, ErasureItem, ErasureLog, RecordKind
from tests.accounts.factories import ManagerFactory, OrganisationFactory
from tests.retention.factories import LegalHoldFactory, marked_closed_case

pytestmark = pytest.mark.django_db


def every_row_as_text() -> list[tuple[str, str]]:
    """Every row of every table in the database, as (table, row text)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        rows = []
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT t::text FROM {quoted} t")  # noqa: S608
            rows += [(table, row[0]) for row in cursor.fetchall()]
    return rows


def found_anywhere(values: list[str]) -> dict[str, list[str]]:
    rows = every_row_as_text()
    return {
        value: sorted({table for table, text in rows if value.lower() in text.lower()})
        for value in values
        if any(value.lower() in text.lower() for _table, text in rows)
    }


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def managers(org):
    return ManagerFactory(organisation=org), ManagerFactory(organisation=org)


def approve_and_run(batch, manager, django_capture_on_commit_callbacks):
    """Approve, check the erasure task is queued after commit, run it here."""
    with django_capture_on_commit_callbacks() as callbacks:
        batches.approve_batch(batch=batch, actor=manager)
    assert len(callbacks) == 1
    tasks.erase_batch(batch.pk)


def funnel(client, manager):
    client.force_login(manager)
    response = client.get(reverse("referrals:referral_funnel"))
    assert response.status_code == 200
    return response.context["totals"], [
        {k: row[k] for k in ("quarter", "received", "accepted", "started")}
        for row in response.context["by_quarter"]
    ]


def test_a_batch_erases_him_and_her_from_every_table(
    org, managers, client, django_capture_on_commit_callbacks
):
    """Before: every marker is somewhere. After: none is anywhere, history
    tables included, and her encrypted details are blank."""
    case = marked_closed_case(org, "zqer_")
    other = marked_closed_case(
        org,
        "zqkeep_",
        closed_on=Participant.objects.get(pk=case.man.pk).created_at.date(),
    )
    markers = case.his_markers + case.her_markers
    assert set(found_anywhere(markers)) == set(markers)
    counts_before = funnel(client, managers[0])
    enrolments_before = Enrolment.objects.filter(organisation=org).count()

    batch = services.prepare_batch(organisation=org)
    kinds_listed = set(batch.items.values_list("kind", "subject_id"))
    assert (RecordKind.CLOSED_CASE, case.man.pk) in kinds_listed
    assert (RecordKind.PARTNER_RECORD, case.woman.pk) in kinds_listed
    assert (RecordKind.CLOSED_CASE, other.man.pk) not in kinds_listed
    approve_and_run(batch, managers[1], django_capture_on_commit_callbacks)

    assert found_anywhere(markers) == {}
    # The man kept for another six years is untouched.
    assert set(found_anywhere(other.his_markers)) == set(other.his_markers)
    woman = Partner.objects.get(pk=case.woman.pk)
    assert woman.is_anonymised
    assert (woman.phone, woman.email, woman.address, woman.code_word) == ("",) * 4
    assert woman.safe_contact_notes == ""
    assert not Partner.history.model.objects.filter(id=woman.pk).exists()
    contact = PartnerContact.objects.get(partner=woman)
    assert (contact.summary, contact.disclosure) == ("", "")
    assert SafetyPlan.objects.get(partner=woman).plan == ""
    man = Participant.objects.get(pk=case.man.pk)
    assert man.is_anonymised and man.status == Participant.Status.CLOSED
    assert not Participant.history.model.objects.filter(id=man.pk).exists()
    assert not CaseNoteDraft.objects.filter(participant=man).exists()
    assert Referral.objects.get(participant=man).is_anonymised
    # Reports of the past keep their counts.
    assert funnel(client, managers[0]) == counts_before
    assert Enrolment.objects.filter(organisation=org).count() == enrolments_before

    batch.refresh_from_db()
    assert batch.status == ErasureBatch.Status.DONE
    # The log and the settled items say nothing about either person.
    log_text = " ".join(
        f"{entry.counts} {entry.kind}" for entry in ErasureLog.objects.all()
    )
    items_text = " ".join(
        f"{item.reference} {item.counts}" for item in batch.items.all()
    )
    for value in markers:
        assert value not in log_text and value not in items_text
    entry = ErasureLog.objects.get(batch=batch, kind=RecordKind.CLOSED_CASE)
    assert entry.subjects == 1 and entry.approved_by == managers[1]
    assert entry.counts["participants.CaseNote"] == 1


def test_a_second_run_of_the_job_is_a_no_op(
    org, managers, django_capture_on_commit_callbacks
):
    marked_closed_case(org, "zqtwo_")
    batch = services.prepare_batch(organisation=org)
    # While it waits, another run adds nothing.
    assert services.prepare_batch(organisation=org) is None
    approve_and_run(batch, managers[0], django_capture_on_commit_callbacks)
    rows_after = every_row_as_text()
    assert services.prepare_batch(organisation=org) is None
    assert batch_runner.run_batch(batch.pk) == 0
    assert every_row_as_text() == rows_after


def test_approving_twice_is_refused_and_changes_nothing(
    org, managers, client, django_capture_on_commit_callbacks
):
    marked_closed_case(org, "zqtwice_")
    batch = services.prepare_batch(organisation=org)
    approve_and_run(batch, managers[0], django_capture_on_commit_callbacks)
    client.force_login(managers[1])
    response = client.post(reverse("retention:batch_approve", args=[batch.uuid]))
    assert response.status_code == 409
    assert "already approved" in response.content.decode()
    batch.refresh_from_db()
    assert batch.approved_by == managers[0]


def test_whoever_prepares_a_batch_may_not_approve_it(org, managers, client):
    marked_closed_case(org, "zqfour_")
    client.force_login(managers[0])
    response = client.post(reverse("retention:batch_prepare"))
    batch = ErasureBatch.objects.get()
    assert response.status_code == 302 and batch.prepared_by == managers[0]
    response = client.post(reverse("retention:batch_approve", args=[batch.uuid]))
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == ErasureBatch.Status.PREPARED


def test_a_case_under_legal_hold_is_not_listed_nor_erased(
    org, managers, client, django_capture_on_commit_callbacks
):
    case = marked_closed_case(org, "zqhold_")
    LegalHoldFactory(participant=case.man, placed_by=managers[0])
    assert services.prepare_batch(organisation=org) is None or not (
        ErasureItem.objects.filter(subject_id=case.man.pk).exists()
    )
    with pytest.raises(services.ErasureRefused):
        services.erase_case(participant=case.man, approved_by=managers[0])
    with pytest.raises(services.ErasureRefused):
        services.erase_person(partner=case.woman, approved_by=managers[0])
    assert not Participant.objects.get(pk=case.man.pk).is_anonymised


def test_a_hold_placed_after_preparing_refuses_the_approval(
    org, managers, client, django_capture_on_commit_callbacks
):
    case = marked_closed_case(org, "zqlate_")
    batch = services.prepare_batch(organisation=org)
    LegalHoldFactory(participant=case.man, placed_by=managers[0])
    client.force_login(managers[1])
    response = client.post(reverse("retention:batch_approve", args=[batch.uuid]))
    assert response.status_code == 409
    assert case.man.reference in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ErasureBatch.Status.PREPARED
    assert not Participant.objects.get(pk=case.man.pk).is_anonymised


def test_a_lost_worker_leaves_each_case_untouched_or_fully_erased(
    org, managers, monkeypatch
):
    first = marked_closed_case(org, "zqfirst_")
    second = marked_closed_case(org, "zqsecond_")
    batch = services.prepare_batch(organisation=org)
    batch.items.exclude(kind=RecordKind.CLOSED_CASE).update(
        status=ErasureItem.Status.HELD
    )
    ErasureBatch.objects.filter(pk=batch.pk).update(
        status=ErasureBatch.Status.APPROVED,
        approved_by=managers[0],
        approved_at=batch.prepared_at,
    )
    real = erasure.erase_participant_rows
    calls = []

    def dies_during_the_second(participant_id):
        calls.append(participant_id)
        counts = real(participant_id)
        if len(calls) == 2:
            raise SystemExit("worker lost")
        return counts

    monkeypatch.setattr(erasure, "erase_participant_rows", dies_during_the_second)
    with pytest.raises(SystemExit):
        batch_runner.run_batch(batch.pk)
    erased_first = first.man.pk == calls[0]
    done, untouched = (first, second) if erased_first else (second, first)
    assert found_anywhere(done.his_markers) == {}
    assert set(found_anywhere(untouched.his_markers)) == set(untouched.his_markers)
    assert batch.items.get(subject_id=untouched.man.pk, kind="closed_case").status == (
        ErasureItem.Status.PENDING
    )

    # The task delivered again finishes the work.
    monkeypatch.setattr(erasure, "erase_participant_rows", real)
    assert batch_runner.run_batch(batch.pk) == 1
    assert found_anywhere(untouched.his_markers) == {}


def test_the_nightly_job_is_scheduled_and_prepares_each_organisation_once(org):
    """Beat runs the job every night; it prepares one batch per organisation
    with something due, and nothing when run again."""
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["retention-prepare-batches"]
    assert entry["task"] == "retention.tasks.prepare_erasure_batches"
    marked_closed_case(org, "zqbeat_")
    marked_closed_case(OrganisationFactory(), "zqbeat2_")
    assert tasks.prepare_erasure_batches() == 2
    assert tasks.prepare_erasure_batches() == 0
    assert ErasureBatch.objects.count() == 2
