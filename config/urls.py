from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("participants/", include("participants.urls")),
    path("programmes/", include("programmes.urls")),
    path("partners/", include("partner_contact.urls")),
    path("referrals/", include("referrals.urls")),
    path("risk/", include("risk.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler403 = "accounts.views.permission_denied"
handler404 = "accounts.views.page_not_found"
handler500 = "accounts.views.server_error"
