"""Retention's use cases: the schedule, legal holds, preparing and approving
erasure batches, and erasing one case or one person.

Erasing an approved batch, item by item, is `retention.batch_runner`.

`erase_case` and `erase_person` are the one way anything in the project erases a
man's case or a woman's record (the nightly batches here, and erasure on the
person's request in data_rights): each runs in one transaction, refuses while a
legal hold stands, and writes the erasure log.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.calendar import local_today
from accounts.models import Organisation, User
from participants.models import Participant
from partner_contact.models import Partner, Relationship
from retention import kinds
from retention.models import (
    ErasureBatch,
    ErasureItem,
    ErasureLog,
    LegalHold,
    RecordKind,
    RetentionRule,
)

# Subjects per kind in one batch: a reviewer reads every line of it.
BATCH_LIMIT = 1000
# An item held back by a reviewer is not proposed again for this long.
HELD_ITEM_DAYS = 30


class RetentionError(Exception):
    """A retention action that cannot be done; its message is for the user."""

    status = 400


class ErasureRefused(RetentionError):
    """Erasure refused: a legal hold stands on the case (or a case she is
    linked to)."""

    status = 409


class BatchNotOpen(RetentionError):
    """The batch was already approved (or finished): nothing is done twice."""

    status = 409


class SameReviewer(RetentionError):
    """Four eyes: the person who prepared a batch may not approve it."""

    status = 403


# The schedule ---------------------------------------------------------------


def ensure_schedule(organisation: Organisation) -> None:
    """Give the organisation a rule with the default period for every kind it
    has none for (idempotent)."""
    RetentionRule.objects.bulk_create(
        [
            RetentionRule(
                organisation=organisation,
                kind=code,
                months=kinds.kind(code).default_months,
            )
            for code in kinds.scheduled_codes()
        ],
        ignore_conflicts=True,
    )


def schedule_of(organisation: Organisation) -> dict[str, RetentionRule]:
    """The organisation's rules by kind, defaults filled in first."""
    ensure_schedule(organisation)
    return {rule.kind: rule for rule in organisation.retention_rules.all()}


def update_rule(*, rule: RetentionRule, months: int, justification: str, actor: User):
    """Set a kind's period; takes effect at the next scan."""
    rule.months = months
    rule.justification = justification
    rule.updated_by = actor
    rule.save(update_fields=["months", "justification", "updated_by", "updated_at"])


# Legal holds ----------------------------------------------------------------


@transaction.atomic
def place_legal_hold(
    *, participant: Participant, reason: str, detail: str, actor: User
) -> LegalHold:
    """Stop the case's retention clock until the hold is lifted; a case already
    held keeps its hold."""
    if LegalHold.objects.active().filter(participant=participant).exists():
        raise RetentionError(_("This case is already under a legal hold."))
    try:
        with transaction.atomic():
            return LegalHold.objects.create(
                organisation_id=participant.organisation_id,
                participant=participant,
                reason=reason,
                detail=detail,
                placed_by=actor,
            )
    except IntegrityError as error:
        raise RetentionError(_("This case is already under a legal hold.")) from error


def lift_legal_hold(*, hold: LegalHold, reason: str, actor: User) -> None:
    """Lift a hold; the clock runs again, later by the time the hold lasted."""
    lifted = LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=actor, lift_reason=reason
    )
    if not lifted:
        raise RetentionError(_("This hold was already lifted."))


# Erasing one case or one person --------------------------------------------


def log_erasure(
    *,
    organisation_id: int,
    batch: ErasureBatch | None,
    kind: str,
    months: int,
    counts: Counter,
    approved_by: User,
    approved_at,
) -> None:
    """Add one subject's counts to the log entry of its batch and rule (a request
    from the person has an entry of its own)."""
    if batch is None:
        ErasureLog.objects.create(
            organisation_id=organisation_id,
            batch=None,
            kind=kind,
            months=months,
            subjects=1,
            counts=dict(counts),
            approved_by=approved_by,
            approved_at=approved_at,
        )
        return
    entry, _created = ErasureLog.objects.select_for_update().get_or_create(
        batch=batch,
        kind=kind,
        defaults={
            "organisation_id": organisation_id,
            "months": months,
            "approved_by": approved_by,
            "approved_at": approved_at,
        },
    )
    total = Counter(entry.counts)
    total.update(counts)
    entry.counts = dict(total)
    entry.subjects += 1
    entry.save(update_fields=["counts", "subjects", "updated_at"])


def refuse_if_held(participant_ids) -> None:
    """Raise ErasureRefused if any of these men's cases is under a legal hold."""
    if LegalHold.objects.active().filter(participant_id__in=participant_ids).exists():
        raise ErasureRefused(
            _(
                "This case is under a legal hold: it cannot be erased until the "
                "hold is lifted."
            )
        )


@transaction.atomic
def erase_case(
    *,
    participant: Participant,
    approved_by: User,
    kind: str = RecordKind.REQUEST,
    batch: ErasureBatch | None = None,
    months: int = 0,
) -> Counter:
    """Erase a man's case in one transaction: his row becomes an anonymised stub,
    everything attached loses its free text and exact dates, drafts and every
    history row go; the erasure log gets counts only.

    `kind` is the rule it is erased under (RecordKind.REQUEST for a request
    from him, through data_rights). Refused with ErasureRefused while a legal
    hold stands; a case already erased returns an empty Counter (idempotent).
    """
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.is_anonymised:
        return Counter()
    refuse_if_held([locked.pk])
    counts = kinds.erase_subject(RecordKind.CLOSED_CASE, locked.pk)
    log_erasure(
        organisation_id=locked.organisation_id,
        batch=batch,
        kind=kind,
        months=months,
        counts=counts,
        approved_by=approved_by,
        approved_at=batch.approved_at if batch else timezone.now(),
    )
    return counts


@transaction.atomic
def erase_person(
    *,
    partner: Partner,
    approved_by: User,
    kind: str = RecordKind.REQUEST,
    batch: ErasureBatch | None = None,
    months: int = 0,
) -> Counter:
    """Erase a woman's record in one transaction: her row becomes an anonymised
    stub (encrypted details blanked), her contacts, plans and consents lose
    their words, his notes lose what she said, and every history row of them
    goes; the men's cases she is linked to are untouched.

    Refused with ErasureRefused while a case she is linked to is under a legal
    hold; a record already erased returns an empty Counter (idempotent).
    """
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.is_anonymised:
        return Counter()
    refuse_if_held(Relationship.objects.filter(partner=locked).values("participant_id"))
    counts = kinds.erase_subject(RecordKind.PARTNER_RECORD, locked.pk)
    log_erasure(
        organisation_id=locked.organisation_id,
        batch=batch,
        kind=kind,
        months=months,
        counts=counts,
        approved_by=approved_by,
        approved_at=batch.approved_at if batch else timezone.now(),
    )
    return counts


# Preparing a batch ----------------------------------------------------------


def _busy_subjects(organisation_id: int, code: str, today: date) -> set[int]:
    """Subjects already waiting in a batch, or held back by a reviewer lately."""
    items = ErasureItem.objects.filter(
        batch__organisation_id=organisation_id, kind=code
    )
    waiting = items.filter(
        status=ErasureItem.Status.PENDING,
        batch__status__in=[ErasureBatch.Status.PREPARED, ErasureBatch.Status.APPROVED],
    )
    held = items.filter(
        status=ErasureItem.Status.HELD,
        batch__prepared_on__gt=today - timedelta(days=HELD_ITEM_DAYS),
    )
    return set(waiting.values_list("subject_id", flat=True)) | set(
        held.values_list("subject_id", flat=True)
    )


def _subject_items(organisation: Organisation, rules, today: date) -> list[ErasureItem]:
    items = []
    for code, entry in kinds.SUBJECT_KINDS.items():
        months = rules[code].months
        due = entry.find_due(organisation.pk, kinds.cutoff_for(today, months))
        if due is None:
            continue
        busy = _busy_subjects(organisation.pk, code, today)
        due = due.exclude(pk__in=busy).order_by("clock_started", "pk")[:BATCH_LIMIT]
        due = list(due)
        counts = entry.counts([subject.pk for subject in due])
        items += [
            ErasureItem(
                kind=code,
                months=months,
                subject_id=subject.pk,
                reference=entry.reference(subject),
                clock_started=subject.clock_started.replace(day=1),
                counts=counts[subject.pk],
            )
            for subject in due
        ]
    return items


def _bulk_items(organisation: Organisation, rules, today: date) -> list[ErasureItem]:
    items = []
    for code, entry in kinds.BULK_KINDS.items():
        months = rules[code].months
        counts = entry.count_due(organisation.pk, kinds.cutoff_for(today, months))
        if counts:
            items.append(
                ErasureItem(kind=code, months=months, subject_id=None, counts=counts)
            )
    return items


def prepare_batch(
    *, organisation: Organisation, today: date | None = None, actor: User | None = None
) -> ErasureBatch | None:
    """Find what has passed its retention date and list it in a new batch for
    review; None when there is nothing, or a batch is already waiting
    (idempotent: a second run while one waits adds nothing)."""
    today = today or local_today(organisation)
    if ErasureBatch.objects.open().filter(organisation=organisation).exists():
        return None
    rules = schedule_of(organisation)
    items = _subject_items(organisation, rules, today) + _bulk_items(
        organisation, rules, today
    )
    if not items:
        return None
    try:
        with transaction.atomic():
            batch = ErasureBatch.objects.create(
                organisation=organisation, prepared_by=actor, prepared_on=today
            )
            for item in items:
                item.batch = batch
            ErasureItem.objects.bulk_create(items)
    except IntegrityError:
        # Another run prepared one in the meantime.
        return None
    return batch


def prepare_batches(now=None) -> list[ErasureBatch]:
    """Prepare a batch for every organisation that has something due."""
    batches = []
    for organisation in Organisation.objects.all():
        today = local_today(organisation, now)
        batch = prepare_batch(organisation=organisation, today=today)
        if batch is not None:
            batches.append(batch)
    return batches


# Reviewing and approving ----------------------------------------------------


def hold_item(*, item: ErasureItem, reason: str, actor: User) -> None:
    """Keep one item out of this batch (it comes back after HELD_ITEM_DAYS)."""
    held = ErasureItem.objects.filter(
        pk=item.pk,
        status=ErasureItem.Status.PENDING,
        batch__status=ErasureBatch.Status.PREPARED,
    ).update(status=ErasureItem.Status.HELD, held_by=actor, hold_reason=reason)
    if not held:
        raise BatchNotOpen(_("This batch is no longer open for review."))


def release_item(*, item: ErasureItem, actor: User) -> None:
    """Put a held item back into the batch."""
    released = ErasureItem.objects.filter(
        pk=item.pk,
        status=ErasureItem.Status.HELD,
        batch__status=ErasureBatch.Status.PREPARED,
    ).update(status=ErasureItem.Status.PENDING, held_by=None, hold_reason="")
    if not released:
        raise BatchNotOpen(_("This batch is no longer open for review."))


def held_references(batch: ErasureBatch) -> list[str]:
    """References of the batch's pending items whose case (or a case she is
    linked to) came under a legal hold after the batch was prepared."""
    pending = batch.items.filter(status=ErasureItem.Status.PENDING)
    active = LegalHold.objects.active()
    men = pending.filter(
        kind=RecordKind.CLOSED_CASE,
        subject_id__in=active.values("participant_id"),
    )
    women = pending.filter(
        kind=RecordKind.PARTNER_RECORD,
        subject_id__in=Relationship.objects.filter(
            participant_id__in=active.values("participant_id")
        ).values("partner_id"),
    )
    return sorted(item.reference for item in men.union(women))
