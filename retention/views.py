"""Pages of retention: the schedule, legal holds, erasure batches, the erasure
log and the record of processing. Thin: every write is a service."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participants.models import Participant
from retention import batches, kinds, processing, services
from retention.forms import HoldItemForm, LegalHoldForm, LiftHoldForm, RetentionRuleForm
from retention.models import (
    ErasureBatch,
    ErasureItem,
    ErasureLog,
    LegalHold,
    counts_display,
)

ITEMS_PER_PAGE = 100


def _refused(request, error: services.RetentionError, back_url: str):
    """The page that says why an action was refused, with the error's status."""
    return TemplateResponse(
        request,
        "retention/refused.html",
        {"message": str(error), "back_url": back_url},
        status=error.status,
    )


# The schedule ---------------------------------------------------------------


@permission_required("retention.view_retentionrule", raise_exception=True)
@require_GET
def schedule(request):
    """The organisation's retention period for every kind of record."""
    rules = services.schedule_of(request.user.organisation)
    rows = [
        {"rule": rules[code], "entry": kinds.kind(code)}
        for code in kinds.scheduled_codes()
    ]
    return TemplateResponse(request, "retention/schedule.html", {"rows": rows})


@permission_required("retention.change_retentionrule", raise_exception=True)
@require_http_methods(["GET", "POST"])
def rule_update(request, rule):
    if rule not in kinds.scheduled_codes():
        raise Http404
    entry = kinds.kind(rule)
    rule = services.schedule_of(request.user.organisation)[rule]
    form = RetentionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.update_rule(
            rule=rule,
            months=form.cleaned_data["months"],
            justification=form.cleaned_data["justification"],
            actor=request.user,
        )
        messages.success(request, _("The retention period was saved."))
        return redirect("retention:schedule")
    return TemplateResponse(
        request,
        "retention/rule_form.html",
        {"form": form, "rule": rule, "entry": entry},
        status=400 if form.errors else 200,
    )


# Legal holds ----------------------------------------------------------------


@permission_required("retention.view_legalhold", raise_exception=True)
@require_GET
def hold_list(request):
    """Legal holds in force, then those lifted."""
    holds = LegalHold.objects.visible_to(request.user).select_related(
        "participant", "placed_by", "lifted_by"
    )
    page = Paginator(holds.order_by("lifted_at", "-placed_at", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(request, "retention/hold_list.html", {"page_obj": page})


@permission_required("retention.add_legalhold", raise_exception=True)
@require_http_methods(["GET", "POST"])
def hold_create(request):
    cases = Participant.objects.visible_to(request.user)
    form = LegalHoldForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_legal_hold(
                participant=form.participant,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                actor=request.user,
            )
        except services.RetentionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The case is under a legal hold."))
            return redirect("retention:hold_list")
    return TemplateResponse(
        request,
        "retention/hold_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("retention.change_legalhold", raise_exception=True)
@require_http_methods(["GET", "POST"])
def hold_lift(request, hold_uuid):
    hold = get_object_or_404(
        LegalHold.objects.visible_to(request.user)
        .active()
        .select_related("participant"),
        uuid=hold_uuid,
    )
    form = LiftHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lift_legal_hold(
                hold=hold, reason=form.cleaned_data["reason"], actor=request.user
            )
        except services.RetentionError as error:
            return _refused(request, error, reverse("retention:hold_list"))
        messages.success(request, _("The legal hold was lifted."))
        return redirect("retention:hold_list")
    return TemplateResponse(
        request,
        "retention/hold_lift.html",
        {"form": form, "hold": hold},
        status=400 if form.errors else 200,
    )


# Erasure batches ------------------------------------------------------------


@permission_required("retention.view_erasurebatch", raise_exception=True)
@require_GET
def batch_list(request):
    batches = ErasureBatch.objects.visible_to(request.user).select_related(
        "prepared_by", "approved_by"
    )
    page = Paginator(batches.order_by("-prepared_at", "-pk"), 25).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(request, "retention/batch_list.html", {"page_obj": page})


@permission_required("retention.view_erasurebatch", raise_exception=True)
@require_POST
def batch_prepare(request):
    """Prepare a batch now rather than wait for the night (four eyes: whoever
    prepares it may not approve it)."""
    batch = services.prepare_batch(
        organisation=request.user.organisation, actor=request.user
    )
    if batch is None:
        messages.info(
            request, _("Nothing is due, or a batch is already waiting for review.")
        )
        return redirect("retention:batch_list")
    return redirect(batch)


def _batch_or_404(user, uuid):
    return get_object_or_404(
        ErasureBatch.objects.visible_to(user).select_related(
            "prepared_by", "approved_by"
        ),
        uuid=uuid,
    )


@permission_required("retention.view_erasurebatch", raise_exception=True)
@require_GET
def batch_detail(request, batch_uuid):
    """What the batch would erase and why, by reference and counts."""
    batch = _batch_or_404(request.user, batch_uuid)
    items = batch.items.select_related("held_by").order_by("kind", "pk")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    # The rows name the same few kinds of record: each name is read once a page.
    names: dict[str, str] = {}
    for item in page:
        item.counts_shown = counts_display(item.counts, names)
    return TemplateResponse(
        request,
        "retention/batch_detail.html",
        {
            "batch": batch,
            "page_obj": page,
            "summary": batch.summary(),
            "may_approve": batch.may_be_approved_by(request.user),
            "log_entries": batch.log_entries.select_related("approved_by").order_by(
                "kind"
            ),
        },
    )


@permission_required("retention.approve_erasurebatch", raise_exception=True)
@require_POST
def batch_approve(request, batch_uuid):
    batch = _batch_or_404(request.user, batch_uuid)
    try:
        batches.approve_batch(batch=batch, actor=request.user)
    except services.RetentionError as error:
        return _refused(request, error, batch.get_absolute_url())
    messages.success(request, _("The batch is approved: its records are being erased."))
    return redirect(batch)


def _item_action(request, batch_uuid, action):
    batch = _batch_or_404(request.user, batch_uuid)
    form = HoldItemForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            services.RetentionError(_("Choose an item of this batch.")),
            batch.get_absolute_url(),
        )
    item = get_object_or_404(ErasureItem, batch=batch, pk=form.cleaned_data["item"])
    try:
        action(item, form.cleaned_data["reason"])
    except services.RetentionError as error:
        return _refused(request, error, batch.get_absolute_url())
    return redirect(batch)


@permission_required("retention.approve_erasurebatch", raise_exception=True)
@require_POST
def item_hold(request, batch_uuid):
    """Keep one item out of the batch."""
    return _item_action(
        request,
        batch_uuid,
        lambda item, reason: services.hold_item(
            item=item, reason=reason, actor=request.user
        ),
    )


@permission_required("retention.approve_erasurebatch", raise_exception=True)
@require_POST
def item_release(request, batch_uuid):
    """Put a held item back into the batch."""
    return _item_action(
        request,
        batch_uuid,
        lambda item, reason: services.release_item(item=item, actor=request.user),
    )


# The erasure log and the record of processing -------------------------------


@permission_required("retention.view_erasurelog", raise_exception=True)
@require_GET
def erasure_log(request):
    entries = (
        ErasureLog.objects.visible_to(request.user)
        .select_related("batch", "approved_by")
        .order_by("-approved_at", "kind", "-pk")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "retention/erasure_log.html", {"page_obj": page})


@permission_required("retention.view_processing_record", raise_exception=True)
@require_GET
def processing_record(request):
    """The record of processing (GDPR art. 30), built from the declarations in
    retention/processing.py and the organisation's own schedule."""
    rules = services.schedule_of(request.user.organisation)
    return TemplateResponse(
        request,
        "retention/processing.html",
        {
            "categories": processing.record_of_processing(rules),
            "undeclared": processing.models_without_personal_data(),
        },
    )
