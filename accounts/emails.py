"""E-mails about accounts: one function per kind, templates in templates/emails/."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.languages import language_of
from accounts.models import AccessLog, AccountEvent, User


def send_account_setup(*, user: User, request) -> None:
    """Send a new user the link to choose their first password."""
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
    }
    # In the language the new user will read the service in.
    with translation.override(language_of(user)):
        subject = render_to_string("emails/password-setup-subject.txt", context)
        body = render_to_string("emails/password-setup-body.txt", context)
    subject = subject.strip()
    send_mail(subject, body, None, [user.email])


def _account_change_context(entry: AccessLog) -> dict:
    account = User.objects.select_related("organisation").get(uuid=entry.object_uuid)
    site = settings.SITE_URL.rstrip("/")
    return {
        "account": account,
        "event": AccountEvent(entry.detail),
        "at": entry.at,
        "by_someone_else": entry.user_id is not None and entry.user_id != account.pk,
        "actor": entry.user,
        "organisation": account.organisation,
        "password_reset_url": site + reverse("accounts:password_reset"),
        "access_log_url": site + reverse("accounts:access_log"),
    }


def send_templated(
    *, name: str, context: dict, to: list[str], language: str | None = None
) -> None:
    """Send the e-mail `name` from its three templates (emails/<name>-subject.txt,
    -body.txt and -body.html), the one way every app's e-mails are built.

    `language` is the recipient's (accounts.languages.language_of); without it
    the e-mail is written in the language active at the time.
    """
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"emails/{name}-subject.txt", context).strip()
        body = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


def send_account_notice(*, entry: AccessLog, address: str) -> None:
    """Tell a person that how they sign in, or what they may read, has changed."""
    if address:
        context = _account_change_context(entry)
        send_templated(
            name="account-notice",
            context=context,
            to=[address],
            language=language_of(context["account"]),
        )


def send_account_notice_to_managers(*, entry: AccessLog) -> None:
    """Tell an organisation's managers that a colleague's access was changed.

    Neither the person changed nor whoever changed it is among the recipients.
    """
    context = _account_change_context(entry)
    managers = (
        User.objects.filter(
            organisation_id=context["account"].organisation_id,
            role=User.Role.MANAGER,
            is_active=True,
        )
        .exclude(pk__in=[context["account"].pk, entry.user_id or 0])
        .exclude(email="")
        .values_list("email", flat=True)
    )
    organisation = context["organisation"]
    for address in managers:
        send_templated(
            name="account-notice-managers",
            context=context,
            to=[address],
            language=organisation.language if organisation else None,
        )
