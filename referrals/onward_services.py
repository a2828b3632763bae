"""Writes on referrals out and on the information-sharing log.

Every onward referral also logs what it shared (an `InformationShare`), and
every share names its legal basis; without recorded consent, a basis other than
consent and a reason.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from localisation import lists  # LEGAL_BASES
from participants.models import Participant
from partner_contact.models import Partner
from referrals.models import (
    LEGAL_BASES,
    Agency,
    InformationShare,
    LegalBasis,
    OnwardReferral,
)
from referrals.services import check_same_organisation


def _check_sharing_basis(
    *,
    organisation_id: int,
    legal_basis: str,
    consent_recorded: bool,
    reason_without_consent: str,
) -> None:
    # One of the organisation's current legal bases (LEGAL_BASES, referrals.lists).
    if legal_basis not in lists.current_codes(organisation_id, LEGAL_BASES):
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
    check_same_organisation(actor.organisation_id, agency, participant, partner)
    _check_sharing_basis(
        organisation_id=actor.organisation_id,
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
    if not OnwardReferral.agency_fits(kind, agency.kind):
        raise ValidationError(_("That agency does not take this kind of referral."))
    if kind == OnwardReferral.Kind.MARAC and not marac_criterion:
        raise ValidationError(_("Say which criterion for the conference he meets."))
    check_same_organisation(actor.organisation_id, agency, participant, partner)
    _check_sharing_basis(
        organisation_id=actor.organisation_id,
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
