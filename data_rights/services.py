"""Writes of the data_rights app: recording requests, deciding them, building and
releasing access exports, restricting and lifting processing."""

import calendar
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessLog, User
from accounts.services import log_access
from config.celery import app
from data_rights import document
from data_rights.her_export import build_her_export
from data_rights.his_export import build_his_export
from data_rights.models import RightsRequest
from participants.models import Participant
from partner_contact.models import Partner
from retention import services as retention_services

Kind = RightsRequest.Kind
Status = RightsRequest.Status
BUILD_EXPORT = "data_rights.tasks.build_subject_access_export"


# A released export is kept this long for a second download, then dropped.
EXPORT_KEPT_DAYS = 30


class AlreadyDone(ValidationError):
    """The step was taken before (a second release, a second decision)."""


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day (31 January -> 28 or
    29 February): the one-month limit to answer a request."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def record_request(
    *,
    actor: User,
    kind: str,
    received_on: date,
    today: date,
    participant: Participant | None = None,
    partner: Partner | None = None,
    due_on: date | None = None,
    identity_checked: bool = False,
    details: str = "",
) -> RightsRequest:
    """Record a request about a man or a woman of the actor's organisation."""
    subject = participant or partner
    if subject is None or (participant and partner):
        raise ValidationError(_("A request is about one man or one woman."))
    if subject.organisation_id != actor.organisation_id:
        raise ValidationError(_("That person belongs to another organisation."))
    if received_on > today:
        raise ValidationError(_("The date it was received cannot be in the future."))
    due_on = due_on or one_month_after(received_on)
    if due_on < today:
        raise ValidationError(
            _(
                "The answer would be due on %(due)s, which has passed. Give the date "
                "the request was really received, or a due date from today on."
            )
            % {"due": due_on.isoformat()}
        )
    if due_on < received_on:
        raise ValidationError(_("The due date cannot be before the request came."))
    return RightsRequest.objects.create(
        organisation_id=actor.organisation_id,
        kind=kind,
        participant=participant,
        partner=partner,
        received_on=received_on,
        due_on=due_on,
        details=details,
        identity_checked=identity_checked,
        identity_checked_by=actor if identity_checked else None,
        recorded_by=actor,
    )


def confirm_identity(*, request: RightsRequest, actor: User) -> RightsRequest:
    """Record that the person's identity was checked."""
    if request.identity_checked:
        raise AlreadyDone(_("The identity was already recorded as checked."))
    request.identity_checked = True
    request.identity_checked_by = actor
    request.save(update_fields=["identity_checked", "identity_checked_by"])
    return request


@transaction.atomic
def start_export(
    *, request: RightsRequest, actor: User, now: datetime | None = None
) -> RightsRequest:
    """Queue the building of an access export (again, if one waits for review)."""
    if request.kind != Kind.ACCESS:
        raise ValidationError(_("Only a request for access has an export."))
    if not request.identity_checked:
        raise ValidationError(_("Check the person's identity before preparing it."))
    updated = RightsRequest.objects.filter(
        pk=request.pk, status__in=(Status.RECEIVED, Status.IN_REVIEW)
    ).update(
        status=Status.PREPARING,
        export_requested_at=now or timezone.now(),
        export_archive=None,
        redactions=[],
    )
    if not updated:
        raise AlreadyDone(_("The export is being prepared or was released."))
    app.tasks[BUILD_EXPORT].delay_on_commit(request.pk)
    request.refresh_from_db()
    return request


def build_document(request: RightsRequest) -> document.Document:
    """The export of the request's subject, his or hers."""
    if request.about_a_man:
        return build_his_export(request.participant)
    return build_her_export(request.partner)


@transaction.atomic
def build_export(*, request_id: int, now: datetime | None = None) -> bool:
    """Build the export of a request being prepared and put it up for review;
    False if there was nothing to build (built already, or not asked)."""
    request = (
        RightsRequest.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("participant__organisation", "partner__organisation")
        .filter(pk=request_id, status=Status.PREPARING)
        .first()
    )
    if request is None:
        return False
    built = build_document(request)
    request.export_archive = document.archive(built)
    request.redactions = [r.as_dict() for r in built.redactions]
    request.section_counts = {s["title"]: len(s["items"]) for s in built.sections}
    request.export_built_at = now or timezone.now()
    request.status = Status.IN_REVIEW
    request.save(
        update_fields=[
            "export_archive",
            "redactions",
            "section_counts",
            "export_built_at",
            "status",
        ]
    )
    return True


def release_export(
    *, request: RightsRequest, actor: User, now: datetime | None = None
) -> RightsRequest:
    """Release a reviewed export: it may then be downloaded and given to the
    person. A second release is refused."""
    now = now or timezone.now()
    updated = RightsRequest.objects.filter(
        pk=request.pk, status=Status.IN_REVIEW
    ).update(status=Status.RELEASED, released_by=actor, released_at=now)
    if not updated:
        request.refresh_from_db()
        if request.status == Status.RELEASED:
            raise AlreadyDone(_("This export was already released."))
        raise ValidationError(_("There is no export waiting for review."))
    request.refresh_from_db()
    return request


def drop_exports(*, now: datetime) -> int:
    """Drop the zips of exports released more than EXPORT_KEPT_DAYS ago, and every
    export and request text about a person retention has since erased (a batch
    erases without knowing this app). Idempotent: a dropped export stays None."""
    erased = Q(participant__is_anonymised=True) | Q(partner__is_anonymised=True)
    old = Q(released_at__lt=now - timedelta(days=EXPORT_KEPT_DAYS))
    dropped = (
        RightsRequest.objects.filter(old, export_archive__isnull=False)
        .exclude(erased)
        .update(export_archive=None)
    )
    dropped += (
        RightsRequest.objects.filter(erased)
        .exclude(export_archive__isnull=True, redactions=[], details="")
        .update(export_archive=None, redactions=[], section_counts={}, details="")
    )
    return dropped


def log_download(*, request: RightsRequest, actor: User) -> AccessLog:
    """The access log entry of a released export's download, naming the person's
    record (never the person)."""
    return log_access(
        user=actor,
        obj=request.subject,
        action=AccessLog.Action.EXPORT,
        detail=f"subject-access export {request.reference}",
    )


@transaction.atomic
def decide_request(
    *,
    request: RightsRequest,
    actor: User,
    grant: bool,
    refusal_reason: str = "",
    note: str = "",
    correction: str = "",
    now: datetime | None = None,
) -> RightsRequest:
    """Grant or refuse a request for rectification, erasure, restriction or
    objection, and carry out what a grant means."""
    now = now or timezone.now()
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind == Kind.ACCESS:
        raise ValidationError(_("A request for access is answered by its export."))
    if request.status != Status.RECEIVED:
        raise AlreadyDone(_("This request was already decided."))
    if not grant and not refusal_reason:
        raise ValidationError(_("Choose the reason for refusing."))
    if grant and request.kind == Kind.RECTIFICATION and not correction.strip():
        raise ValidationError(_("Say what was corrected."))
    if grant and not request.identity_checked:
        raise ValidationError(_("Check the person's identity before granting it."))
    request.decided_by, request.decided_at = actor, now
    request.decision_note = note
    request.refusal_reason = "" if grant else refusal_reason
    request.correction = correction if grant else ""
    request.status = Status.GRANTED if grant else Status.REFUSED
    request.save()
    if grant and request.kind in (Kind.RESTRICTION, Kind.OBJECTION):
        restrict_processing(
            subject=request.subject,
            actor=actor,
            reason=_("%(kind)s granted (request %(reference)s)")
            % {"kind": request.get_kind_display(), "reference": request.reference},
            now=now,
        )
    if grant and request.kind == Kind.ERASURE:
        erase_on_request(request=request, actor=actor)
    return request


def erase_on_request(*, request: RightsRequest, actor: User) -> None:
    """Erase the person through the retention app's erasure, as a batch would
    (one transaction, legal holds respected, the erasure log written), and drop
    what this app kept of them: built exports and the request's own words."""
    if request.about_a_man:
        retention_services.erase_case(
            participant=request.participant, approved_by=actor
        )
    else:
        retention_services.erase_person(partner=request.partner, approved_by=actor)
    RightsRequest.objects.filter(
        participant_id=request.participant_id, partner_id=request.partner_id
    ).update(export_archive=None, redactions=[], section_counts={}, details="")


def restrict_processing(
    *, subject: Participant | Partner, actor: User, reason: str, now: datetime
) -> None:
    """Set the restriction on the man's case or the woman's record (saved with
    its history, so his or her History page shows who set it)."""
    _set_restriction(subject, actor=actor, at=now, reason=reason[:300])


def _set_restriction(subject, *, actor: User, at, reason: str) -> None:
    subject.processing_restricted_at = at
    subject.processing_restricted_by = actor if at else None
    subject.processing_restriction_reason = reason
    subject._history_user = actor
    subject.save(
        update_fields=[
            "processing_restricted_at",
            "processing_restricted_by",
            "processing_restriction_reason",
        ]
    )


@transaction.atomic
def lift_restriction(
    *, request: RightsRequest, actor: User, now: datetime | None = None
) -> RightsRequest:
    """Lift the restriction a granted request set; processing starts again."""
    now = now or timezone.now()
    updated = RightsRequest.objects.filter(
        pk=request.pk,
        status=Status.GRANTED,
        kind__in=(Kind.RESTRICTION, Kind.OBJECTION),
    ).update(status=Status.LIFTED, lifted_by=actor, lifted_at=now)
    if not updated:
        raise AlreadyDone(_("There is no restriction of this request to lift."))
    _set_restriction(request.subject, actor=actor, at=None, reason="")
    request.refresh_from_db()
    return request
