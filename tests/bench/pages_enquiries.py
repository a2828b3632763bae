"""Bench rows of enquiries (issue 16, items 1 and 2): the partner-support
worker's enquiries queue (open enquiries of the bench organisation, seeded at
scale by demo.enquiries) held to 3x the floor, and the public contact page,
anonymous, held to 2x the anonymous login page."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from enquiries.models import Enquiry


def find_enquiry_pages(organisation, today: date) -> list[dict]:
    enquiries = Enquiry.objects.filter(organisation=organisation)
    slug = organisation.public_contact_slug
    return [
        {
            "title": (
                f"enquiries queue ({enquiries.open().count()} open of "
                f"{enquiries.count()} enquiries)"
            ),
            "role": "partner_support",
            "path": reverse("enquiries:list"),
            "budget": 3.0,
        },
        {
            "title": "public contact page (anonymous)",
            "role": "anonymous",
            "basis": "anonymous",
            "path": slug and reverse("enquiries:public_contact", args=[slug]),
            "budget": 2.0,
        },
    ]
