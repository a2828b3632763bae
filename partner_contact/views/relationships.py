"""Relationships: linking her to a man's case, and recording a separation."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from partner_contact import services
from partner_contact.forms import LinkForm, SeparationForm
from partner_contact.models import Relationship
from partner_contact.views.common import firewalled, partner_or_404


@firewalled
@permission_required("partner_contact.add_relationship", raise_exception=True)
@require_http_methods(["GET", "POST"])
def relationship_create(request, partner_uuid):
    """Link her to another man's case."""
    partner = partner_or_404(request, partner_uuid)
    form = LinkForm(
        request.POST or None, organisation=request.user.organisation, partner=partner
    )
    if request.method == "POST" and form.is_valid():
        services.link_partner(
            partner=partner,
            participant=form.participant,
            kind=form.cleaned_data["kind"],
            living_together=form.cleaned_data["living_together"],
            children_in_common=form.cleaned_data["children_in_common"] or 0,
            actor=request.user,
        )
        messages.success(
            request,
            gettext("Linked to case %(reference)s.")
            % {"reference": form.participant.reference},
        )
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/relationship_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.change_relationship", raise_exception=True)
@require_http_methods(["GET", "POST"])
def separation_create(request, relationship_uuid):
    """Record a separation, or its announcement, from her page."""
    relationship = Relationship.objects.select_related(
        "partner", "participant"
    ).visible_or_404(request.user, relationship_uuid)
    today = timezone.localdate()
    form = SeparationForm(
        request.POST or None, today=today, initial={"occurred_on": today}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_separation(
                relationship=relationship,
                occurred_on=form.cleaned_data["occurred_on"],
                announced=form.cleaned_data["announced"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext(
                    "Separation recorded. The programme's risk monitoring is told "
                    "(without her details)."
                ),
            )
            return redirect(relationship.partner)
    return TemplateResponse(
        request,
        "partner_contact/separation_form.html",
        {"form": form, "relationship": relationship, "partner": relationship.partner},
        status=400 if form.errors else 200,
    )
