"""Pages behind the information firewall.

Every view is wrapped in `firewalled`: a user whose role is outside the firewall
(facilitator, caseworker, org admin) gets a 404 before any permission is checked,
so no partner URL even confirms that a page exists for them.
"""

import csv
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.exports import csv_safe
from accounts.search import remember_search, with_remembered_search
from accounts.services import log_access
from partner_contact import services
from partner_contact.forms import (
    ConsentForm,
    ContactForm,
    LinkForm,
    NewPartnerForm,
    PartnerForm,
    SafetyPlanForm,
    SeparationForm,
    WithdrawConsentForm,
)
from partner_contact.models import (
    Consent,
    Partner,
    PartnerContact,
    Relationship,
    SafetyPlan,
    may_see_partners,
)
from partner_contact.worklist import (
    SECTION_LIMIT,
    SECTIONS,
    build_worklist,
    section_querysets,
)


def firewalled(view):
    """404 for every role outside the firewall, whatever its permissions."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_see_partners(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _partner_or_404(request, partner_uuid) -> Partner:
    return get_object_or_404(
        Partner.objects.visible_to(request.user), uuid=partner_uuid
    )


def _linked_men_summary(relationships) -> dict:
    """Attendance figures of the linked men, from the programmes app."""
    # Imported here: a page composing apps may read from programmes (a sibling).
    from programmes.attendance import figures_for

    return figures_for([r.participant_id for r in relationships])


@firewalled
@permission_required("partner_contact.view_partner", raise_exception=True)
@require_GET
def worklist(request):
    """Contacts due today: first contacts, retries, weekly, follow-ups, notices."""
    everyone = request.GET.get("all") == "1"
    data = build_worklist(request.user, timezone.localdate(), everyone=everyone)
    return TemplateResponse(
        request,
        "partner_contact/worklist.html",
        {"worklist": data, "everyone": everyone, "today": timezone.localdate()},
    )


@firewalled
@permission_required("partner_contact.view_partner", raise_exception=True)
@require_GET
def worklist_section(request):
    """One section of the worklist in full, 50 rows a page, most urgent first."""
    section = request.GET.get("section", "awaiting")
    if section not in SECTIONS:
        raise Http404
    everyone = request.GET.get("all") == "1"
    today = timezone.localdate()
    queryset = section_querysets(request.user, today, everyone=everyone)[section]
    page = Paginator(queryset, SECTION_LIMIT).get_page(request.GET.get("page"))
    title, finish = SECTIONS[section]
    return TemplateResponse(
        request,
        "partner_contact/worklist_section.html",
        {
            "section": section,
            "title": title,
            "rows": finish(page.object_list, today),
            "page_obj": page,
            "everyone": everyone,
            "query_string": urlencode(
                {"section": section, **({"all": "1"} if everyone else {})}
            ),
        },
    )


@firewalled
@permission_required("partner_contact.view_partner", raise_exception=True)
@require_http_methods(["GET", "POST"])
def partner_list(request):
    # The search is posted so that her name never appears in a URL.
    if request.method == "POST":
        return remember_search(request, key="partners")
    query = with_remembered_search(request, key="partners").get("q", "").strip()
    partners = (
        Partner.objects.visible_to(request.user)
        .without_secrets()
        .select_related("partner_support_worker")
    )
    if query:
        partners = partners.filter(name__icontains=query)
    page = Paginator(partners.order_by("name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "partner_contact/partner_list.html",
        {
            "page_obj": page,
            "q": query,
            "query_string": urlencode({"search": "1"}) if query else "",
        },
    )


@firewalled
@permission_required("partner_contact.add_partner", raise_exception=True)
@require_http_methods(["GET", "POST"])
def partner_create(request):
    organisation = request.user.organisation
    form = NewPartnerForm(
        request.POST or None,
        organisation=organisation,
        initial={"reference": request.GET.get("reference", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        link = {
            "participant": form.participant,
            "relationship_kind": data.pop("kind"),
            "living_together": data.pop("living_together"),
            "children_in_common": data.pop("children_in_common") or 0,
        }
        data.pop("reference")
        data["partner_support_worker"] = data.get("partner_support_worker") or (
            request.user if request.user.is_partner_support else None
        )
        partner = services.create_partner(
            organisation=organisation, actor=request.user, **link, **data
        )
        messages.success(request, f"Record opened for {partner.name}.")
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/partner_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.view_partner", raise_exception=True)
@require_GET
def partner_detail(request, partner_uuid):
    """Her page: details, consents, current safety plan, contacts, linked men."""
    partner = get_object_or_404(
        Partner.objects.visible_to(request.user).select_related(
            "partner_support_worker"
        ),
        uuid=partner_uuid,
    )
    log_access(user=request.user, obj=partner)
    today = timezone.localdate()
    relationships = list(
        partner.relationships.select_related("participant").order_by("-linked_on")
    )
    figures = _linked_men_summary(relationships)
    for relationship in relationships:
        relationship.attendance = figures.get(relationship.participant_id)
    consents = list(partner.consents.select_related("recorded_by"))
    for consent in consents:
        consent.state_today = consent.state(today)
    contacts = Paginator(
        partner.contacts.select_related("worker", "relationship__participant"), 25
    ).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "partner_contact/partner_detail.html",
        {
            "partner": partner,
            "relationships": relationships,
            "consents": consents,
            "safety_plan": partner.safety_plans.order_by("-version").first(),
            "contacts": contacts,
            "today": today,
        },
    )


@firewalled
@permission_required("partner_contact.change_partner", raise_exception=True)
@require_http_methods(["GET", "POST"])
def partner_update(request, partner_uuid):
    partner = _partner_or_404(request, partner_uuid)
    if request.method == "GET":
        log_access(user=request.user, obj=partner, detail="edit form")
    form = PartnerForm(
        request.POST or None, instance=partner, organisation=request.user.organisation
    )
    if request.method == "POST" and form.is_valid():
        # Saved through the service, not form.save(): one place writes partners.
        partner.refresh_from_db()
        services.update_partner(
            partner=partner,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in PartnerForm.Meta.fields},
        )
        messages.success(request, "Her details are saved.")
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/partner_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.add_relationship", raise_exception=True)
@require_http_methods(["GET", "POST"])
def relationship_create(request, partner_uuid):
    """Link her to another man's case."""
    partner = _partner_or_404(request, partner_uuid)
    form = LinkForm(
        request.POST or None, organisation=request.user.organisation, partner=partner
    )
    if request.method == "POST" and form.is_valid():
        services.link_partner(
            partner=partner,
            participant=form.participant,
            kind=form.cleaned_data["kind"],
            living_together=form.cleaned_data["living_together"],
            children_in_common=form.cleaned_data["children_in_common"] or 0,
            actor=request.user,
        )
        messages.success(request, f"Linked to case {form.participant.reference}.")
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/relationship_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.change_relationship", raise_exception=True)
@require_http_methods(["GET", "POST"])
def separation_create(request, relationship_uuid):
    """Record a separation, or its announcement, from her page."""
    relationship = get_object_or_404(
        Relationship.objects.visible_to(request.user).select_related(
            "partner", "participant"
        ),
        uuid=relationship_uuid,
    )
    today = timezone.localdate()
    form = SeparationForm(
        request.POST or None, today=today, initial={"occurred_on": today}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_separation(
                relationship=relationship,
                occurred_on=form.cleaned_data["occurred_on"],
                announced=form.cleaned_data["announced"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Separation recorded. The programme's risk monitoring is told "
                "(without her details).",
            )
            return redirect(relationship.partner)
    return TemplateResponse(
        request,
        "partner_contact/separation_form.html",
        {"form": form, "relationship": relationship, "partner": relationship.partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.add_partnercontact", raise_exception=True)
@require_http_methods(["GET", "POST"])
def contact_create(request, partner_uuid):
    """Log one contact or attempt on one form; warn outside her safe times/ways."""
    partner = _partner_or_404(request, partner_uuid)
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
            messages.success(request, "Contact logged.")
            if data["risk_events"]:
                messages.info(
                    request,
                    "The new risk events were passed to the programme's risk "
                    "monitoring, without her words or details.",
                )
            return redirect(contact)
    if request.method == "GET" and partner.do_not_contact:
        messages.warning(
            request,
            "She is marked “do not contact”: only a contact she started can be logged.",
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
    contact = get_object_or_404(
        PartnerContact.objects.visible_to(request.user).select_related(
            "partner", "worker", "relationship__participant"
        ),
        uuid=contact_uuid,
    )
    log_access(user=request.user, obj=contact)
    # The risk app may offer a page that turns this into a sanitised risk note;
    # link to it only if it exists (this app never imports risk).
    try:
        share_url = reverse("risk:share_from_contact", args=[contact.uuid])
    except NoReverseMatch:
        share_url = None
    return TemplateResponse(
        request,
        "partner_contact/contact_detail.html",
        {"contact": contact, "partner": contact.partner, "share_url": share_url},
    )


@firewalled
@permission_required("partner_contact.add_consent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consent_create(request, partner_uuid):
    partner = _partner_or_404(request, partner_uuid)
    today = timezone.localdate()
    form = ConsentForm(request.POST or None, today=today, initial={"given_on": today})
    if request.method == "POST" and form.is_valid():
        services.record_consent(
            partner=partner, actor=request.user, **form.cleaned_data
        )
        messages.success(request, "Consent recorded.")
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/consent_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.change_consent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, consent_uuid):
    consent = get_object_or_404(
        Consent.objects.visible_to(request.user).select_related("partner"),
        uuid=consent_uuid,
    )
    today = timezone.localdate()
    form = WithdrawConsentForm(
        request.POST or None,
        consent=consent,
        today=today,
        initial={"withdrawn_on": today},
    )
    if consent.withdrawn_on is not None:
        messages.info(request, "This consent was already withdrawn.")
        return redirect(consent.partner)
    if request.method == "POST" and form.is_valid():
        services.withdraw_consent(
            consent=consent, on=form.cleaned_data["withdrawn_on"], actor=request.user
        )
        messages.success(request, "Consent withdrawn.")
        return redirect(consent.partner)
    return TemplateResponse(
        request,
        "partner_contact/consent_withdraw.html",
        {"form": form, "consent": consent, "partner": consent.partner},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.add_safetyplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def safety_plan_create(request, partner_uuid):
    """A new version of her safety plan, starting from the current one."""
    partner = _partner_or_404(request, partner_uuid)
    current = partner.safety_plans.order_by("-version").first()
    today = timezone.localdate()
    form = SafetyPlanForm(
        request.POST or None,
        today=today,
        initial={"plan": current.plan if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        plan = services.create_safety_plan(
            partner=partner, actor=request.user, **form.cleaned_data
        )
        messages.success(request, f"Safety plan version {plan.version} saved.")
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/safety_plan_form.html",
        {"form": form, "partner": partner, "current": current},
        status=400 if form.errors else 200,
    )


@firewalled
@permission_required("partner_contact.view_safetyplan", raise_exception=True)
@require_GET
def safety_plan_list(request, partner_uuid):
    """Every version of her safety plan, newest first."""
    partner = _partner_or_404(request, partner_uuid)
    log_access(user=request.user, obj=partner, detail="safety plans")
    plans = SafetyPlan.objects.visible_to(request.user).filter(partner=partner)
    return TemplateResponse(
        request,
        "partner_contact/safety_plan_list.html",
        {"partner": partner, "plans": plans.select_related("created_by")},
    )


@firewalled
@permission_required("partner_contact.export_partner", raise_exception=True)
@require_GET
def partner_export(request, partner_uuid):
    """Her contact log as CSV (for a subject-access request); logged as an export."""
    partner = get_object_or_404(
        Partner.objects.visible_to(request.user).prefetch_related(
            Prefetch(
                "contacts",
                queryset=PartnerContact.objects.select_related("worker").order_by(
                    "occurred_at"
                ),
            )
        ),
        uuid=partner_uuid,
    )
    log_access(user=request.user, obj=partner, action="export", detail="contact log")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="partner-{partner.uuid}-contacts.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "When",
            "Direction",
            "Channel",
            "Outcome",
            "Safety check done",
            "Told her",
            "Summary",
            "Disclosure",
            "May be shared",
            "New risk events",
            "Safety planning",
            "Referrals",
            "Next contact due",
            "Worker",
        ]
    )
    for c in partner.contacts.all():
        writer.writerow(
            csv_safe(v)
            for v in [
                timezone.localtime(c.occurred_at).strftime("%Y-%m-%d %H:%M"),
                c.get_direction_display(),
                c.get_channel_display(),
                c.get_outcome_display(),
                "yes" if c.safety_check_done else "no",
                "; ".join(c.told_her_labels()),
                c.summary,
                c.disclosure,
                "yes" if c.disclosure_may_share else "no",
                "; ".join(c.risk_event_labels()),
                "yes" if c.safety_planning_done else "no",
                "; ".join(c.referral_labels()),
                c.next_contact_due or "",
                c.worker,
            ]
        )
    return response
