"""Risk e-mails: one function per kind, templates in templates/emails/.

An alert e-mail says only that there is an alert and where to read it: never a
partner's details, never a man's name (his case reference only).
"""

from django.conf import settings

from accounts.emails import send_templated
from accounts.languages import language_of  # languages
from risk.models import Alert


def alert_reference(alert: Alert) -> str:  # enquiries
    """His case reference, or an enquiry's (which says nothing of her)."""  # enquiries
    event = alert.event  # enquiries
    if event.participant_id is None:  # enquiries
        return event.enquiry.reference  # enquiries
    return event.participant.reference  # enquiries


def send_alert(*, alert: Alert) -> None:
    """Tell the recipient that an alert waits for them, with a link to it."""
    context = {
        "reference": alert_reference(alert),  # enquiries
        "url": settings.SITE_URL.rstrip("/") + alert.get_absolute_url(),
        "escalated": alert.event.kind == alert.event.Kind.UNACKNOWLEDGED_ALERT,
    }
    send_templated(
        name="alert",
        context=context,
        to=[alert.recipient.email],
        language=language_of(alert.recipient),  # languages: the recipient's own
    )
