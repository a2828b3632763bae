"""Safety plans: a new version of hers, every version, and one version."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.services import log_access
from partner_contact import her_case
from partner_contact.contact_forms import SafetyPlanForm
from partner_contact.models import SAFETY_PLAN_SECTIONS, SafetyPlan
from partner_contact.views.common import firewalled, partner_or_404


@firewalled
@permission_required("partner_contact.add_safetyplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def safety_plan_create(request, partner_uuid):
    """A new version of her safety plan, starting from the current one."""
    partner = partner_or_404(request, partner_uuid)
    current = partner.safety_plans.order_by("-version").first()
    today = timezone.localdate()
    initial = (
        {name: getattr(current, name) for name in SAFETY_PLAN_SECTIONS}
        if current
        else {}
    )
    form = SafetyPlanForm(request.POST or None, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = her_case.save_safety_plan(
            partner=partner, actor=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("Safety plan version %(version)s saved.") % {"version": plan.version},
        )
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/safety_plan_form.html",
        {"form": form, "partner": partner, "current": current},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.view_safetyplan", raise_exception=True)
@require_GET
def safety_plan_list(request, partner_uuid):
    """Every version of her safety plan, newest first."""
    partner = partner_or_404(request, partner_uuid)
    log_access(user=request.user, obj=partner, detail="safety plans")
    plans = SafetyPlan.objects.visible_to(request.user).filter(partner=partner)
    return TemplateResponse(
        request,
        "partner_contact/safety_plan_list.html",
        {"partner": partner, "plans": plans.select_related("created_by")},
    )


@firewalled
@permission_required("partner_contact.view_safetyplan", raise_exception=True)
@require_GET
def safety_plan_detail(request, plan_uuid):
    """One version of her safety plan, section by section (logged)."""
    plan = get_object_or_404(
        SafetyPlan.objects.visible_to(request.user).select_related(
            "partner", "created_by"
        ),
        uuid=plan_uuid,
    )
    log_access(
        user=request.user,
        obj=plan.partner,
        detail=f"safety plan version {plan.version}",
    )
    return TemplateResponse(
        request,
        "partner_contact/safety_plan_detail.html",
        {"plan": plan, "partner": plan.partner},
    )
