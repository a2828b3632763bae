"""Pages of data-protection requests (managers) and of change history (every
role that may open the record)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.calendar import local_today
from accounts.roles import CASE_WORK_ROLES
from accounts.services import log_access
from data_rights import history, services
from data_rights.forms import DecisionForm, RequestForm
from data_rights.models import DeadlineNotice, RightsRequest
from participants.models import Participant
from partner_contact.models import Partner
from retention.services import RetentionError

MANAGE = "data_rights.manage_rights_requests"


def _refused(request, rights_request, error, *, status=None) -> TemplateResponse:
    """A step that cannot be taken: 409 if it was taken already (or a legal hold
    stands), 400 otherwise."""
    if status is None:
        status = 409 if isinstance(error, services.AlreadyDone) else 400
    messages_ = getattr(error, "messages", None) or [str(error)]
    return TemplateResponse(
        request,
        "data_rights/refused.html",
        {"rights_request": rights_request, "error": " ".join(messages_)},
        status=status,
    )


def _request_or_404(request, uuid) -> RightsRequest:
    return RightsRequest.objects.select_related(
        "participant", "partner", "recorded_by", "decided_by", "released_by"
    ).visible_or_404(request.user, uuid)


@permission_required(MANAGE, raise_exception=True)
@require_GET
def request_list(request):
    requests = RightsRequest.objects.visible_to(request.user).select_related(
        "participant", "partner"
    )
    today = local_today(request.user.organisation)
    notices = (
        DeadlineNotice.objects.filter(
            organisation_id=request.user.organisation_id,
            request__status__in=RightsRequest.OPEN_STATUSES,
        )
        .select_related("request")
        .order_by("due_on")[:20]
    )
    return TemplateResponse(
        request,
        "data_rights/request_list.html",
        {
            "open_requests": requests.open().order_by("due_on", "pk"),
            "closed_requests": requests.exclude(
                status__in=RightsRequest.OPEN_STATUSES
            ).order_by("-received_on", "-pk")[:50],
            "notices": notices,
            "today": today,
        },
    )


@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def request_create(request, subject: str, subject_uuid):
    """Record a request about the man (subject "man") or the woman ("woman")."""
    if subject == "man":
        person = Participant.objects.visible_or_404(request.user, subject_uuid)
    elif subject == "woman":
        person = Partner.objects.visible_or_404(request.user, subject_uuid)
    else:
        raise Http404
    today = local_today(request.user.organisation)
    form = RequestForm(request.POST or None, initial={"received_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.record_request(
                actor=request.user,
                today=today,
                participant=person if subject == "man" else None,
                partner=person if subject == "woman" else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Request recorded: the answer is due by %(due)s.")
                % {"due": created.due_on.isoformat()},
            )
            return redirect(created)
    return TemplateResponse(
        request,
        "data_rights/request_form.html",
        {"form": form, "person": person, "subject": subject},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE, raise_exception=True)
@require_GET
def request_detail(request, request_uuid):
    rights_request = _request_or_404(request, request_uuid)
    return TemplateResponse(
        request,
        "data_rights/request_detail.html",
        {
            "rights_request": rights_request,
            "decision_form": DecisionForm(request=rights_request),
            "person_url": rights_request.subject.get_absolute_url(),
        },
    )


@permission_required(MANAGE, raise_exception=True)
@require_POST
def request_identity(request, request_uuid):
    rights_request = _request_or_404(request, request_uuid)
    try:
        services.confirm_identity(request=rights_request, actor=request.user)
    except ValidationError as error:
        return _refused(request, rights_request, error)
    messages.success(request, _("The identity check is recorded."))
    return redirect(rights_request)


@permission_required(MANAGE, raise_exception=True)
@require_POST
def request_export(request, request_uuid):
    """Queue the building of the export (a Celery task)."""
    rights_request = _request_or_404(request, request_uuid)
    try:
        services.start_export(request=rights_request, actor=request.user)
    except ValidationError as error:
        return _refused(request, rights_request, error)
    messages.success(
        request,
        _("The export is being prepared. Reload this page in a moment to review it."),
    )
    return redirect(rights_request)


@permission_required(MANAGE, raise_exception=True)
@require_POST
def request_release(request, request_uuid):
    rights_request = _request_or_404(request, request_uuid)
    try:
        services.release_export(request=rights_request, actor=request.user)
    except ValidationError as error:
        return _refused(request, rights_request, error)
    messages.success(request, _("Released: the export may now be downloaded."))
    return redirect(rights_request)


@permission_required(MANAGE, raise_exception=True)
@require_GET
def request_download(request, request_uuid):
    """The released export (a zip), written to the access log."""
    rights_request = _request_or_404(request, request_uuid)
    if rights_request.status != RightsRequest.Status.RELEASED:
        return _refused(
            request,
            rights_request,
            ValidationError(_("The export can be downloaded once it is released.")),
        )
    services.log_download(request=rights_request, actor=request.user)
    response = HttpResponse(
        bytes(rights_request.export_archive), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{rights_request.reference}.zip"'
    )
    return response


@permission_required(MANAGE, raise_exception=True)
@require_POST
def request_decide(request, request_uuid):
    rights_request = _request_or_404(request, request_uuid)
    form = DecisionForm(request.POST, request=rights_request)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "data_rights/request_detail.html",
            {
                "rights_request": rights_request,
                "decision_form": form,
                "person_url": rights_request.subject.get_absolute_url(),
            },
            status=400,
        )
    data = form.cleaned_data
    try:
        services.decide_request(
            request=rights_request,
            actor=request.user,
            grant=data["decision"] == "grant",
            refusal_reason=data["refusal_reason"],
            note=data["note"],
            correction=data["correction"],
        )
    except RetentionError as error:
        return _refused(request, rights_request, error, status=error.status)
    except ValidationError as error:
        return _refused(request, rights_request, error)
    messages.success(request, _("The decision is recorded."))
    return redirect(rights_request)


@permission_required(MANAGE, raise_exception=True)
@require_POST
def request_lift(request, request_uuid):
    rights_request = _request_or_404(request, request_uuid)
    try:
        services.lift_restriction(request=rights_request, actor=request.user)
    except ValidationError as error:
        return _refused(request, rights_request, error)
    messages.success(request, _("The restriction is lifted."))
    return redirect(rights_request)


@require_GET
def record_history(request, kind: str, record_uuid):
    """Who changed which field of a record, from what to what, and when."""
    if request.user.role not in CASE_WORK_ROLES:
        raise PermissionDenied
    found = history.KINDS.get(kind)
    record = found.record_or_none(request.user, record_uuid) if found else None
    if record is None:
        raise Http404
    if isinstance(record, Partner):
        log_access(user=request.user, obj=record, detail="change history")
    return TemplateResponse(
        request,
        "data_rights/history.html",
        {
            "record": record,
            "kind_label": found.label,
            "entries": history.entries_for(record, request.user),
            "back_url": record.get_absolute_url()
            if hasattr(record, "get_absolute_url")
            else None,
        },
    )
