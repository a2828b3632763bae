"""Erasing an approved batch: one transaction per item, safe to run twice.

A worker lost mid-way leaves its item pending and its case untouched; the next
run (the task is redelivered) finishes what is left and marks the batch done.
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from participants.models import Participant
from partner_contact.models import Partner
from retention import kinds
from retention.models import ErasureBatch, ErasureItem, RecordKind
from retention.services import (
    ErasureRefused,
    erase_case,
    erase_person,
    log_erasure,
)


def erase_item(item_id: int) -> bool:
    """Erase one pending item of an approved batch in its own transaction;
    True if it was erased. Idempotent: an item already settled is left alone,
    and a worker lost mid-way leaves the item pending, its case untouched."""
    with transaction.atomic():
        item = (
            ErasureItem.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("batch", "batch__approved_by")
            .filter(
                pk=item_id,
                status=ErasureItem.Status.PENDING,
                batch__status=ErasureBatch.Status.APPROVED,
            )
            .first()
        )
        if item is None:
            return False
        try:
            counts = _erase_item_records(item)
        except ErasureRefused:
            _settle(item, ErasureItem.Status.SKIPPED, Counter())
            return False
        if counts is None:
            _settle(item, ErasureItem.Status.SKIPPED, Counter())
            return False
        _settle(item, ErasureItem.Status.ERASED, counts)
        return True


def _erase_item_records(item: ErasureItem) -> Counter | None:
    """Erase what the item lists; None when it is no longer due."""
    batch = item.batch
    common = {
        "approved_by": batch.approved_by,
        "kind": item.kind,
        "batch": batch,
        "months": item.months,
    }
    if item.kind in kinds.BULK_KINDS:
        cutoff = kinds.cutoff_for(batch.prepared_on, item.months)
        counts = kinds.BULK_KINDS[item.kind].erase(batch.organisation_id, cutoff)
        log_erasure(
            organisation_id=batch.organisation_id,
            batch=batch,
            kind=item.kind,
            months=item.months,
            counts=counts,
            approved_by=batch.approved_by,
            approved_at=batch.approved_at,
        )
        return counts
    entry = kinds.SUBJECT_KINDS[item.kind]
    cutoff = kinds.cutoff_for(batch.prepared_on, item.months)
    # Still due? The case may have been reopened or held since the batch was made.
    due = entry.find_due(batch.organisation_id, cutoff)
    if due is None or not due.filter(pk=item.subject_id).exists():
        return None
    if item.kind == RecordKind.CLOSED_CASE:
        man = Participant.objects.get(pk=item.subject_id)
        return erase_case(participant=man, **common)
    if item.kind == RecordKind.PARTNER_RECORD:
        woman = Partner.objects.get(pk=item.subject_id)
        return erase_person(partner=woman, **common)
    counts = kinds.erase_subject(item.kind, item.subject_id)
    log_erasure(
        organisation_id=batch.organisation_id,
        batch=batch,
        kind=item.kind,
        months=item.months,
        counts=counts,
        approved_by=batch.approved_by,
        approved_at=batch.approved_at,
    )
    return counts


def _settle(item: ErasureItem, status: str, counts: Counter) -> None:
    item.status = status
    item.counts = dict(counts) if status == ErasureItem.Status.ERASED else item.counts
    # The reference and the month it started from go with the person.
    item.reference = ""
    item.clock_started = None
    item.settled_at = timezone.now()
    item.save(
        update_fields=["status", "counts", "reference", "clock_started", "settled_at"]
    )


def finish_batch(batch_id: int) -> bool:
    """Mark an approved batch done once no item is pending; True if it was."""
    return bool(
        ErasureBatch.objects.filter(pk=batch_id, status=ErasureBatch.Status.APPROVED)
        .exclude(items__status=ErasureItem.Status.PENDING)
        .update(status=ErasureBatch.Status.DONE, completed_at=timezone.now())
    )


def run_batch(batch_id: int) -> int:
    """Erase every pending item of an approved batch, one transaction each;
    the number erased. Safe to run twice or after a lost worker."""
    erased = 0
    pending = ErasureItem.objects.filter(
        batch_id=batch_id, status=ErasureItem.Status.PENDING
    ).values_list("pk", flat=True)
    for item_id in list(pending):
        erased += erase_item(item_id)
    finish_batch(batch_id)
    return erased
