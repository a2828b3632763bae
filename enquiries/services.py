"""Writes on enquiries: recording one, the public page's request, first contact,
closing, and linking her to a man's case without typing her details again."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.calendar import add_working_days, holidays_of, local_date
from accounts.models import Organisation, User
from enquiries import signals
from enquiries.models import Enquiry
from participants.models import Participant
from partner_contact import services as partner_services
from partner_contact.models import Channel, Partner, Relationship

# Fields of Enquiry a worker may set through record_enquiry / update_enquiry.
ENQUIRY_FIELDS = (
    "channel",
    "name",
    "on_behalf",
    "referrer",
    "reach_by",
    "phone",
    "email",
    "safe_times",
    "message_ok",
    "language",
    "concerns",
    "offered_information",
    "offered_safety_planning",
    "offered_womens_service",
    "offered_programme_for_him",
    "outcome",
    "notes",
    "follow_up_on",
    "assigned_to",
)
# What the public page may set: nothing a worker decides.
PUBLIC_FIELDS = (
    "name",
    "on_behalf",
    "referrer",
    "reach_by",
    "phone",
    "email",
    "safe_times",
    "message_ok",
    "language",
    "concerns",
)
# How she asked to be reached, as her partner record's ways of contact.
REACH_BY_CHANNEL = {
    Enquiry.ReachBy.PHONE: Channel.PHONE,
    Enquiry.ReachBy.TEXT: Channel.TEXT,
    Enquiry.ReachBy.EMAIL: Channel.EMAIL,
}


def first_contact_due(organisation: Organisation, received_at: datetime):
    """The organisation's deadline for a first contact: its working days after
    the local date she got in touch, skipping weekends and its holidays."""
    return add_working_days(
        local_date(organisation, received_at),
        organisation.enquiry_first_contact_working_days,
        holidays_of(organisation),
    )


def _check_fields(fields: dict, allowed: tuple) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown enquiry fields: {sorted(unknown)}")


def _check_worker(organisation: Organisation, worker: User | None) -> None:
    if worker is not None and (
        worker.organisation_id != organisation.pk or not worker.is_partner_support
    ):
        raise ValidationError(
            _("Choose a partner-support worker of your organisation.")
        )


@transaction.atomic
def record_enquiry(
    *,
    organisation: Organisation,
    actor: User,
    received_at: datetime | None = None,
    contacted: bool = True,
    **fields,
) -> Enquiry:
    """Record an enquiry a worker took: by phone, e-mail, in person or from an
    agency. `contacted` says the worker already spoke with her or answered her,
    which is her first contact; otherwise the first-contact deadline runs."""
    _check_fields(fields, ENQUIRY_FIELDS)
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise ValidationError(_("An enquiry cannot be received in the future."))
    fields.setdefault("assigned_to", actor if actor.is_partner_support else None)
    _check_worker(organisation, fields["assigned_to"])
    return Enquiry.objects.create(
        organisation=organisation,
        received_at=received_at,
        received_on=local_date(organisation, received_at),
        first_contact_due=first_contact_due(organisation, received_at),
        first_contact_at=received_at if contacted else None,
        recorded_by=actor,
        **fields,
    )


@transaction.atomic
def receive_public_enquiry(
    *, organisation: Organisation, now: datetime | None = None, **fields
) -> Enquiry:
    """A request from the public contact page: into the organisation's queue with
    its first-contact deadline, and its partner-support workers are alerted
    (public_enquiry_received; risk writes the alerts in this transaction)."""
    _check_fields(fields, PUBLIC_FIELDS)
    now = now or timezone.now()
    enquiry = Enquiry.objects.create(
        organisation=organisation,
        channel=Enquiry.Channel.PUBLIC_PAGE,
        received_at=now,
        received_on=local_date(organisation, now),
        first_contact_due=first_contact_due(organisation, now),
        **fields,
    )
    signals.public_enquiry_received.send(sender=Enquiry, enquiry=enquiry)
    return enquiry


@transaction.atomic
def update_enquiry(
    *, enquiry: Enquiry, actor: User, close: bool = False, **fields
) -> Enquiry:
    """Change what was recorded; closing needs an outcome (history keeps the rest)."""
    _check_fields(fields, ENQUIRY_FIELDS)
    if "assigned_to" in fields:
        _check_worker(enquiry.organisation, fields["assigned_to"])
    for name, value in fields.items():
        setattr(enquiry, name, value)
    if close and enquiry.closed_at is None:
        if not enquiry.outcome:
            raise ValidationError(_("Choose an outcome to close the enquiry."))
        enquiry.closed_at = timezone.now()
    enquiry.save()
    return enquiry


@transaction.atomic
def reopen_enquiry(*, enquiry: Enquiry, actor: User) -> Enquiry:
    """Open a closed enquiry again (she got back in touch); its outcome stays."""
    if enquiry.closed_at is None:
        raise ValidationError(_("This enquiry is open."))
    enquiry.closed_at = None
    enquiry.save(update_fields=["closed_at", "updated_at"])
    return enquiry


@transaction.atomic
def record_first_contact(
    *, enquiry: Enquiry, actor: User, at: datetime | None = None
) -> Enquiry:
    """A worker tried to contact her: the deadline is met, and an enquiry nobody
    held is now the worker's. A second attempt changes nothing here (her record's
    contact log is where every attempt counts once she is linked)."""
    at = at or timezone.now()
    if at > timezone.now():
        raise ValidationError(_("A contact cannot be recorded in the future."))
    # Forms give minutes: a contact in the minute the enquiry came is after it.
    if at < enquiry.received_at.replace(second=0, microsecond=0):
        raise ValidationError(_("A contact cannot come before the enquiry."))
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.first_contact_at is not None:
        return enquiry
    enquiry.first_contact_at = at
    if enquiry.assigned_to_id is None and actor.is_partner_support:
        enquiry.assigned_to = actor
    enquiry.save(update_fields=["first_contact_at", "assigned_to", "updated_at"])
    return enquiry


def partner_fields(enquiry: Enquiry, actor: User) -> dict:
    """Her partner record's fields from the enquiry, so nobody types them again."""
    channel = REACH_BY_CHANNEL.get(enquiry.reach_by)
    fields = {
        "name": enquiry.name,
        "phone": enquiry.phone,
        "email": enquiry.email,
        "safe_contact_notes": enquiry.safe_times,
        "safe_channels": [channel] if channel else [],
        "voicemail_ok": enquiry.message_ok,
        "text_ok": enquiry.message_ok and channel == Channel.TEXT,
        "partner_support_worker": enquiry.assigned_to
        or (actor if actor.is_partner_support else None),
    }
    if enquiry.language:
        fields["language"] = enquiry.language
    return fields


@transaction.atomic
def link_enquiry(
    *,
    enquiry: Enquiry,
    actor: User,
    participant: Participant | None = None,
    kind: str = Relationship.Kind.CURRENT_PARTNER,
    partner: Partner | None = None,
) -> Partner:
    """Link an enquiry to her partner record, and that record to a man's case.

    Her record is, in order: the one given (she is already on record), the one
    this enquiry was linked to before, or a new one made from the enquiry's
    details. Linking to a man she is already linked to links nothing twice.
    """
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    partner = partner or enquiry.partner
    for record in (partner, participant):
        if record is not None and record.organisation_id != enquiry.organisation_id:
            raise ValidationError(_("That record belongs to another organisation."))
    if partner is None:
        partner = partner_services.create_partner(
            organisation=enquiry.organisation,
            actor=actor,
            **partner_fields(enquiry, actor),
        )
    if (
        participant is not None
        and not Relationship.objects.filter(
            partner=partner, participant=participant
        ).exists()
    ):
        partner_services.link_partner(
            partner=partner, participant=participant, kind=kind, actor=actor
        )
    if enquiry.partner_id != partner.pk:
        enquiry.partner = partner
        enquiry.linked_at = timezone.now()
        enquiry.save(update_fields=["partner", "linked_at", "updated_at"])
    return partner
