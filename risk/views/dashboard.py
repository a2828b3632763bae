from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.roles import FIREWALL_ROLES
from localisation.models import Terms  # country
from risk import services
from risk.dashboard import DashboardFilter, dashboard_context, scoped_men
from risk.forms import RiskSettingsForm
from risk.models import RiskInstrument, RiskSettings


@permission_required("risk.view_risk_dashboard", raise_exception=True)
@require_GET
def dashboard(request):
    """Risk across the user's scope: the organisation, a caseload or her women."""
    filters = DashboardFilter(
        request.GET or None, queryset=scoped_men(request.user), request=request
    )
    valid = not filters.is_bound or filters.is_valid()
    men = filters.qs if valid else scoped_men(request.user).none()
    narrowed = filters.is_bound and (
        not valid or any(filters.form.cleaned_data.values())
    )
    context = dashboard_context(
        request.user,
        men,
        whole_organisation=request.user.role == User.Role.MANAGER and not narrowed,
        # An enquiry belongs to no programme, group or caseworker: a narrowed
        # dashboard leaves its alerts out.
        enquiries=request.user.role in FIREWALL_ROLES and not narrowed,
    )
    context["filter"] = filters
    return TemplateResponse(
        request,
        "risk/dashboard.html",
        context,
        status=200 if valid else 400,
    )


@permission_required("risk.change_riskinstrument", raise_exception=True)
@require_http_methods(["GET", "POST"])
def settings_update(request):
    """A manager's risk thresholds, review intervals and monitoring rules."""
    organisation = request.user.organisation
    instrument = (  # country: the organisation's own version, or the shipped one
        RiskInstrument.objects.offered_to(organisation.pk).order_by("name").first()
    )
    current = RiskSettings.for_organisation(organisation.pk)
    bands = instrument.thresholds_for(organisation)
    initial = {
        "medium_from": bands.medium_from,
        "high_from": bands.high_from,
        **{
            name: getattr(current, name)
            for name in RiskSettingsForm.base_fields
            if hasattr(current, name)
        },
    }
    form = RiskSettingsForm(request.POST or None, initial=initial)
    conference = Terms.of(organisation.pk).conference_name  # country: its own name
    form.fields["marac_threshold"].label = gettext(  # country
        "%(conference)s referral from (yes answers)"
    ) % {"conference": conference}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_risk_settings(
                organisation=organisation,
                instrument=instrument,
                medium_from=data.pop("medium_from"),
                high_from=data.pop("high_from"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext(
                    "Risk settings saved. New assessments use them; earlier ones keep "
                    "the bands they were scored with."
                ),
            )
            return redirect("risk:settings")
    return TemplateResponse(
        request,
        "risk/settings_form.html",
        {"form": form, "instrument": instrument},
        status=400 if form.errors else 200,
    )
