"""Risk e-mails: one function per kind, templates in templates/emails/.

An alert e-mail says only that there is an alert and where to read it: never a
partner's details, never a man's name (his case reference only).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from risk.models import Alert


def send_alert(*, alert: Alert) -> None:
    """Tell the recipient that an alert waits for them, with a link to it."""
    context = {
        "reference": alert.event.participant.reference,
        "url": settings.SITE_URL.rstrip("/") + alert.get_absolute_url(),
        "escalated": alert.event.kind == alert.event.Kind.UNACKNOWLEDGED_ALERT,
    }
    subject = render_to_string("emails/alert-subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/alert-body.txt", context),
        to=[alert.recipient.email],
    )
    message.attach_alternative(
        render_to_string("emails/alert-body.html", context), "text/html"
    )
    message.send()
