"""Writes on a man's case that touch more than one row or have side effects."""

import uuid
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import Organisation, User
from participants import lifecycle
from participants.approval_count import forget_waiting
from participants.models import CaseNote, CaseNoteDraft, Participant, StatusChange
from participants.signals import status_changed


def next_reference(organisation: Organisation, year: int) -> str:
    """The next pseudonymous case reference, e.g. "P26-00042".

    Called inside the creating transaction; the organisation row is locked so two
    intakes at once cannot take the same number.
    """
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    prefix = f"P{year % 100:02d}-"
    last = Participant.objects.filter(
        organisation=organisation, reference__startswith=prefix
    ).aggregate(last=Max("reference"))["last"]
    number = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


@transaction.atomic
def create_participant(
    *,
    organisation: Organisation,
    created_by: User | None,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    language: str = "English",
    interpreter_needed: bool = False,
    consents_to_partner_contact: bool = False,
    consents_to_information_sharing: bool = False,
    consent_recorded_on: date | None = None,
    caseworker: User | None = None,
    status: str = Participant.Status.REFERRED,
    today: date | None = None,
) -> Participant:
    """Open a case for a man, with a fresh pseudonymous reference."""
    today = today or timezone.localdate()
    participant = Participant(
        organisation=organisation,
        reference=next_reference(organisation, today.year),
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
        address=address,
        language=language,
        interpreter_needed=interpreter_needed,
        consents_to_partner_contact=consents_to_partner_contact,
        consents_to_information_sharing=consents_to_information_sharing,
        consent_recorded_on=consent_recorded_on,
        caseworker=caseworker,
        status=status,
        status_changed_on=today,
    )
    participant._history_user = created_by
    participant.save()
    return participant


def can_approve(user: User) -> bool:
    """Whether the user may approve exclusions and closures."""
    return user.has_perm("participants.approve_status_change")


@transaction.atomic
def move_participant(
    *,
    participant: Participant,
    to_status: str,
    reason: str,
    actor: User,
    effective_on: date | None = None,
    note: str = "",
) -> StatusChange:
    """Move a man through the lifecycle, or ask a manager to where approval is due.

    Raises ValidationError for a move the lifecycle forbids, a reason outside the
    controlled list, a date in the future or before his last move, or when a
    request is already waiting. A caseworker's exclusion or closure stays pending
    until approved; a manager's own takes effect at once.
    """
    today = timezone.localdate()
    effective_on = effective_on or today
    # Lock the case: two moves at once must both see the latest status.
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not lifecycle.is_allowed(participant.status, to_status):
        raise ValidationError(
            gettext("A man whose case is “%(status)s” cannot move to “%(to)s”.")
            % {
                "status": participant.get_status_display(),
                "to": Participant.Status(to_status).label,
            },
            code="forbidden_move",
        )
    offered = lifecycle.reasons_for(to_status, participant.organisation_id)
    if reason not in dict(offered):
        raise ValidationError(
            gettext("Choose a reason from the list for this move."), code="bad_reason"
        )
    if effective_on > today:
        raise ValidationError(gettext("The date of a move cannot be in the future."))
    if participant.status_changed_on and effective_on < participant.status_changed_on:
        raise ValidationError(
            gettext("The date cannot be before his last move (%(date)s).")
            % {"date": date_format(participant.status_changed_on, "SHORT_DATE_FORMAT")}
        )
    if participant.status_changes.pending().exists():
        raise ValidationError(
            gettext("A move of this case is already waiting for a manager's approval."),
            code="pending_exists",
        )
    change = StatusChange(
        organisation_id=participant.organisation_id,
        participant=participant,
        from_status=participant.status,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason,
        note=note,
        changed_by=actor,
    )
    if lifecycle.needs_approval(to_status):
        if not can_approve(actor):
            change.approval = StatusChange.Approval.PENDING
            change.save()
            forget_waiting(change.organisation_id)
            return change
        change.approval = StatusChange.Approval.APPROVED
        change.decided_by = actor
        change.decided_at = timezone.now()
    change.save()
    _apply(participant=participant, change=change, actor=actor)
    return change


def _apply(*, participant: Participant, change: StatusChange, actor: User) -> None:
    """Make a recorded move take effect and tell the apps that listen."""
    participant.status = change.to_status
    participant.status_changed_on = change.effective_on
    if change.to_status == Participant.Status.FOLLOW_UP:
        participant.follow_up_until = change.effective_on + relativedelta(
            months=lifecycle.FOLLOW_UP_MONTHS
        )
    elif change.to_status != Participant.Status.CLOSED:
        participant.follow_up_until = None
    participant._history_user = actor
    participant._change_reason = change.reason
    participant.save()
    status_changed.send(
        sender=Participant, participant=participant, status_change=change, actor=actor
    )


@transaction.atomic
def approve_status_change(*, status_change: StatusChange, actor: User) -> StatusChange:
    """Approve a pending exclusion or closure, which then takes effect."""
    change = StatusChange.objects.select_for_update().get(pk=status_change.pk)
    if not can_approve(actor):
        raise ValidationError(gettext("Only a manager may approve this move."))
    if not change.is_pending:
        raise ValidationError(gettext("This request has already been decided."))
    participant = Participant.objects.select_for_update().get(pk=change.participant_id)
    if participant.status != change.from_status:
        raise ValidationError(
            gettext(
                "His status has changed since this was asked; reject it and ask again."
            )
        )
    change.mark_decided(
        approval=StatusChange.Approval.APPROVED, by=actor, at=timezone.now()
    )
    forget_waiting(change.organisation_id)
    _apply(participant=participant, change=change, actor=actor)
    return change


@transaction.atomic
def reject_status_change(
    *, status_change: StatusChange, actor: User, note: str = ""
) -> StatusChange:
    """Turn down a pending exclusion or closure, saying why; his status stays."""
    change = StatusChange.objects.select_for_update().get(pk=status_change.pk)
    if not can_approve(actor):
        raise ValidationError(gettext("Only a manager may reject this move."))
    if not change.is_pending:
        raise ValidationError(gettext("This request has already been decided."))
    # The caseworker who asked must learn why (issue 14, item 11).
    if not note.strip():
        raise ValidationError(
            gettext("Say why the move is rejected: the caseworker reads it.")
        )
    change.note = f"{change.note}\n\nRejected: {note.strip()}".strip()
    change.save(update_fields=["note"])
    change.mark_decided(
        approval=StatusChange.Approval.REJECTED, by=actor, at=timezone.now()
    )
    forget_waiting(change.organisation_id)
    return change


def save_case_note_draft(
    *,
    participant: Participant,
    author: User,
    body: str,
    kind: str = "",
    occurred_on: date | None = None,
) -> CaseNoteDraft:
    """Keep the text of a note being typed, one draft per author and case."""
    draft, _ = CaseNoteDraft.objects.update_or_create(
        participant=participant,
        author=author,
        defaults={
            "organisation_id": participant.organisation_id,
            "body": body,
            "kind": kind,
            "occurred_on": occurred_on,
        },
    )
    return draft


class NoteAlreadySaved(Exception):
    """The form of this note was posted before: the note exists already."""

    def __init__(self, note: CaseNote):
        super().__init__(f"Case note {note.uuid} was saved from this form before.")
        self.note = note


@transaction.atomic
def add_case_note(
    *,
    participant: Participant,
    author: User,
    body: str,
    kind: str,
    occurred_on: date,
    submission_token: uuid.UUID | None = None,
) -> CaseNote:
    """Save a case note and drop its draft; raise NoteAlreadySaved when the same
    form (its submission token) was saved before."""
    participant.refuse_if_restricted()  # data_rights: a restricted record
    note = CaseNote(
        organisation_id=participant.organisation_id,
        participant=participant,
        author=author,
        kind=kind,
        occurred_on=occurred_on,
        body=body,
        submission_token=submission_token,
    )
    note._history_user = author
    try:
        # A savepoint: the unique token decides, even between two posts at once.
        with transaction.atomic():
            note.save()
    except IntegrityError:
        earlier = CaseNote.objects.filter(
            author=author, submission_token=submission_token
        ).first()
        if submission_token is None or earlier is None:
            raise
        raise NoteAlreadySaved(earlier) from None
    CaseNoteDraft.objects.filter(participant=participant, author=author).delete()
    return note
