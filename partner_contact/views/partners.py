"""Partners: the list, opening a record, her page, editing, and her contact-log CSV."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.exports import csv_safe
from accounts.links import uuid_link
from accounts.listing import first_rows_and_total
from accounts.search import remember_search, with_remembered_search
from accounts.services import log_access
from partner_contact import services
from partner_contact.forms import NewPartnerForm, PartnerForm
from partner_contact.models import Partner, PartnerContact, Relationship
from partner_contact.slots import partner_record
from partner_contact.views.common import firewalled, partner_or_404
from partner_contact.worklist import linked_cases
from programmes.attendance import figures_for


def her_case_context(partner: Partner) -> dict:
    """Her own case on her page: status moves, checklists, children of hers."""
    return {
        "status_changes": list(partner.status_changes.select_related("actor")),
        # The page shows neither the reason nor the notes: not decrypted.
        "checklists": list(partner.checklists.defer("judgement_reason", "notes")[:10]),
        "child_links": list(
            partner.child_links.select_related("child").prefetch_related(
                "child__child_orders"
            )
        ),
    }


# Contacts on each page of her contact log.
CONTACTS_PER_PAGE = 25


def _linked_men_summary(relationships) -> dict:
    """Attendance figures of the linked men, from the programmes app below."""
    return figures_for([r.participant_id for r in relationships])


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
        .prefetch_related(linked_cases(Relationship.objects.visible_to(request.user)))
    )
    # A search ranks her exact name first (issue 14, item 14).
    partners = partners.search(query) if query else partners.order_by("name", "pk")
    page = Paginator(partners, 50).get_page(request.GET.get("page"))
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
        messages.success(
            request, gettext("Record opened for %(name)s.") % {"name": partner.name}
        )
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
    partner = Partner.objects.select_related("partner_support_worker").visible_or_404(
        request.user, partner_uuid
    )
    log_access(user=request.user, obj=partner)
    today = timezone.localdate()
    relationships = list(
        partner.relationships.select_related("participant").order_by("-linked_on")
    )
    figures = _linked_men_summary(relationships)
    for relationship in relationships:
        relationship.attendance = figures.get(relationship.participant_id)
    consents = list(partner.consents.all())
    for consent in consents:
        consent.state_today = consent.state(today)
    # The log shows neither summaries nor disclosures: not decrypted (two
    # decryptions a row, some 12 us each), and no relationship or man joined.
    log = partner.contacts.select_related("worker").defer("summary", "disclosure")
    # The first page and the total from one query (accounts.listing, the window
    # count): the Paginator's COUNT was a query of its own on every visit (her
    # page 16 -> 15 queries at 100,000 men, 1 December 2026).
    first_page, total = first_rows_and_total(log, CONTACTS_PER_PAGE)
    paginator = Paginator(log, CONTACTS_PER_PAGE)
    paginator.count = total
    contacts = paginator.get_page(request.GET.get("page"))
    contacts.object_list = (
        first_page if contacts.number == 1 else list(contacts.object_list)
    )
    # Each row's link from one reversal (accounts.links), not a {% url %} a row:
    # 28 us a reversal against 1 us, on up to 25 rows.
    contact_url = uuid_link("partner_contact:contact_detail")
    for contact in contacts.object_list:
        contact.detail_url = contact_url(contact.uuid)
    return TemplateResponse(
        request,
        "partner_contact/partner_detail.html",
        {
            "partner": partner,
            "relationships": relationships,
            "consents": consents,
            "safety_plan": partner.safety_plans.order_by("-version").first(),
            **her_case_context(partner),
            "contacts": contacts,
            "today": today,
            "sections": partner_record.render(request, partner=partner),
        },
    )


@firewalled
@permission_required("partner_contact.change_partner", raise_exception=True)
@require_http_methods(["GET", "POST"])
def partner_update(request, partner_uuid):
    partner = partner_or_404(request, partner_uuid)
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
        messages.success(request, gettext("Her details are saved."))
        return redirect(partner)
    return TemplateResponse(
        request,
        "partner_contact/partner_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
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
    partner.refuse_if_restricted()  # data_rights: no export of a restricted record
    log_access(user=request.user, obj=partner, action="export", detail="contact log")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="partner-{partner.uuid}-contacts.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            gettext("When"),
            gettext("Direction"),
            gettext("Channel"),
            gettext("Outcome"),
            gettext("Safety check done"),
            gettext("Told her"),
            gettext("Summary"),
            gettext("Disclosure"),
            gettext("May be shared"),
            gettext("New risk events"),
            gettext("Safety planning"),
            gettext("Referrals"),
            gettext("Next contact due"),
            gettext("Worker"),
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
