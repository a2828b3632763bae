"""Writes on referrals in and out, and on the information-sharing log."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from participants.models import Participant
from participants.services import create_participant
from partner_contact.models import Partner
from referrals.letters import draft_letter_for_decision  # letters
from referrals.models import (
    Agency,
    InformationShare,
    LegalBasis,
    OnwardReferral,
    Referral,
    ReferralDecision,
)


class ReferralAlreadyDecided(Exception):
    """A decision was asked for on a referral that is no longer open."""

    def __init__(self, referral: Referral):
        self.referral = referral
        status = referral.get_status_display().lower()
        on = referral.status_changed_on
        super().__init__(
            f"This referral was already {status}"
            + (f" on {on:%d %b %Y}" if on else "")
            + "; nothing was changed."
        )


def _today() -> date:
    return timezone.localdate()


def _check_same_organisation(organisation_id: int, *records) -> None:
    for record in records:
        if record is not None and record.organisation_id != organisation_id:
            raise ValidationError(_("That record belongs to another organisation."))


def _check_reason(to_status: str, reason: str) -> None:
    if not reason:
        raise ValidationError(_("Choose a reason for this decision."))
    if reason not in ReferralDecision.REASONS_FOR[to_status]:
        raise ValidationError(_("That reason does not fit this decision."))


def _check_sharing_basis(
    *, legal_basis: str, consent_recorded: bool, reason_without_consent: str
) -> None:
    if legal_basis not in LegalBasis.values:
        raise ValidationError(_("Choose the legal basis for sharing."))
    if not consent_recorded:
        if legal_basis == LegalBasis.CONSENT:
            raise ValidationError(
                _("Without recorded consent, choose a legal basis other than consent.")
            )
        if not reason_without_consent.strip():
            raise ValidationError(
                _("Say why the information is shared without consent.")
            )


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
    _check_same_organisation(organisation.pk, agency)
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
    _check_same_organisation(referral.organisation_id, caseworker, existing)
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


# Referrals out and the information-sharing log -------------------------------------


@transaction.atomic
def record_information_share(
    *,
    actor: User,
    agency: Agency,
    what_shared: str,
    legal_basis: str,
    consent_recorded: bool,
    shared_on: date,
    participant: Participant | None = None,
    partner: Partner | None = None,
    reason_without_consent: str = "",
    onward_referral: OnwardReferral | None = None,
) -> InformationShare:
    """Log one sharing of information about a man or a woman with an agency."""
    if (participant is None) == (partner is None):
        raise ValidationError(
            _("Say whether the information was about a man or a woman.")
        )
    _check_same_organisation(actor.organisation_id, agency, participant, partner)
    _check_sharing_basis(
        legal_basis=legal_basis,
        consent_recorded=consent_recorded,
        reason_without_consent=reason_without_consent,
    )
    share = InformationShare(
        organisation_id=actor.organisation_id,
        participant=participant,
        partner=partner,
        agency=agency,
        what_shared=what_shared,
        legal_basis=legal_basis,
        consent_recorded=consent_recorded,
        reason_without_consent="" if consent_recorded else reason_without_consent,
        shared_by=actor,
        shared_on=shared_on,
        onward_referral=onward_referral,
    )
    share._history_user = actor
    share.save()
    return share


def _check_children(kind: str, participant, children) -> None:
    """Children named on an onward referral are his case's; a referral to child
    services names at least one when he has any (onward_children)."""
    if participant is None:
        if children:
            raise ValidationError(_("Only a man's referral names children."))
        return
    if any(child.participant_id != participant.pk for child in children):
        raise ValidationError(_("Name only children of his case."))
    if (
        kind == OnwardReferral.Kind.CHILD_SERVICES
        and not children
        and participant.children.exists()
    ):
        raise ValidationError(
            _("Name the children this referral to child services concerns.")
        )


@transaction.atomic
def make_onward_referral(
    *,
    actor: User,
    kind: str,
    agency: Agency,
    reason: str,
    information_shared: str,
    legal_basis: str,
    consent_recorded: bool,
    made_on: date,
    participant: Participant | None = None,
    partner: Partner | None = None,
    reason_without_consent: str = "",
    marac_criterion: str = "",
    yes_count: int | None = None,
    incidents_last_12_months: int | None = None,
    judgement_narrative: str = "",
    previous_referral_on: date | None = None,
    children=(),  # onward_children: Child rows of his case it concerns
) -> OnwardReferral:
    """Refer a man's case, or a woman, to another agency, and log what was shared.

    A referral to child services names the children of his case it concerns
    (onward_children): at least one when his case has any."""
    if (participant is None) == (partner is None):
        raise ValidationError(_("An onward referral is about one man or one woman."))
    if partner is not None and kind != OnwardReferral.Kind.WOMENS_SERVICE:
        raise ValidationError(
            _("A woman is referred to a women's support service only.")
        )
    if participant is not None and kind not in OnwardReferral.KINDS_FOR_MEN:
        raise ValidationError(_("That kind of referral is not made about a man."))
    if agency.kind not in OnwardReferral.AGENCY_KINDS[kind]:
        raise ValidationError(_("That agency does not take this kind of referral."))
    if kind == OnwardReferral.Kind.MARAC and not marac_criterion:
        raise ValidationError(_("Say which criterion for the conference he meets."))
    _check_same_organisation(actor.organisation_id, agency, participant, partner)
    _check_sharing_basis(
        legal_basis=legal_basis,
        consent_recorded=consent_recorded,
        reason_without_consent=reason_without_consent,
    )
    is_marac = kind == OnwardReferral.Kind.MARAC
    onward = OnwardReferral(
        organisation_id=actor.organisation_id,
        kind=kind,
        participant=participant,
        partner=partner,
        agency=agency,
        reason=reason,
        information_shared=information_shared,
        legal_basis=legal_basis,
        consent_recorded=consent_recorded,
        reason_without_consent="" if consent_recorded else reason_without_consent,
        made_by=actor,
        made_on=made_on,
        marac_criterion=marac_criterion if is_marac else "",
        yes_count=yes_count if is_marac else None,
        incidents_last_12_months=incidents_last_12_months if is_marac else None,
        judgement_narrative=judgement_narrative if is_marac else "",
        previous_referral_on=previous_referral_on if is_marac else None,
    )
    _check_children(kind, participant, children)  # onward_children
    onward._history_user = actor
    onward.save()
    onward.children.set(children)  # onward_children
    record_information_share(
        actor=actor,
        agency=agency,
        participant=participant,
        partner=partner,
        what_shared=information_shared,
        legal_basis=legal_basis,
        consent_recorded=consent_recorded,
        reason_without_consent=reason_without_consent,
        shared_on=made_on,
        onward_referral=onward,
    )
    return onward


@transaction.atomic
def record_outcome(
    *,
    onward_referral: OnwardReferral,
    actor: User,
    outcome: str,
    on: date,
    note: str = "",
) -> OnwardReferral:
    """Record what the agency did with an onward referral."""
    if outcome not in OnwardReferral.Outcome.values or not outcome:
        raise ValidationError(_("Choose an outcome."))
    if on < onward_referral.made_on:
        raise ValidationError(
            _("The outcome cannot come before the referral was made.")
        )
    onward = OnwardReferral.objects.select_for_update().get(pk=onward_referral.pk)
    onward.mark_outcome(outcome=outcome, on=on, note=note)
    onward._history_user = actor
    onward.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    return onward
