"""Referrals in: the inbox, a referral's page, and the decisions on it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from referrals import services
from referrals.forms import (
    AcceptForm,
    DecisionForm,
    ReferralFilterForm,
    ReferralForm,
    ScreeningForm,
)
from referrals.models import Referral

PAGE_SIZE = 25


def _referral(request, referral_uuid):
    return Referral.objects.select_related(
        "organisation", "agency", "participant", "received_by"
    ).visible_or_404(request.user, referral_uuid)


@permission_required("referrals.view_referral", raise_exception=True)
@require_GET
def referral_list(request):
    """The inbox: open referrals first, with filters and overdue markers."""
    today = timezone.localdate()
    form = ReferralFilterForm(request.GET or None, user=request.user)
    referrals = Referral.objects.visible_to(request.user)
    if form.is_bound and not form.is_valid():
        referrals = referrals.none()
    else:
        if not form.is_bound:
            form = ReferralFilterForm({}, user=request.user)
            form.is_valid()
        referrals = form.filter(referrals, today)
    referrals = (
        referrals.with_overdue(today)
        .select_related("agency", "participant", "organisation")
        .order_by("-is_overdue", "received_on", "created_at")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "today": today,
        "query_string": query.urlencode(),
    }
    template = "referrals/referral_list.html"
    if request.htmx:
        template += "#results"
    return TemplateResponse(
        request, template, context, status=400 if form.errors else 200
    )


@permission_required("referrals.add_referral", raise_exception=True)
@require_http_methods(["GET", "POST"])
def referral_create(request):
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.receive_referral(
                organisation=request.user.organisation,
                received_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Referral of %(name)s received. It is due for screening by %(date)s.")
                % {
                    "name": referral.full_name,
                    "date": date_format(referral.screening_due_on, "l j F"),
                },
            )
            return redirect(referral)
    return TemplateResponse(
        request,
        "referrals/referral_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("referrals.change_referral", raise_exception=True)
@require_http_methods(["GET", "POST"])
def referral_update(request, referral_uuid):
    """Correct what an open referral says; decided ones are kept as they were."""
    referral = _referral(request, referral_uuid)
    if not referral.is_open:
        messages.error(
            request,
            _("This referral has been decided; its details are kept as they were."),
        )
        return redirect(referral)
    form = ReferralForm(request.POST or None, instance=referral, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Referral details saved."))
        return redirect(referral)
    return TemplateResponse(
        request,
        "referrals/referral_form.html",
        {"form": form, "referral": referral},
        status=400 if form.errors else 200,
    )


def _matches(request, referral):
    """Men on record who may be this referral's man, while it is open: searched
    as intake searches, and by a case reference the worker types (`?reference=`,
    pseudonymous, so it may sit in the URL)."""
    if not referral.is_open or not request.user.has_perm("referrals.change_referral"):
        return []
    reference = request.GET.get("reference", "")[:20]
    return list(referral.possible_cases(request.user, reference=reference)[:20])


def _decision_forms(referral, user, bound=None, matches=()):
    forms = {
        "screening_form": ScreeningForm(prefix="screening"),
        "accept_form": AcceptForm(referral=referral, user=user, matches=matches),
        "decline_form": DecisionForm(
            referral=referral, to_status=Referral.Status.DECLINED
        ),
        "withdraw_form": DecisionForm(
            referral=referral, to_status=Referral.Status.WITHDRAWN
        ),
    }
    if bound:
        forms.update(bound)
    return forms


def _render_detail(request, referral, status=200, **bound_forms):
    decisions = referral.decisions.select_related("decided_by")
    matches = _matches(request, referral)
    context = {
        "referral": referral,
        "decisions": decisions,
        "today": timezone.localdate(),
        "matches": matches,
        "reference_searched": request.GET.get("reference", "")[:20],
        **_decision_forms(referral, request.user, bound_forms, matches),
    }
    return TemplateResponse(
        request, "referrals/referral_detail.html", context, status=status
    )


@permission_required("referrals.view_referral", raise_exception=True)
@require_GET
def referral_detail(request, referral_uuid):
    return _render_detail(request, _referral(request, referral_uuid))


def _refused(request, referral, error, **bound_forms):
    """A decision the referral's state does not allow: 409, nothing changed."""
    text = error.messages[0] if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)
    referral.refresh_from_db()
    return _render_detail(request, referral, status=409, **bound_forms)


@permission_required("referrals.change_referral", raise_exception=True)
@require_POST
def referral_screen(request, referral_uuid):
    referral = _referral(request, referral_uuid)
    form = ScreeningForm(request.POST, prefix="screening")
    if not form.is_valid():
        return _render_detail(request, referral, 400, screening_form=form)
    try:
        services.start_screening(
            referral=referral, actor=request.user, note=form.cleaned_data["note"]
        )
    except (ValidationError, services.ReferralAlreadyDecided) as error:
        return _refused(request, referral, error)
    messages.success(request, _("Screening started."))
    return redirect(referral)


def _decide(request, referral_uuid, *, to_status, service, done):
    referral = _referral(request, referral_uuid)
    form_name = {
        Referral.Status.ACCEPTED: "accept_form",
        Referral.Status.DECLINED: "decline_form",
        Referral.Status.WITHDRAWN: "withdraw_form",
    }[to_status]
    if to_status == Referral.Status.ACCEPTED:
        form = AcceptForm(
            request.POST,
            referral=referral,
            user=request.user,
            matches=_matches(request, referral),
        )
    else:
        form = DecisionForm(request.POST, referral=referral, to_status=to_status)
    if not form.is_valid():
        messages.error(request, _("The decision was not saved: see the form below."))
        return _render_detail(request, referral, 400, **{form_name: form})
    extra = {}
    if to_status == Referral.Status.ACCEPTED:
        extra["caseworker"] = form.cleaned_data["caseworker"]
        extra["existing"] = form.cleaned_data.get("existing")
        extra["checked_matches"] = form.cleaned_data.get("not_a_duplicate", False)
    try:
        referral = service(
            referral=referral,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            on=form.cleaned_data["decided_on"],
            **extra,
        )
    except (ValidationError, services.ReferralAlreadyDecided) as error:
        return _refused(request, referral, error)
    messages.success(request, done(referral))
    return redirect(referral)


def _accepted_message(referral):
    man = referral.participant
    if man.referrals.count() > 1:
        return _(
            "Referral accepted as a re-referral: it is attached to %(name)s's "
            "open case %(reference)s."
        ) % {"name": man.full_name, "reference": man.reference}
    return _(
        "Referral accepted: %(name)s's case is open as %(reference)s, with what "
        "the referral told us filled in."
    ) % {"name": man.full_name, "reference": man.reference}


@permission_required("referrals.change_referral", raise_exception=True)
@require_POST
def referral_accept(request, referral_uuid):
    return _decide(
        request,
        referral_uuid,
        to_status=Referral.Status.ACCEPTED,
        service=services.accept_referral,
        done=_accepted_message,
    )


@permission_required("referrals.change_referral", raise_exception=True)
@require_POST
def referral_decline(request, referral_uuid):
    return _decide(
        request,
        referral_uuid,
        to_status=Referral.Status.DECLINED,
        service=services.decline_referral,
        done=lambda r: "Referral declined. Let the referrer know the reason.",
    )


@permission_required("referrals.change_referral", raise_exception=True)
@require_POST
def referral_withdraw(request, referral_uuid):
    return _decide(
        request,
        referral_uuid,
        to_status=Referral.Status.WITHDRAWN,
        service=services.withdraw_referral,
        done=lambda r: "Referral withdrawn.",
    )
