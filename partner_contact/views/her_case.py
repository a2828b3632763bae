"""Her own case: moving her status, her risk checklist, the children of hers."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.services import log_access
from partner_contact import her_case
from partner_contact.case_forms import ChecklistForm, ChildLinkForm, PartnerMoveForm
from partner_contact.models import ChildLink, PartnerChecklist
from partner_contact.views.common import firewalled, partner_or_404


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@firewalled
@permission_required("partner_contact.change_partner", raise_exception=True)
@require_http_methods(["GET", "POST"])
def partner_move(request, partner_uuid):
    """Move her case to another status, with a reason from the move's list."""
    partner = partner_or_404(request, partner_uuid)
    today = timezone.localdate()
    form = PartnerMoveForm(request.POST or None, partner=partner, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            change = her_case.move_partner(
                partner=partner, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Her case is now “%(status)s”.")
                % {"status": change.get_to_status_display()},
            )
            return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/partner_move.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.add_partnerchecklist", raise_exception=True)
@require_http_methods(["GET", "POST"])
def checklist_create(request, partner_uuid):
    """Complete her risk checklist with her (the active version)."""
    partner = partner_or_404(request, partner_uuid)
    try:
        version = her_case.active_checklist()
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect(partner)
    form = ChecklistForm(
        request.POST or None, version=version, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checklist = her_case.complete_checklist(
                partner=partner,
                version=version,
                answers=form.answers(),
                completed_on=data["completed_on"],
                actor=request.user,
                judgement_level=data["judgement_level"],
                judgement_reason=data["judgement_reason"],
                notes=data["notes"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Checklist saved: %(count)s “yes”, level %(level)s.")
                % {
                    "count": checklist.yes_count,
                    "level": checklist.get_level_display().lower(),
                },
            )
            return redirect(checklist)
    return TemplateResponse(
        request,
        "partner_contact/checklist_form.html",
        {"form": form, "partner": partner, "version": version},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.view_partnerchecklist", raise_exception=True)
@require_GET
def checklist_detail(request, checklist_uuid):
    """One checklist of hers: every answer, her level and why (logged)."""
    checklist = get_object_or_404(
        PartnerChecklist.objects.visible_to(request.user).select_related(
            "partner", "version", "completed_by"
        ),
        uuid=checklist_uuid,
    )
    log_access(user=request.user, obj=checklist.partner, detail="risk checklist")
    answers = list(checklist.answers.select_related("question"))
    return TemplateResponse(
        request,
        "partner_contact/checklist_detail.html",
        {"checklist": checklist, "partner": checklist.partner, "answers": answers},
    )


@firewalled
@permission_required("partner_contact.change_partner", raise_exception=True)
@require_http_methods(["GET", "POST"])
def child_link_create(request, partner_uuid):
    """Record that a child on a linked man's case is hers."""
    partner = partner_or_404(request, partner_uuid)
    children = her_case.children_she_may_be_linked_to(partner)
    form = ChildLinkForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        try:
            her_case.link_child(
                partner=partner, child=form.cleaned_data["child"], actor=request.user
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The child is linked to her."))
            return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/child_link_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.change_partner", raise_exception=True)
@require_http_methods(["POST"])
def child_link_delete(request, link_uuid):
    """Remove a link to a child made in error."""
    link = get_object_or_404(
        ChildLink.objects.visible_to(request.user).select_related("partner"),
        uuid=link_uuid,
    )
    her_case.unlink_child(link=link, actor=request.user)
    messages.success(request, _("The link to the child is removed."))
    return redirect(link.partner)
