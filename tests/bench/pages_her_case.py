"""Bench row of her own case (issue 16, items 3, 5, 6, 7): her record page, as
her partner-support worker opens it (status and its moves, her checklists, her
sectioned safety plan, her children with their orders, her contact log), held to
3x the floor. The woman measured is the bench organisation's with the latest
contact, preferring one with a completed checklist."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from partner_contact.models import Partner


def find_her_case_pages(organisation, today: date) -> list[dict]:
    partners = Partner.objects.filter(organisation=organisation).order_by(
        "-last_contact_at", "pk"
    )
    partner = partners.filter(checklists__isnull=False).first() or partners.first()
    return [
        {
            "title": "her record page (status, checklist, sectioned plan, children)",
            "role": "partner_support",
            "path": partner
            and reverse("partner_contact:partner_detail", args=[partner.uuid]),
            "budget": 3.0,
        }
    ]
