"""The questionnaires due to a worker, and recording one."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.services import log_access
from outcomes import services
from outcomes.answers import answers_for_reading
from outcomes.forms import LanguageForm, ResponseForm, SettleForm
from outcomes.models import TimePoint
from partner_contact.models import Consent

# The worklist shows windows opening within this many days too.
SOON = timedelta(days=14)


def time_point_or_404(request, time_point_uuid) -> TimePoint:
    """A time point the user may see: hers only inside the firewall (404 else)."""
    return get_object_or_404(
        TimePoint.objects.visible_to(request.user).select_related(
            "participant", "partner", "organisation"
        ),
        uuid=time_point_uuid,
    )


@permission_required("outcomes.view_timepoint", raise_exception=True)
@require_GET
def time_point_list(request):
    today = timezone.localdate()
    points = list(
        TimePoint.objects.visible_to(request.user)
        .collected_by(request.user)
        .pending()
        .filter(opens_on__lte=today + SOON)
        .select_related("participant", "partner")
        .order_by("closes_on", "pk")
    )
    partner_ids = [p.partner_id for p in points if p.partner_id]
    consented = set(
        Consent.objects.visible_to(request.user)
        .filter(partner_id__in=partner_ids, kind=Consent.Kind.OUTCOME_QUESTIONNAIRES)
        .in_force(today)
        .values_list("partner_id", flat=True)
    )
    rows = [
        {
            "point": point,
            "is_open": point.opens_on <= today,
            "consent": point.partner_id in consented,
        }
        for point in points
    ]
    return TemplateResponse(
        request, "outcomes/timepoint_list.html", {"rows": rows, "today": today}
    )


@permission_required("outcomes.add_response", raise_exception=True)
@require_http_methods(["GET", "POST"])
def time_point_record(request, time_point_uuid):
    point = time_point_or_404(request, time_point_uuid)
    today = timezone.localdate()
    if point.is_hers:
        log_access(user=request.user, obj=point, detail="outcome questionnaire")
    questionnaire = services.questionnaire_for(point)
    if questionnaire is None:
        messages.error(request, _("No active questionnaire is set for this point."))
        return redirect("outcomes:due")
    response = getattr(point, "response", None)
    status = 200
    # The language the questions are asked in: the worker's choice, else the
    # draft's, else hers (his) if the system has it, else the organisation's.
    asked_in = (response.language if response else "") or services.default_language(
        point
    )
    language_form = LanguageForm(
        request.GET if "ask_in" in request.GET else None, initial={"ask_in": asked_in}
    )
    if language_form.is_bound:
        if language_form.is_valid():
            asked_in = language_form.cleaned_data["ask_in"]
        else:
            messages.error(request, " ".join(language_form.errors["ask_in"]))
            language_form = LanguageForm(initial={"ask_in": asked_in})
            status = 400
    initial = {"mode": response.mode} if response else {}
    if response:
        initial.update({f"item_{a.item_id}": a.value for a in response.answers.all()})
    form = ResponseForm(
        request.POST or None,
        questionnaire=questionnaire,
        initial=initial,
        language="" if request.method == "POST" else asked_in,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.record_response(
                    time_point=point,
                    questionnaire=questionnaire,
                    answers=form.answers(),
                    mode=form.cleaned_data["mode"],
                    actor=request.user,
                    complete=form.cleaned_data["action"] == "complete",
                    today=today,
                    language=form.cleaned_data["language"],
                )
            except services.RecordingRefused as refused:
                messages.error(request, refused.message)
                status = refused.status
            else:
                if saved.status == saved.Status.COMPLETE:
                    messages.success(request, _("Questionnaire completed."))
                    return redirect("outcomes:due")
                messages.success(request, _("Draft saved; finish it later."))
                return redirect(point)
        else:
            status = 400
    is_open = point.is_open_on(today)
    return TemplateResponse(
        request,
        "outcomes/response_form.html",
        {
            "point": point,
            "questionnaire": questionnaire,
            "asked_in": form.asked_in,
            "recall": questionnaire.recall_period(point.kind, form.asked_in),
            "introduction": questionnaire.introduction_in(form.asked_in),
            "form": form,
            "language_form": language_form,
            "response": response,
            # What was answered, each question in the reader's language.
            "answered": answers_for_reading(response)
            if response and not is_open
            else None,
            "is_open": is_open,
            "settle_form": SettleForm(),
        },
        status=status,
    )


@permission_required("outcomes.add_response", raise_exception=True)
@require_POST
def time_point_draft(request, time_point_uuid):
    """Autosave: keep the questionnaire as a draft while it is being filled in.

    Answered by the form's status line (an htmx fragment), so a pause in typing
    never leaves the page; a refusal says why there and keeps what the worker
    has on screen, and whatever draft was saved before stays saved.
    """
    point = time_point_or_404(request, time_point_uuid)
    questionnaire = services.questionnaire_for(point)
    context: dict = {"point": point}
    status = 200
    if questionnaire is None:
        context["draft_error"] = _("No active questionnaire is set for this point.")
        status = 409
    else:
        form = ResponseForm(
            {**request.POST.dict(), "action": "draft"}, questionnaire=questionnaire
        )
        if not form.is_valid():
            context["draft_error"] = _(
                "Not kept as a draft: an answer is not one of the choices offered."
            )
            status = 400
        else:
            try:
                context["draft"] = services.record_response(
                    time_point=point,
                    questionnaire=questionnaire,
                    answers=form.answers(),
                    mode=form.cleaned_data["mode"],
                    actor=request.user,
                    complete=False,
                    today=timezone.localdate(),
                    language=form.cleaned_data["language"],
                )
            except services.RecordingRefused as refused:
                context["draft_error"] = refused.message
                status = refused.status
    return TemplateResponse(
        request, "outcomes/response_form.html#draft_status", context, status=status
    )


@permission_required("outcomes.add_response", raise_exception=True)
@require_POST
def time_point_settle(request, time_point_uuid):
    point = time_point_or_404(request, time_point_uuid)
    form = SettleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happened."))
        return redirect(point)
    today = timezone.localdate()
    try:
        if form.cleaned_data["outcome"] == "not_safe":
            point = services.record_not_safe(
                time_point=point, actor=request.user, today=today
            )
            messages.success(
                request,
                _("Not safe to ask now: due again on %(day)s.") % {"day": point.due_on},
            )
        else:
            services.record_declined(time_point=point, actor=request.user, today=today)
            messages.success(request, _("Recorded as declined."))
    except services.RecordingRefused as refused:
        return TemplateResponse(
            request,
            "outcomes/refused.html",
            {"point": point, "message": refused.message},
            status=refused.status,
        )
    return redirect("outcomes:due")
