"""Writes on partner records: her details, links, consents, contacts and plans."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Organisation, User
from localisation import lists  # CONTACT_OUTCOMES
from participants.models import Participant
from partner_contact import her_case, signals
from partner_contact.models import (
    Consent,
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,
)
from partner_contact.models.contacts import CONTACT_OUTCOMES

# Fields of Partner a worker may set through create_partner / update_partner.
PARTNER_FIELDS = (
    "name",
    "date_of_birth",
    "area",
    "phone",
    "email",
    "address",
    "safe_contact_notes",
    "safe_weekdays",
    "safe_from",
    "safe_until",
    "safe_channels",
    "voicemail_ok",
    "text_ok",
    "withhold_caller_id",
    "code_word",
    "if_someone_else_answers",
    "language",
    "interpreter_needed",
    "do_not_contact",
    "do_not_contact_reason",
    "partner_support_worker",
)


@transaction.atomic
def create_partner(
    *,
    organisation: Organisation,
    actor: User,
    participant: Participant | None = None,
    relationship_kind: str = Relationship.Kind.CURRENT_PARTNER,
    living_together: bool = False,
    children_in_common: int = 0,
    **fields,
) -> Partner:
    """Open a partner's record, linked to a man's case when one is given."""
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown partner fields: {sorted(unknown)}")
    fields.setdefault(
        "partner_support_worker", actor if actor.is_partner_support else None
    )
    partner = Partner.objects.create(organisation=organisation, **fields)
    if participant is not None:
        link_partner(
            partner=partner,
            participant=participant,
            kind=relationship_kind,
            living_together=living_together,
            children_in_common=children_in_common,
            actor=actor,
        )
    return partner


@transaction.atomic
def update_partner(*, partner: Partner, actor: User, **fields) -> Partner:
    """Change her details; history keeps the previous values (encrypted too)."""
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown partner fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(partner, name, value)
    if not partner.do_not_contact:
        partner.do_not_contact_reason = ""
    partner.save()
    return partner


@transaction.atomic
def link_partner(
    *,
    partner: Partner,
    participant: Participant,
    kind: str,
    actor: User,
    living_together: bool = False,
    children_in_common: int = 0,
    linked_on: date | None = None,
) -> Relationship:
    """Link her to a man's case; a man may have several partners, she several cases."""
    if participant.organisation_id != partner.organisation_id:
        raise ValidationError(
            gettext("The man's case belongs to another organisation.")
        )
    if Relationship.objects.filter(partner=partner, participant=participant).exists():
        raise ValidationError(gettext("She is already linked to this man's case."))
    return Relationship.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        participant=participant,
        kind=kind,
        living_together=living_together,
        children_in_common=children_in_common,
        linked_on=linked_on or timezone.localdate(),
    )


@transaction.atomic
def record_consent(
    *,
    partner: Partner,
    kind: str,
    given_on: date,
    how_given: str,
    actor: User,
    scope: str = "",
    expires_on: date | None = None,
) -> Consent:
    """Record a consent she gave; an earlier one of the same kind stays as history."""
    partner.refuse_if_restricted()  # data_rights: a restricted record
    if given_on > timezone.localdate():
        raise ValidationError(gettext("A consent cannot be given in the future."))
    return Consent.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        kind=kind,
        given_on=given_on,
        how_given=how_given,
        scope=scope,
        expires_on=expires_on,
        recorded_by=actor,
    )


@transaction.atomic
def withdraw_consent(*, consent: Consent, on: date, actor: User) -> Consent:
    """Record that she withdrew a consent; it stops counting from that day."""
    if consent.withdrawn_on is not None:
        raise ValidationError(gettext("This consent was already withdrawn."))
    if on < consent.given_on or on > timezone.localdate():
        raise ValidationError(
            gettext(
                "A withdrawal date must fall between the day it was given and today."
            )
        )
    consent.withdraw(on=on)
    return consent


def _check_may_log(*, partner: Partner, direction: str) -> None:
    if partner.do_not_contact and direction != PartnerContact.Direction.INBOUND:
        raise ValidationError(
            gettext(
                "She is marked “do not contact”: only a contact she started may be "
                "logged. Change her record first if that has changed."
            )
        )


@transaction.atomic
def log_contact(
    *,
    partner: Partner,
    worker: User,
    occurred_at: datetime,
    channel: str,
    outcome: str,
    direction: str = PartnerContact.Direction.OUTBOUND,
    relationship: Relationship | None = None,
    safety_check_done: bool = False,
    told_her: list[str] | None = None,
    summary: str = "",
    disclosure: str = "",
    disclosure_may_share: bool = False,
    consent_basis: str = "",
    risk_events: list[str] | None = None,
    safety_planning_done: bool = False,
    referrals_made: list[str] | None = None,
    next_contact_due: date | None = None,
    separation_on: date | None = None,
    separation_announced: bool = False,
    contact_made: bool = False,
) -> PartnerContact:
    """Log one attempt or conversation; a separation tick records the separation.

    The outcome is one of the organisation's current outcomes (CONTACT_OUTCOMES).
    Whether she was reached follows from a shipped outcome; for an outcome the
    organisation added, `contact_made` says it.

    New risk events are announced with `risk_disclosed` (without "separation",
    which goes through `record_separation` and `separation_recorded`).
    """
    partner.refuse_if_restricted()  # data_rights: a restricted record
    _check_may_log(partner=partner, direction=direction)
    if occurred_at > timezone.now():
        raise ValidationError(gettext("A contact cannot be logged in the future."))
    if relationship is not None and relationship.partner_id != partner.pk:
        raise ValidationError(gettext("That relationship is not hers."))
    if outcome not in lists.current_codes(partner.organisation_id, CONTACT_OUTCOMES):
        raise ValidationError(gettext("Choose one of the outcomes in the list."))
    if outcome in PartnerContact.Outcome.values:
        contact_made = outcome in PartnerContact.CONTACT_MADE_OUTCOMES
    risk_events = list(risk_events or [])
    separation = PartnerContact.RiskEventKind.SEPARATION
    if separation in risk_events and relationship is None:
        raise ValidationError(
            gettext("Choose which relationship the separation is about.")
        )
    contact = PartnerContact.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        relationship=relationship,
        occurred_at=occurred_at,
        direction=direction,
        channel=channel,
        contact_made=contact_made,
        outcome=outcome,
        safety_check_done=safety_check_done,
        told_her=list(told_her or []),
        summary=summary,
        disclosure=disclosure,
        disclosure_may_share=disclosure_may_share,
        consent_basis=consent_basis if disclosure_may_share else "",
        risk_events=risk_events,
        safety_planning_done=safety_planning_done,
        referrals_made=list(referrals_made or []),
        next_contact_due=next_contact_due,
        worker=worker,
    )
    Partner.objects.filter(pk=partner.pk).refresh_contact_summary()
    # Her case follows her log: a first attempt, or reaching her (her_case).
    her_case.follow_contact(partner=partner, contact=contact, actor=worker)
    if separation in risk_events:
        record_separation(
            relationship=relationship,
            occurred_on=separation_on or timezone.localdate(occurred_at),
            announced=separation_announced,
            actor=worker,
            contact=contact,
        )
    other_kinds = [kind for kind in risk_events if kind != separation]
    if other_kinds:
        signals.risk_disclosed.send(
            sender=PartnerContact, contact=contact, kinds=other_kinds, actor=worker
        )
    return contact


@transaction.atomic
def record_separation(
    *,
    relationship: Relationship,
    occurred_on: date,
    announced: bool,
    actor: User,
    contact: PartnerContact | None = None,
) -> Relationship:
    """Mark a relationship separated (or separation announced) and tell risk."""
    if occurred_on > timezone.localdate():
        raise ValidationError(gettext("A separation cannot be recorded in the future."))
    # Lock the row: two workers recording the same separation must not both signal.
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if relationship.status == Relationship.Status.SEPARATED:
        raise ValidationError(
            gettext("This relationship is already recorded as separated.")
        )
    relationship.mark_separated(on=occurred_on, announced=announced)
    signals.separation_recorded.send(
        sender=Relationship,
        relationship=relationship,
        occurred_on=occurred_on,
        announced=announced,
        actor=actor,
        contact=contact,
    )
    return relationship


@transaction.atomic
def create_safety_plan(
    *,
    partner: Partner,
    plan: str,
    review_on: date,
    actor: User,
    contact: PartnerContact | None = None,
) -> SafetyPlan:
    """Save a new version of her safety plan; earlier versions are kept."""
    partner.refuse_if_restricted()  # data_rights: a restricted record
    if review_on < timezone.localdate():
        raise ValidationError(gettext("The review date cannot be in the past."))
    # Locking her row serialises version numbers between two workers.
    Partner.objects.select_for_update().filter(pk=partner.pk).first()
    last = (
        SafetyPlan.objects.filter(partner=partner)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return SafetyPlan.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        version=(last or 0) + 1,
        plan=plan,
        review_on=review_on,
        contact=contact,
        created_by=actor,
    )
