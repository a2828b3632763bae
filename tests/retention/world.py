"""Retention's records in the security suite's seeded world
(tests/security/conftest.py): a case under a legal hold and an erasure batch
waiting for review, so every retention page has a record to show."""

import datetime

from participants.models import Participant
from retention.models import ErasureBatch, ErasureItem, LegalHold, RecordKind
from tests.participants.factories import ParticipantFactory


def add_retention_records(o, *, manager, today) -> None:
    o.held_man = ParticipantFactory(
        organisation=manager.organisation,
        caseworker=o.man.caseworker,
        status=Participant.Status.CLOSED,
        status_changed_on=today - datetime.timedelta(days=30),
    )
    o.legal_hold = LegalHold.objects.create(
        organisation=manager.organisation,
        participant=o.held_man,
        reason=LegalHold.Reason.SAFEGUARDING_REVIEW,
        detail="Review ref. SR-0001 (fictional)",
        placed_by=manager,
    )
    o.erasure_batch = ErasureBatch.objects.create(
        organisation=manager.organisation, prepared_on=today
    )
    ErasureItem.objects.create(
        batch=o.erasure_batch,
        kind=RecordKind.DRAFT,
        months=1,
        counts={"participants.CaseNoteDraft": 1},
    )
