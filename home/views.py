"""Each role's start page, composed from the home panels of the apps below.

This app sits on the top floor (docs/decisions/0006-layers.md): it may read from
every domain app, and none of them imports it.
"""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from accounts.models import User
from outcomes import home as outcomes_home
from participants import home as participants_home
from partner_contact import home as partner_contact_home
from programmes import home as programmes_home
from risk import home as risk_home

# Each app's `home_context(user) -> dict` for the role whose start page shows its
# panel; organisation administrators' page needs no context of its own.
PANELS = {
    User.Role.FACILITATOR: programmes_home.home_context,
    User.Role.CASEWORKER: participants_home.home_context,
    User.Role.PARTNER_SUPPORT: partner_contact_home.home_context,
    User.Role.MANAGER: risk_home.home_context,
}

# Roles that collect outcome questionnaires: their start page counts those due.
COLLECTORS = (User.Role.CASEWORKER, User.Role.PARTNER_SUPPORT)


@require_safe
def home(request):
    """The signed-in user's start page, made for their role."""
    user = request.user
    context = PANELS[user.role](user) if user.role in PANELS else {}
    if user.role in COLLECTORS:
        context.update(outcomes_home.home_context(user))
    # A platform superuser has no role: the plain page points to the admin site.
    template = f"home/{user.role}.html" if user.role else "home/home.html"
    return TemplateResponse(request, [template, "home/home.html"], context)
