"""E-mails about accounts: one function per kind, templates in templates/emails/."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User


def send_account_setup(*, user: User, request) -> None:
    """Send a new user the link to choose their first password."""
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
    }
    subject = render_to_string("emails/password-setup-subject.txt", context).strip()
    body = render_to_string("emails/password-setup-body.txt", context)
    send_mail(subject, body, None, [user.email])
