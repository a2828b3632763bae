"""Applying a country preset (the form is on localisation's terms page)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localisation.forms import PresetForm, TermsForm
from localisation.models import Terms
from risk import country


@permission_required("localisation.change_terms", raise_exception=True)
@require_POST
def country_preset(request):
    """Apply a country's terms and conference criteria to the organisation."""
    form = PresetForm(request.POST)
    organisation = request.user.organisation
    if not form.is_valid():
        terms = Terms.of(organisation.pk)
        return TemplateResponse(
            request,
            "localisation/terms_form.html",
            {"form": TermsForm(instance=terms), "preset_form": form, "terms": terms},
            status=400,
        )
    terms = country.apply_country_preset(
        organisation=organisation, country=form.cleaned_data["country"]
    )
    messages.success(
        request,
        _(
            "The preset was applied: the terms, time zone, language, emergency "
            "numbers, public holidays and %(conference)s criteria of the country."
        )
        % {"conference": terms.conference_name},
    )
    return redirect("localisation:terms")
