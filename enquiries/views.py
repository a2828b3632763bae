"""The enquiries queue: partner-support workers and managers only (the firewall).

Every view is wrapped in partner_contact's `firewalled`, so facilitators,
caseworkers and organisation administrators get a 404 on every URL here,
whatever their permissions. Reading one enquiry is written to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.calendar import local_today
from accounts.services import log_access
from enquiries import services
from enquiries.forms import (
    WORKER_FIELDS,
    FirstContactForm,
    LinkEnquiryForm,
    NewEnquiryForm,
    UpdateEnquiryForm,
)
from enquiries.models import Enquiry
from partner_contact.models import Partner
from partner_contact.views.common import firewalled

PAGE_SIZE = 50
# The queue's views: open (the default), awaiting first contact, closed, all.
SHOWS = ("open", "awaiting", "closed", "all")
# Women of the same name offered as "already on record" when linking.
SAME_NAME_LIMIT = 10


def enquiry_or_404(request, enquiry_uuid) -> Enquiry:
    return Enquiry.objects.select_related(
        "assigned_to", "recorded_by", "partner", "organisation"
    ).visible_or_404(request.user, enquiry_uuid)


def queue(user, show: str, mine: bool):
    """The enquiries a queue view lists: the most urgent first (the earliest
    first-contact deadline of those still waiting), then the newest."""
    enquiries = Enquiry.objects.visible_to(user).without_secrets()
    if show == "open":
        enquiries = enquiries.open()
    elif show == "awaiting":
        enquiries = enquiries.awaiting_first_contact()
    elif show == "closed":
        enquiries = enquiries.filter(closed_at__isnull=False)
    if mine:
        enquiries = enquiries.filter(assigned_to=user)
    return enquiries.select_related("assigned_to").order_by(
        "closed_at", "first_contact_at", "first_contact_due", "-received_at", "pk"
    )


@firewalled
@permission_required("enquiries.view_enquiry", raise_exception=True)
@require_GET
def enquiry_list(request):
    """The enquiries queue, 50 a page (`show`, `mine=1`); a bad `show` is a 400."""
    show = request.GET.get("show", "open")
    status = 200
    if show not in SHOWS:
        show, status = "open", 400
    mine = request.GET.get("mine") == "1"
    page = Paginator(queue(request.user, show, mine), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "enquiries/enquiry_list.html",
        {
            "page_obj": page,
            "show": show,
            "shows": SHOWS,
            "mine": mine,
            "today": local_today(request.user.organisation),
            "query_string": query.urlencode(),
            "bad_filter": status == 400,
        },
        status=status,
    )


@firewalled
@permission_required("enquiries.add_enquiry", raise_exception=True)
@require_http_methods(["GET", "POST"])
def enquiry_create(request):
    """Record an enquiry taken by phone, e-mail, in person or from an agency."""
    organisation = request.user.organisation
    form = NewEnquiryForm(
        request.POST or None,
        organisation=organisation,
        initial={
            "received_at": timezone.now().replace(second=0, microsecond=0),
            "assigned_to": request.user if request.user.is_partner_support else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enquiry = services.record_enquiry(
                organisation=organisation,
                actor=request.user,
                received_at=data["received_at"],
                contacted=data["contacted"],
                **{name: data[name] for name in WORKER_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Enquiry recorded."))
            return redirect(enquiry)
    return TemplateResponse(
        request,
        "enquiries/enquiry_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("enquiries.view_enquiry", raise_exception=True)
@require_GET
def enquiry_detail(request, enquiry_uuid):
    """One enquiry with everything she said (logged)."""
    enquiry = enquiry_or_404(request, enquiry_uuid)
    log_access(user=request.user, obj=enquiry)
    return TemplateResponse(
        request,
        "enquiries/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "first_contact_form": FirstContactForm(
                initial={"at": timezone.now().replace(second=0, microsecond=0)}
            ),
            "today": local_today(enquiry.organisation),
        },
    )


@firewalled
@permission_required("enquiries.change_enquiry", raise_exception=True)
@require_http_methods(["GET", "POST"])
def enquiry_update(request, enquiry_uuid):
    """Change what was offered, the outcome, the follow-up; close the enquiry."""
    enquiry = enquiry_or_404(request, enquiry_uuid)
    if request.method == "GET":
        log_access(user=request.user, obj=enquiry, detail="edit form")
    form = UpdateEnquiryForm(
        request.POST or None, instance=enquiry, organisation=enquiry.organisation
    )
    if request.method == "POST" and form.is_valid():
        enquiry.refresh_from_db()
        try:
            services.update_enquiry(
                enquiry=enquiry,
                actor=request.user,
                close=form.cleaned_data["close"],
                **{name: form.cleaned_data[name] for name in WORKER_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Enquiry saved."))
            return redirect(enquiry)
    return TemplateResponse(
        request,
        "enquiries/enquiry_form.html",
        {"form": form, "enquiry": enquiry},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("enquiries.change_enquiry", raise_exception=True)
@require_POST
def enquiry_first_contact(request, enquiry_uuid):
    """Record the first attempt to contact her: the deadline is met."""
    enquiry = enquiry_or_404(request, enquiry_uuid)
    form = FirstContactForm(request.POST)
    if form.is_valid():
        try:
            services.record_first_contact(
                enquiry=enquiry, actor=request.user, at=form.cleaned_data["at"]
            )
        except ValidationError as error:
            form.add_error("at", error)
        else:
            messages.success(request, _("First contact attempt recorded."))
            return redirect(enquiry)
    return TemplateResponse(
        request,
        "enquiries/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "first_contact_form": form,
            "today": local_today(enquiry.organisation),
        },
        status=400,
    )


@firewalled
@permission_required("enquiries.change_enquiry", raise_exception=True)
@require_POST
def enquiry_reopen(request, enquiry_uuid):
    """Open a closed enquiry again (409 if it is open)."""
    enquiry = enquiry_or_404(request, enquiry_uuid)
    try:
        services.reopen_enquiry(enquiry=enquiry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return TemplateResponse(
            request,
            "enquiries/enquiry_detail.html",
            {
                "enquiry": enquiry,
                "first_contact_form": FirstContactForm(),
                "today": local_today(enquiry.organisation),
            },
            status=409,
        )
    messages.success(request, _("Enquiry reopened."))
    return redirect(enquiry)


@firewalled
@permission_required("enquiries.change_enquiry", raise_exception=True)
@require_http_methods(["GET", "POST"])
def enquiry_link(request, enquiry_uuid):
    """Link her to a man's case (and to her record: an existing one of the same
    name, or a new one made from the enquiry), without typing her details."""
    enquiry = enquiry_or_404(request, enquiry_uuid)
    candidates = []
    if enquiry.partner_id is None:
        candidates = list(
            Partner.objects.visible_to(request.user)
            .without_secrets()
            .search(enquiry.name)
            .only("uuid", "name", "area")[:SAME_NAME_LIMIT]
        )
    form = LinkEnquiryForm(request.POST or None, enquiry=enquiry, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.link_enquiry(
                enquiry=enquiry,
                actor=request.user,
                participant=form.participant,
                kind=form.cleaned_data["kind"],
                partner=form.partner,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Linked. This is her record."))
            return redirect(partner)
    return TemplateResponse(
        request,
        "enquiries/enquiry_link.html",
        {"form": form, "enquiry": enquiry},
        status=400 if form.errors else 200,
    )
