"""Pages about one man that read across apps: the men's list, his case file, and
his onward referrals (whose MARAC form is pre-filled by the risk app).

They sit on the top floor (docs/decisions/0006-layers.md) because each reads
programmes, referrals and risk as well as participants; every app below keeps
its own panel (`<app>.case_file.case_file_context`) and this module assembles
them.
"""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.formats import date_format, get_format
from django.utils.timezone import template_localtime
from django.views.decorators.http import require_http_methods

from accounts.links import uuid_link
from accounts.models import User
from accounts.printing import pdf_download, print_view
from accounts.search import remember_search, with_remembered_search
from accounts.services import log_access
from casefile.filters import ParticipantFilter
from equality import case_file as equality_case_file
from outcomes import case_file as outcomes_case_file
from participants.models import Participant
from participants.timeline import TimelineEntry, own_timeline
from programmes import case_file as programmes_case_file
from programmes.attendance import figures_for
from programmes.models import Enrolment
from referrals import case_file as referrals_case_file
from referrals.children_forms import ManOnwardReferralForm  # onward_children
from referrals.models import Agency, OnwardReferral
from referrals.views.onward import render_onward_form, save_onward_referral
from risk import case_file as risk_case_file
from risk import marac

PAGE_SIZE = 25

# Keys of risk.marac.referral_prefill(participant) -> fields of the form.
PREFILL_FIELDS = {
    "criterion": "marac_criterion",
    "yes_count": "yes_count",
    "incidents_last_12_months": "incidents_last_12_months",
    "judgement_narrative": "judgement_narrative",
    "previous_referral_date": "previous_referral_on",
}


@permission_required("participants.view_participant", raise_exception=True)
@require_http_methods(["GET", "POST"])
def participant_list(request):
    """Men the user may see, filtered, searched and paginated, with their groups
    and attendance.

    The filter form is posted so that a name searched for never appears in a URL.
    """
    if request.method == "POST":
        return remember_search(request, key="participants")
    base = Participant.objects.visible_to(request.user).select_related("caseworker")
    data = with_remembered_search(request, key="participants")
    filterset = ParticipantFilter(data or None, queryset=base, user=request.user)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.current().select_related("group"),
            to_attr="current_places",
        )
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = figures_for([p.pk for p in page])
    case_file_url = uuid_link("casefile:detail")
    rows = []
    for participant in page:
        participant.case_file_url = case_file_url(participant.uuid)
        rows.append((participant, figures.get(participant.pk)))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("q", None)
    return TemplateResponse(
        request,
        "casefile/participant_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "query_string": query.urlencode(),
        },
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


def _panel(request, template, context, participant):
    """Render another app's case-file panel with its own context at top level."""
    return render_to_string(
        template,
        {**context, "participant": participant, "case_file": context},
        request=request,
    )


def _case_file_participant(request, participant_uuid) -> Participant:
    return Participant.objects.case_file_or_404(request.user, participant_uuid)


def _with_their_workers(*named: tuple[list, tuple[str, ...]]) -> None:
    """Set the workers that records name, given as (records, fields) pairs (his
    caseworker, who moved his case and who decided, who wrote each note, and the
    panels' own: who assessed him, who wrote each risk note), from one query of
    their names. Joined to each record instead, the user table's columns
    made his own records cost twice as much to build as they cost to run. Only
    the names are read: the case file shows nothing else of them."""
    ids = {
        getattr(r, f"{f}_id")
        for records, fields in named
        for r in records
        for f in fields
    }
    ids.discard(None)
    workers = User.objects.only("first_name", "last_name", "username").in_bulk(ids)
    for records, fields in named:
        for record in records:
            for field in fields:
                worker_id = getattr(record, f"{field}_id")
                if worker_id is not None:
                    setattr(record, field, workers[worker_id])


def _case_file_records(request, participant) -> dict:
    """What his case file shows, page and print view alike: his own records,
    each app's panel context, and one timeline merged from all of them."""
    status_changes = list(participant.status_changes.all())
    notes = list(participant.case_notes.all()[:20])
    programme_context = programmes_case_file.case_file_context(
        participant, request.user
    )
    outcomes_context = outcomes_case_file.case_file_context(participant, request.user)
    panel_contexts = [
        ("programmes/_case_file.html", programme_context),
        (
            "risk/_case_file.html",
            risk_case_file.case_file_context(
                participant,
                request.user,
                # The sessions he missed, from the attendance the programmes
                # panel read, when it read all of it.
                missed=programme_context.pop("missed_dates"),
            ),
        ),
        (
            "referrals/_case_file.html",
            referrals_case_file.case_file_context(participant, request.user),
        ),
        ("outcomes/_case_file.html", outcomes_context),
        (
            "equality/_case_file.html",
            equality_case_file.case_file_context(participant, request.user),
        ),
    ]
    _with_their_workers(
        ([participant], ("caseworker",)),
        (status_changes, ("changed_by", "decided_by")),
        (notes, ("author",)),
        # A panel's records that name workers (the risk panel's assessors and
        # note writers), in the same query.
        *(
            named
            for _t, context in panel_contexts
            for named in context.pop("workers", [])
        ),
    )
    timeline = own_timeline(participant, status_changes, notes)
    for _template, context in panel_contexts:
        timeline.extend(context.get("timeline", []))
    timeline.sort(key=lambda entry: entry.sort_key, reverse=True)
    return {
        "participant": participant,
        "status_changes": status_changes,
        "pending": [c for c in status_changes if c.is_pending],
        "children": list(participant.children.prefetch_related("child_orders")),
        "notes": notes,
        "programme": programme_context,
        # The print view's outcomes section (None for roles that may not see it).
        "outcomes": outcomes_context["outcomes"],
        "panel_contexts": panel_contexts,
        "timeline": timeline,
        "timeline_rows": _timeline_rows(timeline),
    }


def _timeline_rows(timeline: list[TimelineEntry]) -> list[dict]:
    """The timeline as the page and print view show it: each date in the locale's
    short format (as the template's `date` filter writes it, in the local time)
    and each kind in words, worked out here. In the template, forty entries'
    filters and attribute lookups were a tenth of the page's work."""
    short_date = get_format("SHORT_DATE_FORMAT")
    labels: dict[str, str] = {}
    rows = []
    for entry in timeline:
        if entry.kind not in labels:
            labels[entry.kind] = entry.label
        when = template_localtime(entry.when)
        rows.append(
            {
                "when": date_format(when, short_date),
                "label": labels[entry.kind],
                "title": entry.title,
                "detail": entry.detail,
                "url": entry.url,
                # Bootstrap's badge colour: an entry with no tone of its own is light.
                "tone": entry.tone or "light",
            }
        )
    return rows


@permission_required("participants.view_participant", raise_exception=True)
@require_http_methods(["GET"])
def participant_detail(request, participant_uuid):
    """The case file: everything about one man the user may see, and a timeline."""
    participant = _case_file_participant(request, participant_uuid)
    # Reads of a man's file are logged like a woman's record: who, when, which.
    log_access(user=request.user, obj=participant, detail="case file")
    records = _case_file_records(request, participant)
    panels = [
        _panel(request, template, context, participant)
        for template, context in records.pop("panel_contexts")
    ]
    return TemplateResponse(
        request,
        "casefile/participant_detail.html",
        {**records, "panels": panels},
    )


@permission_required("participants.view_participant", raise_exception=True)
@require_http_methods(["GET"])
def participant_print(request, participant_uuid):
    """His case file to print: no forms, the organisation, a confidential footer."""
    participant = _case_file_participant(request, participant_uuid)
    participant.refuse_if_restricted()  # data_rights: no export while restricted
    return print_view(
        request,
        "casefile/participant_print.html",
        _case_file_records(request, participant),
        record=participant,
        what="case file",
    )


@permission_required("participants.view_participant", raise_exception=True)
@require_http_methods(["GET"])
def participant_pdf(request, participant_uuid):
    """His case file's print view as a PDF (named by his reference, not his name)."""
    participant = _case_file_participant(request, participant_uuid)
    participant.refuse_if_restricted()  # data_rights: no export while restricted
    return pdf_download(
        request,
        "casefile/participant_print.html",
        _case_file_records(request, participant),
        record=participant,
        what="case file",
        filename=f"case-file-{participant.reference}.pdf",
    )


def marac_prefill(participant: Participant) -> dict:
    """Initial data for a conference referral from his latest assessment: only
    the fields the risk app has a value for."""
    data = marac.referral_prefill(participant) or {}
    return {
        field: data[key]
        for key, field in PREFILL_FIELDS.items()
        if data.get(key) not in (None, "")
    }


@permission_required("referrals.add_onwardreferral", raise_exception=True)
@require_http_methods(["GET", "POST"])
def onward_create(request, participant_uuid):
    """Refer a man's case onward; `?kind=marac` pre-fills from his assessment."""
    participant = Participant.objects.case_file_or_404(request.user, participant_uuid)
    kind = request.GET.get("kind", "")
    initial = {}
    prefilled = None
    if kind in OnwardReferral.KINDS_FOR_MEN:
        initial["kind"] = kind
        agencies = Agency.objects.visible_to(request.user).active()
        only = list(agencies.filter(kind__in=OnwardReferral.AGENCY_KINDS[kind])[:2])
        if kind != OnwardReferral.Kind.OTHER and len(only) == 1:
            initial["agency"] = only[0].uuid
    if kind == OnwardReferral.Kind.MARAC:
        prefilled = marac_prefill(participant)
        initial.update(prefilled)
    form = ManOnwardReferralForm(  # onward_children
        request.POST or None,
        initial=initial,
        user=request.user,
        participant=participant,
    )
    if request.method == "POST" and form.is_valid():
        onward = save_onward_referral(request, form, participant=participant)
        if onward is not None:
            return redirect(onward)
    return render_onward_form(
        request, form, participant=participant, prefilled=prefilled
    )
