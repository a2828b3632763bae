"""The organisation's time zone and holidays, its country's terms, and its lists."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from accounts.models import PublicHoliday
from localisation import lists, services
from localisation.forms import (
    ListEntryForm,
    PresetForm,
    PublicHolidayForm,
    TermsForm,
    TimeZoneForm,
)
from localisation.models import Terms
from localisation.presets import PRESETS

# Time zone and holidays ------------------------------------------------------


def _time_context(request, *, zone_form=None, holiday_form=None) -> dict:
    organisation = request.user.organisation
    return {
        "zone_form": zone_form
        or TimeZoneForm(initial={"time_zone": organisation.time_zone}),
        "holiday_form": holiday_form or PublicHolidayForm(),
        "holidays": PublicHoliday.objects.filter(organisation=organisation),
        "zones": TimeZoneForm.known_zones(),
    }


@permission_required("localisation.change_terms", raise_exception=True)
@require_http_methods(["GET", "POST"])
def time_settings(request):
    """The organisation's time zone, and its public holidays."""
    form = TimeZoneForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.set_time_zone(
                organisation=request.user.organisation,
                time_zone=form.cleaned_data["time_zone"],
            )
            messages.success(request, _("Time zone saved."))
            return redirect("localisation:time")
        return TemplateResponse(
            request,
            "localisation/time_settings.html",
            _time_context(request, zone_form=form),
            status=400,
        )
    return TemplateResponse(
        request, "localisation/time_settings.html", _time_context(request)
    )


@permission_required("localisation.change_terms", raise_exception=True)
@require_POST
def holiday_add(request):
    form = PublicHolidayForm(request.POST)
    template = "localisation/time_settings.html"
    if not form.is_valid():
        return TemplateResponse(
            request, template, _time_context(request, holiday_form=form), status=400
        )
    try:
        services.add_public_holiday(
            organisation=request.user.organisation,
            on=form.cleaned_data["date"],
            name=form.cleaned_data["name"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return TemplateResponse(
            request, template, _time_context(request, holiday_form=form), status=400
        )
    messages.success(request, _("Public holiday added."))
    return redirect("localisation:time")


@permission_required("localisation.change_terms", raise_exception=True)
@require_POST
def holiday_remove(request):
    """Count a day as a working day again (the date comes in the form)."""
    try:
        on = date.fromisoformat(request.POST.get("date", ""))
    except ValueError as error:
        raise Http404 from error
    holiday = get_object_or_404(
        PublicHoliday, organisation=request.user.organisation, date=on
    )
    services.remove_public_holiday(holiday=holiday)
    messages.success(request, _("Public holiday removed."))
    return redirect("localisation:time")


# Terms of the country ---------------------------------------------------------


@permission_required("localisation.change_terms", raise_exception=True)
@require_http_methods(["GET", "POST"])
def terms_update(request):
    """What the organisation's country calls the conference, the child-protection
    agency and the protection order; and the country presets."""
    organisation = request.user.organisation
    terms = Terms.of(organisation.pk)
    form = TermsForm(request.POST or None, instance=terms)
    if request.method == "POST" and form.is_valid():
        services.save_terms(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("Terms saved."))
        return redirect("localisation:terms")
    return TemplateResponse(
        request,
        "localisation/terms_form.html",
        {"form": form, "preset_form": PresetForm(), "terms": terms, "presets": PRESETS},
        status=400 if form.errors else 200,
    )


# Lists -----------------------------------------------------------------------


def _kind_or_404(key: str | None) -> lists.ListKind:
    """The list of this key; without a key, the first on the index page."""
    if key is None and lists.LISTS:
        return _in_index_order()[0]
    kind = lists.kind_or_none(key or "")
    if kind is None:
        raise Http404
    return kind


def _in_index_order() -> list[lists.ListKind]:
    return sorted(lists.LISTS.values(), key=lambda k: (str(k.group), str(k.title)))


@permission_required("localisation.change_listentry", raise_exception=True)
@require_GET
def list_index(request):
    """Every list the organisation may edit, grouped."""
    groups: dict[str, list] = {}
    for kind in _in_index_order():
        groups.setdefault(str(kind.group), []).append(kind)
    return TemplateResponse(request, "localisation/list_index.html", {"groups": groups})


def _list_page(request, kind, *, form=None, status=200) -> TemplateResponse:
    return TemplateResponse(
        request,
        "localisation/list_detail.html",
        {
            "kind": kind,
            "entries": lists.entries(request.user.organisation_id, kind.key),
            "form": form or ListEntryForm(),
            "languages": ListEntryForm.base_fields["language"].choices,
        },
        status=status,
    )


@permission_required("localisation.change_listentry", raise_exception=True)
@require_http_methods(["GET", "POST"])
def list_detail(request):
    """One list (?list=<key>): its entries in order, and a form to add one."""
    kind = _kind_or_404(request.GET.get("list"))
    if request.method == "GET":
        return _list_page(request, kind)
    form = ListEntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_list_entry(
                organisation=request.user.organisation,
                list_key=kind.key,
                label=form.cleaned_data["label"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("label", error)
        else:
            messages.success(request, _("Entry added."))
            return _back_to(kind)
    return _list_page(request, kind, form=form, status=400)


def _back_to(kind) -> HttpResponseRedirect:
    query = urlencode({"list": kind.key})
    return HttpResponseRedirect(f"{reverse('localisation:list_detail')}?{query}")


ENTRY_ACTIONS = ("rename", "up", "down", "retire", "restore")


def _change_entry(action: str, form: ListEntryForm, **entry) -> None:
    if action == "rename":
        if not form.is_valid():
            raise ValidationError(list(form.errors.get("label", [])) or form.errors)
        services.rename_list_entry(
            label=form.cleaned_data["label"],
            language=form.cleaned_data["language"],
            **entry,
        )
    elif action in ("up", "down"):
        services.move_list_entry(up=action == "up", **entry)
    elif action == "retire":
        services.retire_list_entry(**entry)
    else:
        services.restore_list_entry(**entry)


@permission_required("localisation.change_listentry", raise_exception=True)
@require_POST
def entry_change(request):
    """Rename an entry, move it up or down, retire it or offer it again; the list,
    the entry's code and the action come in the form."""
    kind = _kind_or_404(request.POST.get("list", ""))
    action = request.POST.get("action", "")
    if action not in ENTRY_ACTIONS:
        messages.error(request, _("Choose what to do with the entry."))
        return _list_page(request, kind, status=400)
    try:
        _change_entry(
            action,
            ListEntryForm(request.POST),
            organisation=request.user.organisation,
            list_key=kind.key,
            code=request.POST.get("code", ""),
            actor=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _list_page(request, kind, status=400)
    if action == "rename":
        messages.success(request, _("Entry renamed."))
    return _back_to(kind)
