"""Where a form may send the user back to (?next=): only a path on this site."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, target: str | None) -> str | None:
    """The target if it is a path of this site, else None: no open redirect, and
    nothing that Django would try (and fail) to reverse as a URL name."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target
