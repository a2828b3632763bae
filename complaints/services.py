"""Writes of complaints: recording one and keeping its deadline right."""

from django.db import transaction

from accounts.models import User
from complaints.models import Complaint


@transaction.atomic
def save_complaint(*, complaint: Complaint, by: User) -> Complaint:
    """Save a new or edited complaint with its response deadline counted again
    (its date or kind may have changed), and who recorded it if new."""
    if complaint.pk is None:
        complaint.recorded_by = by
    complaint.set_response_due()
    complaint.save()
    return complaint
