"""The partner_contact app's panels on the home page."""

from django.utils import timezone

from partner_contact.models import may_see_partners
from partner_contact.worklist import build_worklist


def home_context(user) -> dict:
    """Context for the partner_support home page panel: counts from the worklist."""
    if not may_see_partners(user):
        return {}
    # Only the counts are shown: one row a section is enough to read them.
    worklist = build_worklist(user, timezone.localdate(), limit=1)
    return {
        "pc_awaiting": worklist.counts["awaiting"],
        "pc_overdue": worklist.overdue,
        "pc_retries": worklist.counts["retries"],
        "pc_increased_risk": worklist.counts["increased_risk"],
        "pc_follow_ups": worklist.counts["follow_ups"],
        "pc_notices": worklist.counts["notices"],
        "pc_median": worklist.median_days_to_first_contact,
        "pc_first_contact_days": worklist.first_contact_days,
    }
