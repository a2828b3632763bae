"""Writes on referrals in: receive, screen, accept, decline, withdraw.

Referrals out and the information-sharing log are written by
`referrals.onward_services`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from participants.models import Participant
from participants.services import create_participant
from referrals.letters import draft_letter_for_decision  # letters
from referrals.models import Agency, Referral, ReferralDecision


class ReferralAlreadyDecided(Exception):
    """A decision was asked for on a referral that is no longer open."""

    def __init__(self, referral: Referral):
        self.referral = referral
        status = referral.get_status_display().lower()
        on = referral.status_changed_on
        if on:
            message = _(
                "This referral was already %(status)s on %(date)s; nothing was changed."
            ) % {"status": status, "date": date_format(on, "DATE_FORMAT")}
        else:
            message = _(
                "This referral was already %(status)s; nothing was changed."
            ) % {"status": status}
        super().__init__(message)


def _today() -> date:
    return timezone.localdate()


def check_same_organisation(organisation_id: int, *records) -> None:
    """Refuse a record (agency, case, worker) of another organisation."""
    for record in records:
        if record is not None and record.organisation_id != organisation_id:
            raise ValidationError(_("That record belongs to another organisation."))


def _check_reason(to_status: str, reason: str) -> None:
    if not reason:
        raise ValidationError(_("Choose a reason for this decision."))
    if reason not in ReferralDecision.REASONS_FOR[to_status]:
        raise ValidationError(_("That reason does not fit this decision."))


def _lock(referral: Referral) -> Referral:
    """The referral's row, locked until the transaction ends, with fresh values.

    Two people deciding at once queue here; the second sees the first's decision.
    """
    return (
        Referral.objects.select_for_update()
        .select_related("organisation")
        .get(pk=referral.pk)
    )


def _record_decision(
    *,
    referral: Referral,
    from_status: str,
    actor: User,
    on: date,
    reason: str = "",
    note: str = "",
) -> ReferralDecision:
    return ReferralDecision.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        from_status=from_status,
        to_status=referral.status,
        decided_on=on,
        decided_by=actor,
        reason=reason,
        note=note,
    )


# Referrals in -----------------------------------------------------------------


@transaction.atomic
def receive_referral(
    *,
    organisation: Organisation,
    received_by: User,
    received_on: date,
    agency: Agency | None,
    is_self_referral: bool,
    reason: str,
    first_name: str,
    last_name: str,
    mandate: str = Referral.Mandate.VOLUNTARY,
    referrer_name: str = "",
    referrer_role: str = "",
    referrer_contact: str = "",
    date_of_birth: date | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    language: str = "English",
    interpreter_needed: bool = False,
    partner_known: str = "",
    children_known: str = "",
) -> Referral:
    """Record a new referral of a man, from an agency or from himself."""
    if (agency is None) == (not is_self_referral):
        raise ValidationError(
            _(
                "Say where the referral came from: an agency, or a self-referral "
                "(not both)."
            )
        )
    check_same_organisation(organisation.pk, agency)
    referral = Referral(
        organisation=organisation,
        agency=agency,
        is_self_referral=is_self_referral,
        referrer_name=referrer_name,
        referrer_role=referrer_role,
        referrer_contact=referrer_contact,
        received_on=received_on,
        received_by=received_by,
        reason=reason,
        mandate=mandate,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
        address=address,
        language=language or "English",
        interpreter_needed=interpreter_needed,
        partner_known=partner_known,
        children_known=children_known,
        status=Referral.Status.RECEIVED,
        status_changed_on=received_on,
    )
    referral._history_user = received_by
    referral.save()
    _record_decision(
        referral=referral, from_status="", actor=received_by, on=received_on
    )
    return referral


@transaction.atomic
def start_screening(
    *, referral: Referral, actor: User, on: date | None = None, note: str = ""
) -> Referral:
    """Move a received referral into screening."""
    referral = _lock(referral)
    if referral.status != Referral.Status.RECEIVED:
        if referral.status == Referral.Status.SCREENING:
            raise ValidationError(_("This referral is already being screened."))
        raise ReferralAlreadyDecided(referral)
    on = on or _today()
    referral.mark_screening(on=on)
    referral._history_user = actor
    referral.save(update_fields=["status", "status_changed_on", "updated_at"])
    _record_decision(
        referral=referral,
        from_status=Referral.Status.RECEIVED,
        actor=actor,
        on=on,
        note=note,
    )
    return referral


@transaction.atomic
def accept_referral(
    *,
    referral: Referral,
    actor: User,
    reason: str,
    note: str = "",
    on: date | None = None,
    caseworker: User | None = None,
    existing: Participant | None = None,
    checked_matches: bool = False,
) -> Referral:
    """Accept a screened referral: attach it to his open case (`existing`, a
    re-referral) or open his case with what it told us.

    A new case is opened only when no man on record may be him, or when the
    person deciding has checked the possible matches (`checked_matches`).
    """
    referral = _lock(referral)
    if referral.status != Referral.Status.SCREENING:
        if referral.status == Referral.Status.RECEIVED:
            raise ValidationError(
                _("Start screening the referral before accepting it.")
            )
        raise ReferralAlreadyDecided(referral)
    _check_reason(Referral.Status.ACCEPTED, reason)
    check_same_organisation(referral.organisation_id, caseworker, existing)
    on = on or _today()
    if existing is not None:
        participant = _rereferred(existing)
    else:
        _check_no_matches(referral, actor, checked_matches)
        participant = _open_case(referral, actor, caseworker, on)
    referral.mark_accepted(participant=participant, on=on)
    referral._history_user = actor
    referral.save(
        update_fields=["status", "participant", "status_changed_on", "updated_at"]
    )
    decision = _record_decision(  # letters: the decision the letter answers
        referral=referral,
        from_status=Referral.Status.SCREENING,
        actor=actor,
        on=on,
        reason=reason,
        note=note,
    )
    draft_letter_for_decision(referral=referral, decision=decision, actor=actor)
    return referral


def _rereferred(man: Participant) -> Participant:
    man = Participant.objects.select_for_update().get(pk=man.pk)
    if man.status == Participant.Status.CLOSED:
        raise ValidationError(
            _("His case is closed: a re-referral is attached to an open case only.")
        )
    return man


def _check_no_matches(referral: Referral, actor: User, checked: bool) -> None:
    if not checked and referral.possible_cases(actor).exists():
        raise ValidationError(
            _(
                "Men already on record may be him: check the possible matches "
                "before opening a new case."
            )
        )


def _open_case(
    referral: Referral, actor: User, caseworker: User | None, on: date
) -> Participant:
    if caseworker is None and actor.role == User.Role.CASEWORKER:
        caseworker = actor
    return create_participant(
        organisation=referral.organisation,
        created_by=actor,
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        phone=referral.phone,
        email=referral.email,
        address=referral.address,
        language=referral.language,
        interpreter_needed=referral.interpreter_needed,
        caseworker=caseworker,
        status=Participant.Status.REFERRED,
        today=on,
    )


@transaction.atomic
def decline_referral(
    *,
    referral: Referral,
    actor: User,
    reason: str,
    note: str = "",
    on: date | None = None,
) -> Referral:
    """Decline a screened referral, with a reason from the controlled list."""
    referral = _lock(referral)
    if referral.status != Referral.Status.SCREENING:
        if referral.status == Referral.Status.RECEIVED:
            raise ValidationError(
                _("Start screening the referral before declining it.")
            )
        raise ReferralAlreadyDecided(referral)
    _check_reason(Referral.Status.DECLINED, reason)
    on = on or _today()
    referral.mark_declined(on=on)
    referral._history_user = actor
    referral.save(update_fields=["status", "status_changed_on", "updated_at"])
    decision = _record_decision(  # letters: the decision the letter answers
        referral=referral,
        from_status=Referral.Status.SCREENING,
        actor=actor,
        on=on,
        reason=reason,
        note=note,
    )
    draft_letter_for_decision(referral=referral, decision=decision, actor=actor)
    return referral


@transaction.atomic
def withdraw_referral(
    *,
    referral: Referral,
    actor: User,
    reason: str,
    note: str = "",
    on: date | None = None,
) -> Referral:
    """Close an open referral that will not go ahead (a reason is required)."""
    referral = _lock(referral)
    if not referral.is_open:
        raise ReferralAlreadyDecided(referral)
    _check_reason(Referral.Status.WITHDRAWN, reason)
    on = on or _today()
    from_status = referral.status
    referral.mark_withdrawn(on=on)
    referral._history_user = actor
    referral.save(update_fields=["status", "status_changed_on", "updated_at"])
    _record_decision(
        referral=referral,
        from_status=from_status,
        actor=actor,
        on=on,
        reason=reason,
        note=note,
    )
    return referral
