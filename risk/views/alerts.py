from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.redirects import safe_next_url
from enquiries.models import SECRET_FIELDS  # enquiries
from risk import services
from risk.context_processors import open_alert_count
from risk.forms import AcknowledgeAlertsForm, AlertFilterForm, AlertResolveForm
from risk.models import Alert
from risk.services import AlertActionError

PAGE_SIZE = 25
ENQUIRY_SECRETS = [f"event__enquiry__{name}" for name in SECRET_FIELDS]  # enquiries
STATUS_FILTERS = {
    "active": [Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED],
    "open": [Alert.Status.OPEN],
    "acknowledged": [Alert.Status.ACKNOWLEDGED],
    "resolved": [Alert.Status.RESOLVED],
}


def _alerts(user):
    alerts = Alert.objects.visible_to(user).select_related(  # enquiries
        "event", "event__participant", "recipient"
    )
    # enquiries: an alert may be about an enquiry: its reference, none of her words.
    return alerts.select_related("event__enquiry").defer(*ENQUIRY_SECRETS)  # enquiries


@permission_required("risk.view_alert", raise_exception=True)
@require_GET
def alert_list(request):
    """The alerts inbox: the user's own alerts (managers may see everyone's)."""
    status = request.GET.get("status", "active")
    if status not in STATUS_FILTERS:
        status = "active"
    everyone = (
        request.user.role == User.Role.MANAGER and request.GET.get("scope") == "all"
    )
    alerts = _alerts(request.user).filter(status__in=STATUS_FILTERS[status])
    if not everyone:
        alerts = alerts.filter(recipient=request.user)
    filters = AlertFilterForm(request.GET)
    if filters.is_valid():
        alerts = filters.filter(alerts, now=timezone.now())
    else:
        alerts = alerts.none()
    page = Paginator(alerts.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "risk/alert_list.html",
        {
            "page_obj": page,
            "status": status,
            "everyone": everyone,
            "filters": filters,
            "query_string": query.urlencode(),
            "scope_query": _without(query, "scope"),
            "status_query": _without(query, "status"),
            "bulk": True,
            "resolve_form": AlertResolveForm(),
        },
        status=400 if filters.errors else 200,
    )


def _without(query, name: str) -> str:
    """The list's query string without one parameter (for links that set it)."""
    query = query.copy()
    query.pop(name, None)
    return query.urlencode()


@permission_required("risk.view_alert", raise_exception=True)
@require_POST
def alert_acknowledge_many(request):
    """The user takes several of her own open alerts on at once (400 if none
    of hers is ticked; those acknowledged meanwhile are left as they are)."""
    mine = Alert.objects.visible_to(request.user).filter(
        recipient=request.user, status=Alert.Status.OPEN
    )
    form = AcknowledgeAlertsForm(request.POST, alerts=mine)
    back = safe_next_url(request, request.POST.get("next")) or reverse(
        "risk:alert_list"
    )
    if not form.is_valid():
        return TemplateResponse(
            request,
            "risk/action_refused.html",
            {"reason": " ".join(form.errors["alert"]), "back": back},
            status=400,
        )
    count = services.acknowledge_alerts(
        alerts=mine.filter(uuid__in=form.cleaned_data["alert"]), user=request.user
    )
    _forget_count(request)
    messages.success(
        request,
        ngettext(
            "%(count)d alert acknowledged.", "%(count)d alerts acknowledged.", count
        )
        % {"count": count},
    )
    return redirect(back)


@permission_required("risk.view_alert", raise_exception=True)
@require_GET
def alert_detail(request, alert_uuid):
    alert = get_object_or_404(_alerts(request.user), uuid=alert_uuid)
    return TemplateResponse(
        request,
        "risk/alert_detail.html",
        {"alert": alert, "resolve_form": AlertResolveForm()},
    )


def _respond(request, alert, *, status=200, error="", done="", form=None):
    """The alert's row for HTMX (swapped in place), else back to where it was."""
    if request.htmx:
        return TemplateResponse(
            request,
            "risk/alert_list.html#alert_row",
            {
                "alert": alert,
                "row_error": error,
                "row_message": done,
                "resolve_form": form or AlertResolveForm(),
                "alert_count_oob": open_alert_count(request),
            },
            status=status,
        )
    if error:
        messages.error(request, error)
        return TemplateResponse(
            request,
            "risk/alert_detail.html",
            {"alert": alert, "resolve_form": form or AlertResolveForm()},
            status=status,
        )
    messages.success(request, done)
    return redirect(
        safe_next_url(request, request.POST.get("next")) or "risk:alert_list"
    )


@permission_required("risk.view_alert", raise_exception=True)
@require_POST
def alert_acknowledge(request, alert_uuid):
    """The recipient takes the alert on (409 if done already, 403 if not theirs)."""
    alert = get_object_or_404(_alerts(request.user), uuid=alert_uuid)
    try:
        alert = services.acknowledge_alert(alert=alert, user=request.user)
    except PermissionDenied as error:
        return _respond(request, alert, status=403, error=str(error))
    except AlertActionError as error:
        return _respond(request, alert, status=409, error=str(error))
    _forget_count(request)
    return _respond(request, alert, done="Alert acknowledged.")


@permission_required("risk.view_alert", raise_exception=True)
@require_POST
def alert_resolve(request, alert_uuid):
    """The recipient closes the alert with a note on how it was dealt with."""
    alert = get_object_or_404(_alerts(request.user), uuid=alert_uuid)
    form = AlertResolveForm(request.POST)
    if not form.is_valid():
        return _respond(
            request,
            alert,
            status=400,
            error="Say how the alert was dealt with.",
            form=form,
        )
    try:
        alert = services.resolve_alert(
            alert=alert, user=request.user, note=form.cleaned_data["note"]
        )
    except PermissionDenied as error:
        return _respond(request, alert, status=403, error=str(error), form=form)
    except (AlertActionError, ValidationError) as error:
        message = error.messages[0] if hasattr(error, "messages") else str(error)
        return _respond(request, alert, status=409, error=message, form=form)
    _forget_count(request)
    return _respond(request, alert, done="Alert resolved.")


def _forget_count(request):
    request.__dict__.pop("_risk_open_alerts", None)
