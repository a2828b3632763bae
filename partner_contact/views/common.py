"""The firewall decorator and the access helper that the partner views share."""

from functools import wraps

from django.http import Http404

from partner_contact.models import Partner, may_see_partners


def firewalled(view):
    """404 for every role outside the firewall, whatever its permissions."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_see_partners(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def partner_or_404(request, partner_uuid) -> Partner:
    return Partner.objects.visible_or_404(request.user, partner_uuid)
