"""The organisation's directory of agencies."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from localisation import lists  # AGENCY_KINDS
from referrals.forms import AgencyForm
from referrals.models import AGENCY_KINDS, Agency


@permission_required("referrals.view_agency", raise_exception=True)
@require_GET
def agency_list(request):
    agencies = Agency.objects.visible_to(request.user).order_by("-is_active", "name")
    kind = request.GET.get("kind", "")
    # Every kind of the organisation's list, retired ones too: its agencies may
    # still be of one.
    kinds = lists.labels(request.user.organisation_id, AGENCY_KINDS)
    if kind in kinds:
        agencies = agencies.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "referrals/agency_list.html",
        {
            "page_obj": page,
            "kinds": list(kinds.items()),
            "kind": kind,
            "query_string": f"kind={kind}" if kind else "",
        },
    )


@permission_required("referrals.add_agency", raise_exception=True)
@require_http_methods(["GET", "POST"])
def agency_create(request):
    organisation = request.user.organisation
    form = AgencyForm(
        request.POST or None,
        instance=Agency(organisation=organisation),
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        agency = form.save()
        messages.success(
            request, _("%(name)s added to the directory.") % {"name": agency.name}
        )
        return redirect("referrals:agency_list")
    return TemplateResponse(
        request,
        "referrals/agency_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("referrals.change_agency", raise_exception=True)
@require_http_methods(["GET", "POST"])
def agency_update(request, agency_uuid):
    agency = Agency.objects.visible_or_404(request.user, agency_uuid)
    form = AgencyForm(
        request.POST or None, instance=agency, organisation=request.user.organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(name)s saved.") % {"name": agency.name})
        return redirect("referrals:agency_list")
    return TemplateResponse(
        request,
        "referrals/agency_form.html",
        {"form": form, "agency": agency},
        status=400 if form.errors else 200,
    )
