"""A manager's risk instrument versions: start a draft from the current version,
edit it, preview it, publish it (risk.versions)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from risk import versions
from risk.models import RiskInstrument
from risk.version_forms import ItemFormSet, VersionForm, item_initial


def _versions_of(user):
    return RiskInstrument.objects.of_organisation(user.organisation_id)


def _own_draft_or_404(user, pk: int) -> RiskInstrument:
    return get_object_or_404(
        RiskInstrument, pk=pk, organisation_id=user.organisation_id, is_draft=True
    )


@permission_required("risk.change_riskinstrument", raise_exception=True)
@require_GET
def instrument_list(request):
    """Every version the organisation may read, the one offered marked."""
    offered = set(
        RiskInstrument.objects.offered_to(request.user.organisation_id).values_list(
            "pk", flat=True
        )
    )
    rows = (
        _versions_of(request.user)
        .annotate(
            item_count=Count("items", distinct=True),
        )
        .order_by("code", "-version")
    )
    return TemplateResponse(
        request,
        "risk/instrument_list.html",
        {"instruments": rows, "offered": offered},
    )


@permission_required("risk.change_riskinstrument", raise_exception=True)
@require_POST
def version_start(request, pk: int):
    """Start the organisation's next version from this one."""
    instrument = get_object_or_404(_versions_of(request.user), pk=pk, is_draft=False)
    draft = versions.start_new_version(instrument=instrument, actor=request.user)
    messages.info(
        request,
        _("Version %(version)s is a draft: edit it, preview it, then publish it.")
        % {"version": draft.version},
    )
    return redirect("risk:version_edit", pk=draft.pk)


@permission_required("risk.change_riskinstrument", raise_exception=True)
@require_http_methods(["GET", "POST"])
def version_edit(request, pk: int):
    """Edit a draft: its name, bands, levels and items with their texts."""
    draft = _own_draft_or_404(request.user, pk)
    form = VersionForm(
        request.POST or None,
        instance=draft,
        initial={"levels_text": versions.levels_as_text(draft)},
    )
    items = ItemFormSet(
        request.POST or None,
        initial=[item_initial(item) for item in draft.items.all()],
        form_kwargs={"original_language": draft.language},
    )
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            versions.save_draft(
                draft=draft,
                fields={
                    name: form.cleaned_data[name] for name in VersionForm.Meta.fields
                },
                levels=versions.parse_levels(
                    form.cleaned_data["levels_text"], form.cleaned_data["language"]
                ),
                items=[
                    item.item()
                    for item in items.forms
                    if item.cleaned_data and not item.cleaned_data.get("DELETE")
                ],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("risk:version_preview", pk=draft.pk)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "risk/version_form.html",
        {"draft": draft, "form": form, "items": items},
        status=status,
    )


@permission_required("risk.change_riskinstrument", raise_exception=True)
@require_GET
def version_preview(request, pk: int):
    """A version as assessors will read it, in the reader's language."""
    instrument = get_object_or_404(_versions_of(request.user), pk=pk)
    return _preview(request, instrument)


def _preview(request, instrument: RiskInstrument, status: int = 200):
    language = get_language()
    items = [
        {
            "item": item,
            "text": item.text_in(language),
            "guidance": item.guidance_in(language),
        }
        for item in instrument.items.select_related("instrument")
    ]
    problems = []
    if instrument.is_draft:
        try:
            versions.check_version(instrument, [row["item"] for row in items])
        except ValidationError as error:
            problems = error.messages
    return TemplateResponse(
        request,
        "risk/version_preview.html",
        {
            "instrument": instrument,
            "items": items,
            "problems": problems,
            "levels": [
                {
                    "from": level["from"],
                    "band": level["band"],
                    "name": instrument.level_name(
                        level["from"], level["band"], language
                    ),
                }
                for level in instrument.levels
            ],
            "used": instrument.assessments.exists(),
        },
        status=status,
    )


@permission_required("risk.change_riskinstrument", raise_exception=True)
@require_POST
def version_publish(request, pk: int):
    """Publish a draft: it becomes the version new assessments use."""
    draft = _own_draft_or_404(request.user, pk)
    try:
        published = versions.publish_version(draft=draft, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        # The preview again, with the reasons: nothing was published.
        return _preview(request, draft, status=400)
    messages.success(
        request,
        _("Version %(version)s is published: new assessments use it.")
        % {"version": published.version},
    )
    return redirect("risk:instrument_list")
