"""The enquiries panel on the partner-support worklist (partner_contact.slots).

Two queries whatever the queue's length: the first rows of enquiries waiting for
a first contact with their total, and the counts of the rest.
"""

from datetime import date

from django.db.models import Count, Q

from accounts.calendar import local_today
from accounts.listing import first_rows_and_total
from enquiries.models import Enquiry

PANEL_LIMIT = 10


def panel_figures(user, today: date, everyone: bool = False) -> dict:
    """Open enquiries of the user's queue: a worker's own and those nobody holds
    (a manager's, or `everyone`: the organisation's)."""
    enquiries = Enquiry.objects.visible_to(user).open()
    if user.is_partner_support and not everyone:
        enquiries = enquiries.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    waiting, waiting_total = first_rows_and_total(
        enquiries.awaiting_first_contact()
        .only("uuid", "name", "channel", "received_at", "first_contact_due")
        .order_by("first_contact_due", "received_at", "pk"),
        PANEL_LIMIT,
    )
    counts = enquiries.aggregate(
        overdue=Count(
            "pk",
            filter=Q(first_contact_at__isnull=True, first_contact_due__lt=today),
        ),
        follow_ups=Count("pk", filter=Q(follow_up_on__lte=today)),
    )
    return {
        "waiting": waiting,
        "waiting_total": waiting_total,
        "overdue": counts["overdue"],
        "follow_ups": counts["follow_ups"],
        "today": today,
    }


def enquiries_panel(*, user, everyone: bool = False, **kwargs):
    """The provider of partner_contact.slots.worklist: None outside the firewall."""
    if not user.has_perm("enquiries.view_enquiry"):
        return None
    today = local_today(user.organisation)
    return (
        "enquiries/_worklist_panel.html",
        {**panel_figures(user, today, everyone), "everyone": everyone},
    )
