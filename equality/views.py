"""Equality monitoring pages: his answers, her answers (behind the firewall),
and the manager's lists of options."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import CASE_ROLES
from accounts.services import log_access
from equality import services
from equality.forms import MonitoringForm, OptionForm
from equality.models import Characteristic, EqualityAnswer, MonitoringOption
from participants.models import Participant
from partner_contact.views.common import firewalled, partner_or_404


def _posted(request):
    """The posted data, or None on a GET: an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def _options(organisation) -> list[MonitoringOption]:
    services.ensure_default_options(organisation)
    return list(
        MonitoringOption.objects.filter(organisation=organisation).order_by(
            "characteristic", "position", "pk"
        )
    )


def _monitoring_page(request, *, person: dict, heading: str, back_url: str):
    """The form for one person (his or hers): save and go back, or 400."""
    answers = list(
        EqualityAnswer.objects.visible_to(request.user)
        .filter(**person)
        .select_related("option")
    )
    form = MonitoringForm(
        _posted(request),
        options=_options(request.user.organisation),
        answers=answers,
    )
    if request.method == "POST" and form.is_valid():
        services.record_answers(answers=form.answers(), by=request.user, **person)
        messages.success(request, _("Equality monitoring saved."))
        return redirect(back_url)
    return TemplateResponse(
        request,
        "equality/monitoring_form.html",
        {"form": form, "heading": heading, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@permission_required("equality.change_equalityanswer", raise_exception=True)
@require_http_methods(["GET", "POST"])
def participant_monitoring(request, participant_uuid):
    """His equality monitoring: every answer optional, for his case's roles."""
    if request.user.role not in CASE_ROLES:
        raise Http404
    participant = Participant.objects.case_file_or_404(request.user, participant_uuid)
    return _monitoring_page(
        request,
        person={"participant": participant},
        heading=_("Equality monitoring: %(name)s") % {"name": participant.full_name},
        back_url=participant.get_absolute_url(),
    )


@firewalled
@permission_required("equality.change_equalityanswer", raise_exception=True)
@require_http_methods(["GET", "POST"])
def partner_monitoring(request, partner_uuid):
    """Her equality monitoring, behind the firewall; every read is logged."""
    partner = partner_or_404(request, partner_uuid)
    if request.method == "GET":
        log_access(user=request.user, obj=partner, detail="equality monitoring")
    return _monitoring_page(
        request,
        person={"partner": partner},
        heading=_("Equality monitoring: %(name)s") % {"name": partner.name},
        back_url=partner.get_absolute_url(),
    )


@permission_required("equality.manage_monitoring_options", raise_exception=True)
@require_http_methods(["GET"])
def option_list(request):
    """Every question's options, in order, with the forms to change them."""
    options = _options(request.user.organisation)
    questions = [
        {
            "value": value,
            "label": label,
            "options": [o for o in options if o.characteristic == value],
        }
        for value, label in Characteristic.choices
    ]
    return TemplateResponse(
        request, "equality/option_list.html", {"questions": questions}
    )


@permission_required("equality.manage_monitoring_options", raise_exception=True)
@require_http_methods(["GET", "POST"])
def option_create(request, characteristic):
    if characteristic not in Characteristic.values:
        raise Http404
    organisation = request.user.organisation
    form = OptionForm(
        _posted(request), organisation=organisation, characteristic=characteristic
    )
    if request.method == "POST" and form.is_valid():
        option = services.add_option(
            organisation=organisation,
            characteristic=characteristic,
            label=form.cleaned_data["label"],
        )
        messages.success(request, _("“%(label)s” added.") % {"label": option.label})
        return redirect("equality:option_list")
    return TemplateResponse(
        request,
        "equality/option_form.html",
        {"form": form, "question": Characteristic(characteristic).label},
        status=400 if form.errors else 200,
    )


@permission_required("equality.manage_monitoring_options", raise_exception=True)
@require_http_methods(["GET", "POST"])
def option_update(request, option_uuid):
    """Rename an option: answers that gave it show the new label."""
    option = MonitoringOption.objects.visible_or_404(request.user, option_uuid)
    form = OptionForm(
        _posted(request),
        instance=option,
        organisation=option.organisation,
        characteristic=option.characteristic,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(label)s” saved.") % {"label": option.label})
        return redirect("equality:option_list")
    return TemplateResponse(
        request,
        "equality/option_form.html",
        {
            "form": form,
            "option": option,
            "question": option.get_characteristic_display(),
        },
        status=400 if form.errors else 200,
    )


@permission_required("equality.manage_monitoring_options", raise_exception=True)
@require_POST
def option_move(request, option_uuid):
    option = MonitoringOption.objects.visible_or_404(request.user, option_uuid)
    services.move_option(option=option, up=request.POST.get("direction") == "up")
    return redirect("equality:option_list")


@permission_required("equality.manage_monitoring_options", raise_exception=True)
@require_POST
def option_retire(request, option_uuid):
    """Retire an option (or bring it back): it stays on the answers that gave it."""
    option = MonitoringOption.objects.visible_or_404(request.user, option_uuid)
    retired = request.POST.get("retired") != "0"
    services.set_option_retired(option=option, retired=retired)
    if retired:
        messages.success(
            request,
            _("“%(label)s” is no longer offered; answers that gave it keep it.")
            % {"label": option.label},
        )
    else:
        messages.success(
            request, _("“%(label)s” is offered again.") % {"label": option.label}
        )
    return redirect("equality:option_list")
