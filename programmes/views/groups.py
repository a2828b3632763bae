"""Groups: the list, a group's page, editing, and generating its sessions."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from programmes import services
from programmes.attendance import figures_for
from programmes.filters import GroupFilter
from programmes.forms import GenerateSessionsForm, GroupForm
from programmes.models import Group
from programmes.views.common import error_text, posted_data

PAGE_SIZE = 25


@permission_required("programmes.view_group", raise_exception=True)
@require_http_methods(["GET"])
def group_list(request):
    base = (
        Group.objects.visible_to(request.user)
        .select_related("programme")
        .prefetch_related("facilitators")
        .annotate(
            places=Count("enrolments", filter=Q(enrolments__end_date__isnull=True))
        )
        .order_by("name")
    )
    filterset = GroupFilter(request.GET or None, queryset=base, user=request.user)
    queryset = filterset.qs if filterset.is_bound else base
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "programmes/group_list.html",
        {"filter": filterset, "page_obj": page, "query_string": query.urlencode()},
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


@permission_required("programmes.add_group", raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_create(request):
    form = GroupForm(posted_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.organisation = request.user.organisation
        group.save()
        form.save_m2m()
        messages.success(request, _("Group %(name)s created.") % {"name": group.name})
        return redirect(group)
    return TemplateResponse(
        request,
        "programmes/group_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.change_group", raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_update(request, group_uuid):
    group = Group.objects.visible_or_404(request.user, group_uuid)
    form = GroupForm(posted_data(request), instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Group saved."))
        return redirect(group)
    return TemplateResponse(
        request,
        "programmes/group_form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.view_group", raise_exception=True)
@require_http_methods(["GET"])
def group_detail(request, group_uuid):
    return _group_page(request, _group_for_page(request.user, group_uuid))


def _group_for_page(user, group_uuid) -> Group:
    return (
        Group.objects.select_related("programme")
        .prefetch_related("facilitators")
        .visible_or_404(user, group_uuid)
    )


def _group_page(request, group, generate_form=None):
    places = list(
        group.enrolments.current()
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )
    figures = figures_for([p.participant_id for p in places])
    today = timezone.localdate()
    sessions = list(
        group.sessions.select_related("module").order_by("date", "start_time")
    )
    return TemplateResponse(
        request,
        "programmes/group_detail.html",
        {
            "group": group,
            "members": [(p, figures[p.participant_id]) for p in places],
            "past_sessions": [s for s in sessions if s.date < today][::-1][:12],
            "upcoming_sessions": [s for s in sessions if s.date >= today][:12],
            "generate_form": generate_form
            or GenerateSessionsForm(
                initial={
                    "start": max(group.start_date, today),
                    "end": group.end_date or today + timedelta(weeks=12),
                }
            ),
            "today": today,
        },
        status=400 if generate_form is not None else 200,
    )


@permission_required("programmes.add_session", raise_exception=True)
@require_POST
def group_generate_sessions(request, group_uuid):
    """Fill the group's calendar with weekly sessions between two dates."""
    group = _group_for_page(request.user, group_uuid)
    form = GenerateSessionsForm(request.POST)
    if form.is_valid():
        try:
            created = services.generate_sessions(
                group=group,
                actor=request.user,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d session added to the calendar.",
                    "%(count)d sessions added to the calendar.",
                    len(created),
                )
                % {"count": len(created)}
                if created
                else _(
                    "No sessions added to the calendar: every week had one already."
                ),
            )
            return redirect(group)
    messages.error(request, _("The sessions could not be generated; see below."))
    return _group_page(request, group, generate_form=form)
