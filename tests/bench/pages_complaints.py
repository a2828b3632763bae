"""Bench rows of complaints and letters to referrers (issue 17, items 3 and 4):
the manager's complaints list (all complaints of the bench organisation, the
firewalled ones included, newest first) held to 3x the floor, and a letter to a
referrer where the demo data has one."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from complaints.models import Complaint
from referrals.models import ReferrerLetter

BUDGET = 3.0


def find_complaint_pages(organisation, today: date) -> list[dict]:
    complaints = Complaint.objects.filter(organisation=organisation).count()
    letter = (
        ReferrerLetter.objects.filter(organisation=organisation)
        .order_by("-created_at")
        .first()
    )
    return [
        {
            "title": f"complaints list ({complaints} complaints and compliments)",
            "role": "manager",
            "path": reverse("complaints:complaint_list"),
            "budget": BUDGET,
        },
        {
            "title": "letter to a referrer (draft with its edit form)",
            "role": "manager",
            "path": letter and letter.get_absolute_url(),
            "budget": BUDGET,
        },
    ]
