from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.models import User
from accounts.redirects import safe_next_url
from participants.models import Participant
from partner_contact.models import PartnerContact
from programmes.models import Session
from risk import services, sharing
from risk.forms import RiskEventForm, RiskNoteForm, ShareFromContactForm
from risk.models import RiskEvent, RiskNote
from risk.services import AlertActionError


def back_to(request, participant: Participant) -> str:
    """Where to go after writing about a man: ?next= if safe, else his case file."""
    target = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    if target:
        return target
    if request.user.role != User.Role.PARTNER_SUPPORT:
        try:
            return participant.get_absolute_url()
        except NoReverseMatch:
            pass
    return reverse("risk:alert_list")


def his_sessions(user, participant: Participant):
    """Sessions the user may see at which the man was expected."""
    return (
        Session.objects.visible_to(user)
        .filter(
            Q(participant=participant)
            | Q(attendances__participant=participant)
            | Q(group__enrolments__participant=participant)
        )
        .distinct()
    )


@permission_required("risk.add_risknote", raise_exception=True)
@require_http_methods(["GET", "POST"])
def note_create(request, participant_uuid):
    """Write a risk note from his case file, or from a session (?session=)."""
    participant = Participant.objects.visible_or_404(request.user, participant_uuid)
    sessions = his_sessions(request.user, participant)
    initial = {}
    if request.method == "GET" and request.GET.get("session"):
        session = sessions.filter(uuid=_uuid_or_404(request.GET["session"])).first()
        if session is None:
            raise Http404("No such session of his.")
        initial["session"] = session.uuid
    form = RiskNoteForm(
        request.POST or None, initial=initial, user=request.user, sessions=sessions
    )
    if request.method == "POST" and form.is_valid():
        session = form.cleaned_data["session"]
        note = services.add_risk_note(
            participant=participant,
            author=request.user,
            severity=form.cleaned_data["severity"],
            category=form.cleaned_data["category"],
            text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"],
            source=RiskNote.Source.SESSION if session else RiskNote.Source.CASE_FILE,
            session=session,
        )
        messages.success(
            request,
            _(
                "Risk note saved. It is urgent: the people who hold his case have "
                "been alerted."
            )
            if note.severity == RiskNote.Severity.URGENT
            else _("Risk note saved."),
        )
        return redirect(back_to(request, participant))
    return TemplateResponse(
        request,
        "risk/risknote_form.html",
        {"form": form, "participant": participant, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


def _uuid_or_404(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value))
    except ValueError as error:
        raise Http404("Not a record.") from error


@permission_required("risk.add_riskevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_create(request, participant_uuid):
    """Record a risk event a worker knows of (a hearing, a call-out, a birth...)."""
    participant = Participant.objects.visible_or_404(request.user, participant_uuid)
    form = RiskEventForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        event = services.report_event(
            participant=participant,
            reported_by=request.user,
            kind=form.cleaned_data["kind"],
            occurred_on=form.cleaned_data["occurred_on"],
            summary=form.cleaned_data["summary"],
        )
        opened = hasattr(event, "monitoring_period")
        messages.success(
            request,
            (
                _(
                    "Risk event “%(kind)s” recorded and the right people alerted. "
                    "A period of increased risk is open."
                )
                if opened
                else _("Risk event “%(kind)s” recorded and the right people alerted.")
            )
            % {"kind": event.get_kind_display()},
        )
        return redirect(back_to(request, participant))
    return TemplateResponse(
        request,
        "risk/riskevent_form.html",
        {"form": form, "participant": participant, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@permission_required("risk.add_riskevent", raise_exception=True)
@require_POST
def event_close(request, event_uuid):
    event = RiskEvent.objects.select_related("participant").visible_or_404(
        request.user, event_uuid
    )
    try:
        services.close_event(event=event, user=request.user)
    except AlertActionError as error:
        messages.error(request, str(error))
        return TemplateResponse(
            request, "risk/action_refused.html", {"reason": str(error)}, status=409
        )
    messages.success(request, _("Event closed."))
    return redirect(back_to(request, event.participant))


@permission_required("risk.add_risknote", raise_exception=True)
@permission_required("partner_contact.view_partnercontact", raise_exception=True)
@require_http_methods(["GET", "POST"])
def share_from_contact(request, contact_uuid):
    """Turn what a partner told a partner-support worker into a programme note.

    The worker writes the text; her identity and words stay behind unless her
    recorded consent to share with the programme is in force.
    """
    if request.user.role != User.Role.PARTNER_SUPPORT:
        raise PermissionDenied("Only partner-support workers share from a contact.")
    contact = PartnerContact.objects.select_related(
        "partner", "relationship__participant"
    ).visible_or_404(request.user, contact_uuid)
    linked = Participant.objects.visible_to(request.user).filter(
        partner_relationships__partner=contact.partner
    )
    shared = sharing.shares_from_contact(contact)
    # A man already told of this contact is not offered again (the service and
    # a constraint refuse a second note for the same contact and man).
    men = linked.exclude(pk__in=[note.participant_id for note in shared]).distinct()
    consent = sharing.sharing_consent_in_force(
        partner=contact.partner, on=services.today()
    )
    form = ShareFromContactForm(
        request.POST or None,
        men=men,
        consent_in_force=consent,
        contact_man=contact.relationship.participant if contact.relationship else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            sharing.share_contact_with_programme(
                contact=contact,
                participant=form.cleaned_data["participant"],
                author=request.user,
                severity=form.cleaned_data["severity"],
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
                attribute_to_her=form.cleaned_data.get("attribute_to_her", False),
                include_her_words=form.cleaned_data.get("include_her_words", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Shared with the programme as a risk note, in your words: his "
                    "caseworker and facilitators can read it on his case file."
                ),
            )
            return redirect(contact.get_absolute_url())
    context = {
        "form": form,
        "contact": contact,
        "consent_in_force": consent,
        "shared": shared,
        "nobody_left": not men.exists(),
    }
    return TemplateResponse(
        request,
        "risk/share_from_contact.html",
        context,
        status=400 if form.errors else 200,
    )


@permission_required("risk.view_risknote", raise_exception=True)
@require_safe
def note_list(request):
    """Risk notes the user may read, newest first (partner-side ones only inside
    the firewall), optionally only urgent or concern notes."""
    notes = (
        RiskNote.objects.visible_to(request.user)
        .select_related("participant", "author")
        .order_by("-created_at", "-pk")
    )
    severity = request.GET.get("severity", "")
    if severity in RiskNote.Severity.values:
        notes = notes.filter(severity=severity)
    else:
        severity = ""
    page = Paginator(notes, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "risk/risknote_list.html",
        {
            "page_obj": page,
            "severity": severity,
            "severities": RiskNote.Severity.choices,
            "query_string": f"severity={severity}" if severity else "",
        },
    )
