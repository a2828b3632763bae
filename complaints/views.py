"""Complaints and compliments: the list, one record, recording and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.calendar import local_today
from accounts.services import log_access
from complaints.forms import ComplaintFilter, ComplaintForm
from complaints.models import Complaint
from complaints.services import save_complaint


def _posted(request):
    """The posted data, or None on a GET: an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


PAGE_SIZE = 25


@permission_required("complaints.view_complaint", raise_exception=True)
@require_GET
def complaint_list(request):
    """The organisation's complaints and compliments the user may see, newest
    first, filtered by kind, source, status, outcome and dates received."""
    today = local_today(request.user.organisation)
    complaints = Complaint.objects.visible_to(request.user).select_related(
        "handled_by", "agency"
    )
    form = ComplaintFilter(request.GET or None)
    if form.is_bound and form.is_valid():
        complaints = form.filter(complaints, today)
    elif form.is_bound:
        complaints = complaints.none()
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "complaints/complaint_list.html",
        {
            "form": form,
            "page_obj": page,
            "today": today,
            "query_string": query.urlencode(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_required("complaints.add_complaint", raise_exception=True)
@require_http_methods(["GET", "POST"])
def complaint_create(request):
    complaint = Complaint(organisation=request.user.organisation)
    form = ComplaintForm(_posted(request), instance=complaint, user=request.user)
    if request.method == "POST" and form.is_valid():
        complaint = save_complaint(complaint=form.save(commit=False), by=request.user)
        if (
            complaint.is_behind_firewall
            and not Complaint.objects.visible_to(request.user)
            .filter(pk=complaint.pk)
            .exists()
        ):
            messages.success(
                request,
                _(
                    "Recorded. It concerns the partner-support service or came "
                    "from a partner, so only partner-support workers and managers "
                    "will see it."
                ),
            )
            return redirect("complaints:complaint_list")
        messages.success(request, _("Recorded."))
        return redirect(complaint)
    return TemplateResponse(
        request,
        "complaints/complaint_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("complaints.view_complaint", raise_exception=True)
@require_GET
def complaint_detail(request, complaint_uuid):
    complaint = Complaint.objects.select_related(
        "handled_by", "agency", "participant", "recorded_by"
    ).visible_or_404(request.user, complaint_uuid)
    if complaint.is_behind_firewall:
        # Read like her records: every view behind the firewall is logged.
        log_access(user=request.user, obj=complaint, detail="complaint")
    return TemplateResponse(
        request,
        "complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "today": local_today(request.user.organisation),
        },
    )


@permission_required("complaints.change_complaint", raise_exception=True)
@require_http_methods(["GET", "POST"])
def complaint_update(request, complaint_uuid):
    """Acknowledge, answer, record the outcome and the learning."""
    complaint = Complaint.objects.visible_or_404(request.user, complaint_uuid)
    form = ComplaintForm(_posted(request), instance=complaint, user=request.user)
    if request.method == "POST" and form.is_valid():
        complaint = save_complaint(complaint=form.save(commit=False), by=request.user)
        messages.success(request, _("Saved."))
        if Complaint.objects.visible_to(request.user).filter(pk=complaint.pk).exists():
            return redirect(complaint)
        return redirect("complaints:complaint_list")
    return TemplateResponse(
        request,
        "complaints/complaint_form.html",
        {"form": form, "complaint": complaint},
        status=400 if form.errors else 200,
    )
