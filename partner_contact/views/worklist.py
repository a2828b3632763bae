"""The partner-support worklist: contacts due today, and one section in full."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from partner_contact.slots import worklist as worklist_slot  # enquiries panel
from partner_contact.views.common import firewalled
from partner_contact.worklist import (
    SECTION_PAGE_SIZE,
    SECTIONS,
    build_worklist,
    section_querysets,
)
from partner_contact.worklist_rows import draw_rows


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
        {
            "worklist": data,
            # Each section's rows drawn in Python (worklist_rows.draw_rows).
            "drawn": {
                name: draw_rows(name, getattr(data, name), request.user)
                for name in SECTIONS
            },
            "everyone": everyone,
            "today": timezone.localdate(),
            # Panels from apps above (the enquiries queue): partner_contact.slots.
            "panels": worklist_slot.render(request, everyone=everyone),  # enquiries
        },
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
    page = Paginator(queryset, SECTION_PAGE_SIZE).get_page(request.GET.get("page"))
    title, finish = SECTIONS[section]
    rows = finish(
        page.object_list, today, request.user.organisation.first_partner_contact_days
    )
    return TemplateResponse(
        request,
        "partner_contact/worklist_section.html",
        {
            "section": section,
            "title": title,
            "rows": rows,
            "body": draw_rows(section, rows, request.user),
            "page_obj": page,
            "everyone": everyone,
            "query_string": urlencode(
                {"section": section, **({"all": "1"} if everyone else {})}
            ),
        },
    )
