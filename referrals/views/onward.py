"""Referrals out: of a woman from partner support (behind the firewall), their
list and their outcomes.

A man's onward referral is made from his case file, on the top floor
(casefile.views.onward_create), because its MARAC form is pre-filled by the risk
app above this one; it shares the form and the save below.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.printing import pdf_download, print_view
from accounts.services import log_access
from partner_contact.models import Partner
from referrals import onward_services
from referrals.models import OnwardReferral
from referrals.onward_forms import OnwardReferralForm, OutcomeForm


def render_onward_form(
    request, form, *, participant=None, partner=None, prefilled=None
):
    """The onward-referral form, about a man or a woman; shared with the man's
    page on the top floor (casefile.views.onward_create)."""
    return TemplateResponse(
        request,
        "referrals/onwardreferral_form.html",
        {
            "form": form,
            "participant": participant,
            "partner": partner,
            "prefilled": prefilled,
            "marac_kind": OnwardReferral.Kind.MARAC,
        },
        status=400 if form.errors else 200,
    )


def save_onward_referral(request, form, *, participant=None, partner=None):
    """Make the referral from a valid form; None (with the error on the form) if
    the service refuses it."""
    data = dict(form.cleaned_data)
    try:
        onward = onward_services.make_onward_referral(
            actor=request.user, participant=participant, partner=partner, **data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(
        request,
        _(
            "%(kind)s referral to %(agency)s recorded, and added to the "
            "information-sharing log."
        )
        % {"kind": onward.get_kind_display(), "agency": onward.agency},
    )
    return onward


@permission_required("referrals.add_onwardreferral", raise_exception=True)
@require_http_methods(["GET", "POST"])
def partner_onward_create(request, partner_uuid):
    """Refer a woman to a women's support service (partner support only)."""
    partner = Partner.objects.visible_or_404(request.user, partner_uuid)
    form = OnwardReferralForm(
        request.POST or None,
        initial={"kind": OnwardReferral.Kind.WOMENS_SERVICE},
        user=request.user,
        about_a_woman=True,
    )
    if request.method == "POST" and form.is_valid():
        onward = save_onward_referral(request, form, partner=partner)
        if onward is not None:
            return redirect(onward)
    return render_onward_form(request, form, partner=partner)


@permission_required("referrals.view_onwardreferral", raise_exception=True)
@require_GET
def onward_list(request):
    onward = OnwardReferral.objects.visible_to(request.user).select_related(
        "participant", "partner", "agency", "made_by"
    )
    kind = request.GET.get("kind", "")
    if kind in OnwardReferral.Kind.values:
        onward = onward.filter(kind=kind)
    awaiting = request.GET.get("awaiting") == "1"
    if awaiting:
        onward = onward.awaiting_outcome()
    page = Paginator(onward, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "referrals/onwardreferral_list.html",
        {
            "page_obj": page,
            "kinds": OnwardReferral.Kind.choices,
            "kind": kind,
            "awaiting": awaiting,
            "query_string": query.urlencode(),
        },
    )


def _onward(request, onward_uuid):
    return OnwardReferral.objects.select_related(
        "participant", "partner", "agency", "made_by", "information_share"
    ).visible_or_404(request.user, onward_uuid)


def _render_detail(request, onward, form=None, status=200):
    if onward.is_about_a_woman:
        # A record about a woman: every read is logged (DESIGN.md section 3).
        log_access(user=request.user, obj=onward, detail="onward referral of a woman")
    return TemplateResponse(
        request,
        "referrals/onwardreferral_detail.html",
        {
            "onward": onward,
            "outcome_form": form or OutcomeForm(onward_referral=onward),
        },
        status=status,
    )


@permission_required("referrals.view_onwardreferral", raise_exception=True)
@require_GET
def onward_detail(request, onward_uuid):
    return _render_detail(request, _onward(request, onward_uuid))


@permission_required("referrals.view_onwardreferral", raise_exception=True)
@require_GET
def onward_print(request, onward_uuid):
    """An onward referral (a MARAC referral among them) to print, without forms."""
    onward = _onward(request, onward_uuid)
    return print_view(
        request,
        "referrals/onwardreferral_print.html",
        {"onward": onward},
        record=onward,
        what="onward referral",
    )


@permission_required("referrals.view_onwardreferral", raise_exception=True)
@require_GET
def onward_pdf(request, onward_uuid):
    onward = _onward(request, onward_uuid)
    return pdf_download(
        request,
        "referrals/onwardreferral_print.html",
        {"onward": onward},
        record=onward,
        what="onward referral",
        # Named by kind and date only: no name of him or of her.
        filename=f"{onward.kind}-referral-{onward.made_on:%Y-%m-%d}.pdf",
    )


@permission_required("referrals.change_onwardreferral", raise_exception=True)
@require_POST
def onward_outcome(request, onward_uuid):
    onward = _onward(request, onward_uuid)
    form = OutcomeForm(request.POST, onward_referral=onward)
    if form.is_valid():
        try:
            onward_services.record_outcome(
                onward_referral=onward,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                on=form.cleaned_data["outcome_on"],
                note=form.cleaned_data["outcome_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect(onward)
    return _render_detail(request, onward, form, status=400)
