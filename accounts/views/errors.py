"""The error pages (config.urls handler403, handler404, handler500)."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse


@login_not_required
def permission_denied(request, exception=None):
    return TemplateResponse(request, "403.html", status=403).render()


@login_not_required
def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", status=404).render()


@login_not_required
def server_error(request):
    """A friendly 500, or 503 when the database is down (it will come back)."""
    # Rendered without the request: its context processors would touch the
    # session and the user, that is the database that may be what failed.
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
