"""Contacts with her: logging one, and a contact's page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.services import log_access
from partner_contact import services
from partner_contact.contact_forms import ContactForm
from partner_contact.models import Consent, PartnerContact
from partner_contact.views.common import firewalled, partner_or_404


def disclosed_risks_messages(kinds: list[str]) -> list[str]:
    """Who will see the risks she disclosed, as the firewall decides it
    (docs/architecture.md, signals): a separation reaches his caseworker as a
    bare fact; every other kind stays with partner support and managers until a
    worker shares a note from the contact."""
    texts = []
    separation = PartnerContact.RiskEventKind.SEPARATION
    if separation in kinds:
        texts.append(
            _(
                "The separation is recorded on his case: his caseworker, the "
                "managers and any other partner-support worker of his partners are "
                "alerted that it happened, without her words or details."
            )
        )
    others = [
        str(PartnerContact.RiskEventKind(kind).label)
        for kind in kinds
        if kind != separation
    ]
    if others:
        texts.append(
            ngettext(
                "%(kinds)s is recorded on his case for partner support and "
                "managers only. His caseworker and facilitators see nothing of "
                "it: to tell them, use “Share with the programme” on this contact.",
                "%(kinds)s are recorded on his case for partner support and "
                "managers only. His caseworker and facilitators see nothing of "
                "them: to tell them, use “Share with the programme” on this "
                "contact.",
                len(others),
            )
            % {"kinds": ", ".join(others)}
        )
    return texts


@firewalled
@permission_required("partner_contact.add_partnercontact", raise_exception=True)
@require_http_methods(["GET", "POST"])
def contact_create(request, partner_uuid):
    """Log one contact or attempt on one form; warn outside her safe times/ways."""
    partner = partner_or_404(request, partner_uuid)
    today = timezone.localdate()
    share_consent = (
        Consent.objects.visible_to(request.user)
        .filter(partner=partner, kind=Consent.Kind.SHARE_WITH_PROGRAMME)
        .in_force(today)
        .exists()
    )
    form = ContactForm(
        request.POST or None,
        partner=partner,
        today=today,
        share_consent=share_consent,
        initial={"occurred_at": timezone.now()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.log_contact(
                partner=partner,
                worker=request.user,
                **{k: v for k, v in data.items() if k != "confirm_unsafe"},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact logged."))
            for text in disclosed_risks_messages(data["risk_events"]):
                messages.info(request, text)
            return redirect(contact)
    if request.method == "GET" and partner.do_not_contact:
        messages.warning(
            request,
            _(
                "She is marked “do not contact”: only a contact she started can be "
                "logged."
            ),
        )
    return TemplateResponse(
        request,
        "partner_contact/contact_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.view_partnercontact", raise_exception=True)
@require_GET
def contact_detail(request, contact_uuid):
    contact = PartnerContact.objects.select_related(
        "partner", "worker", "relationship__participant"
    ).visible_or_404(request.user, contact_uuid)
    log_access(user=request.user, obj=contact)
    # The risk app may offer a page that turns this into a sanitised risk note;
    # link to it only if it exists (this app never imports risk).
    try:
        share_url = reverse("risk:share_from_contact", args=[contact.uuid])
    except NoReverseMatch:
        share_url = None
    # What was shared from it: risk notes reached through their documented
    # reverse name (docs/architecture.md), so this app does not import risk.
    # Only notes for the programme ("programme" visibility) are shares; notes
    # kept inside the firewall are not.
    shared = list(
        contact.risk_notes.filter(visibility="programme")
        .select_related("participant", "author")
        .order_by("created_at")
    )
    linked = set(contact.partner.relationships.values_list("participant_id", flat=True))
    if linked <= {note.participant_id for note in shared}:
        share_url = None
    return TemplateResponse(
        request,
        "partner_contact/contact_detail.html",
        {
            "contact": contact,
            "partner": contact.partner,
            "share_url": share_url,
            "shared": shared,
        },
    )
