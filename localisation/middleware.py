"""Each organisation in its own time: the signed-in user's pages in its zone."""

from django.utils import timezone

from accounts.calendar import organisation_zone


class OrganisationTimeZoneMiddleware:
    """Activate the signed-in user's organisation's time zone for the request.

    The user is loaded with the organisation in one query
    (accounts.backends.OrganisationUserBackend), so this costs no query. With the
    zone active, `timezone.localdate()` in views, forms and services is the
    organisation's date and templates show times on its clocks. The zone is
    deactivated afterwards so that a thread never carries it into the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        organisation = (
            getattr(user, "organisation", None)
            if user is not None and user.is_authenticated
            else None
        )
        if organisation is not None:
            timezone.activate(organisation_zone(organisation))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
