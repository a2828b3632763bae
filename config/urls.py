from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required  # languages
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog  # languages

from accounts.views import health

urlpatterns = [
    path("", include("home.urls")),
    path("healthz", health.healthz, name="healthz"),
    # languages: the strings of static/js in the reader's language, loaded as a
    # file (CSP allows no inline script); the sign-in page needs it too.
    path(
        "jsi18n/",
        login_not_required(JavaScriptCatalog.as_view()),
        name="javascript_catalogue",
    ),
    # The top floor serves a few paths under other apps' prefixes: the men's list,
    # his case file and his onward referral keep the addresses they always had.
    path("", include("casefile.urls")),
    path("accounts/", include("accounts.urls")),
    path("organisation/", include("localisation.urls")),  # localisation
    path("participants/", include("participants.urls")),
    path("programmes/", include("programmes.urls")),
    path("partners/", include("partner_contact.urls")),
    path("retention/", include("retention.urls")),  # retention
    # enquiries: the queue under /enquiries/ and the public page under /contact/.
    path("", include("enquiries.urls")),
    path("referrals/", include("referrals.urls")),
    path("equality/", include("equality.urls")),  # equality monitoring
    path("complaints/", include("complaints.urls")),  # complaints
    path("risk/", include("risk.urls")),
    path("data-rights/", include("data_rights.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reports/", include("reports.urls")),  # reports: the period report
    path(settings.ADMIN_URL, admin.site.urls),
]

handler403 = "accounts.views.errors.permission_denied"
handler404 = "accounts.views.errors.page_not_found"
handler500 = "accounts.views.errors.server_error"
