"""Consents: recording hers, and withdrawing one."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from partner_contact import services
from partner_contact.forms import ConsentForm, WithdrawConsentForm
from partner_contact.models import Consent
from partner_contact.views.common import firewalled, partner_or_404


@firewalled
@permission_required("partner_contact.add_consent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consent_create(request, partner_uuid):
    partner = partner_or_404(request, partner_uuid)
    today = timezone.localdate()
    form = ConsentForm(request.POST or None, today=today, initial={"given_on": today})
    if request.method == "POST" and form.is_valid():
        services.record_consent(
            partner=partner, actor=request.user, **form.cleaned_data
        )
        messages.success(request, gettext("Consent recorded."))
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/consent_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.change_consent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, consent_uuid):
    consent = Consent.objects.select_related("partner").visible_or_404(
        request.user, consent_uuid
    )
    today = timezone.localdate()
    form = WithdrawConsentForm(
        request.POST or None,
        consent=consent,
        today=today,
        initial={"withdrawn_on": today},
    )
    if consent.withdrawn_on is not None:
        messages.info(request, gettext("This consent was already withdrawn."))
        return redirect(consent.partner)
    if request.method == "POST" and form.is_valid():
        services.withdraw_consent(
            consent=consent, on=form.cleaned_data["withdrawn_on"], actor=request.user
        )
        messages.success(request, gettext("Consent withdrawn."))
        return redirect(consent.partner)
    return TemplateResponse(
        request,
        "partner_contact/consent_withdraw.html",
        {"form": form, "consent": consent, "partner": consent.partner},
        status=400 if form.errors else 200,
    )
