"""The public contact page: a woman, or a professional for her, asks for contact.

It must be safe on a device he may check, and useless to anyone fishing:
- no account, no session, no cookie but the CSRF token the form needs; nothing
  is remembered in the browser (no-store, autocomplete off, no message framework:
  the thank-you page is rendered directly, never after a redirect);
- the same thank-you page, byte for byte, whatever was sent: it never looks
  anyone up, so it cannot tell whether a person is known to the service;
- automated spam is discarded without telling: a hidden field a person leaves
  empty (the honeypot) and a signed start time in the form (faster than a person
  fills it in is a robot); both get the same thank-you page, and no sooner
  than a real request gets it: every thank-you page waits for a fixed floor
  measured from the request's start (ENQUIRIES_PUBLIC_ANSWER_FLOOR_SECONDS),
  so a discarded request cannot be told by its speed either;
- per address, a few requests an hour (the cache counts them, keyed by a hash
  of the address, which is never stored), then a polite refusal (429);
- oversized, malformed or scripted input is refused with a plain page (4xx).
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.cache import cache
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from accounts.models import Organisation
from enquiries import services
from enquiries.forms import PublicContactForm

SIGNING_SALT = "enquiries.public-contact.started"
HONEYPOT = "website"
STARTED = "started"
# Anything larger than every field at its longest is not a person's request.
MAX_REQUEST_BYTES = 16 * 1024
RATE_WINDOW_SECONDS = 60 * 60


def page_organisation(slug: str) -> Organisation:
    """The organisation whose page this is, or the site's ordinary 404."""
    organisation = (
        Organisation.objects.filter(public_contact_slug=slug)
        .only(
            "pk",
            "name",
            "emergency_numbers",
            "enquiry_first_contact_working_days",
            "time_zone",
            "public_contact_slug",
        )
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


def client_address(request) -> str:
    """The client's address; behind the configured proxies, from X-Forwarded-For
    (the same rule as the login throttle)."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def over_rate_limit(request, organisation: Organisation) -> bool:
    """Count this request against its address; True once past the hourly limit.

    The key is a keyed hash of the address, so the cache never holds an address.
    """
    digest = hashlib.sha256(
        f"{settings.SECRET_KEY}:{client_address(request)}".encode()
    ).hexdigest()[:32]
    key = f"enquiries:public-rate:{organisation.pk}:{digest}"
    if cache.add(key, 1, RATE_WINDOW_SECONDS):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RATE_WINDOW_SECONDS)
            count = 1
    return count > settings.ENQUIRIES_PUBLIC_RATE_LIMIT


def started_token() -> str:
    return signing.dumps(int(time.time()), salt=SIGNING_SALT)


def looks_automated(request) -> bool:
    """The honeypot was filled in, the start time is missing or forged, or the
    form came back faster than a person could fill it in."""
    if request.POST.get(HONEYPOT, ""):
        return True
    try:
        started = signing.loads(request.POST.get(STARTED, ""), salt=SIGNING_SALT)
    except signing.BadSignature:
        return True
    if not isinstance(started, int):
        return True
    return time.time() - started < settings.ENQUIRIES_PUBLIC_MIN_FILL_SECONDS


def _now() -> float:
    # A seam of its own, so a test can hold the clock without patching the
    # time module every other library uses.
    return time.monotonic()


def wait_for_answer_floor(started_at: float) -> None:
    """Sleep until the answer floor has passed since started_at.

    Saving a real request takes longer than discarding a robot's; without the
    floor, the thank-you page's timing would tell which one happened.
    """
    remaining = settings.ENQUIRIES_PUBLIC_ANSWER_FLOOR_SECONDS - (_now() - started_at)
    if remaining > 0:
        time.sleep(remaining)


def _page(request, organisation, template, *, status=200, **context):
    return TemplateResponse(
        request,
        template,
        {
            "organisation": organisation,
            "emergency_numbers": [
                line.strip()
                for line in organisation.emergency_numbers.splitlines()
                if line.strip()
            ],
            "exit_url": settings.ENQUIRIES_QUICK_EXIT_URL,
            **context,
        },
        status=status,
    )


def _form_page(request, organisation, form, *, status=200):
    return _page(
        request,
        organisation,
        "enquiries/public_contact.html",
        status=status,
        form=form,
        started=started_token(),
        honeypot=HONEYPOT,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def public_contact(request, slug):
    """The organisation's public contact page, and what it does with a request."""
    started_at = _now()
    organisation = page_organisation(slug)
    if request.method == "GET":
        return _form_page(request, organisation, PublicContactForm())
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return _page(
            request,
            organisation,
            "enquiries/public_refused.html",
            status=413,
            reason="too_long",
        )
    if over_rate_limit(request, organisation):
        return _page(
            request,
            organisation,
            "enquiries/public_refused.html",
            status=429,
            reason="rate",
        )
    if looks_automated(request):
        wait_for_answer_floor(started_at)
        return _page(request, organisation, "enquiries/public_thanks.html")
    form = PublicContactForm(request.POST)
    if not form.is_valid():
        return _form_page(request, organisation, form, status=400)
    services.receive_public_enquiry(organisation=organisation, **form.cleaned_data)
    wait_for_answer_floor(started_at)
    return _page(request, organisation, "enquiries/public_thanks.html")
