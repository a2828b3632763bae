from django.urls import path

from referrals.views import agencies, funnel, inbox, letters, onward, sharing

app_name = "referrals"

urlpatterns = [
    # Referrals in.
    path("", inbox.referral_list, name="referral_list"),
    path("new/", inbox.referral_create, name="referral_create"),
    path("<uuid:referral_uuid>/", inbox.referral_detail, name="referral_detail"),
    path("<uuid:referral_uuid>/edit/", inbox.referral_update, name="referral_update"),
    path("<uuid:referral_uuid>/screen/", inbox.referral_screen, name="referral_screen"),
    path("<uuid:referral_uuid>/accept/", inbox.referral_accept, name="referral_accept"),
    path(
        "<uuid:referral_uuid>/decline/", inbox.referral_decline, name="referral_decline"
    ),
    path(
        "<uuid:referral_uuid>/withdraw/",
        inbox.referral_withdraw,
        name="referral_withdraw",
    ),
    path("funnel/", funnel.referral_funnel, name="referral_funnel"),
    # Letters to referrers, and the organisation's letter templates.
    path("letters/<uuid:letter_uuid>/", letters.letter_detail, name="letter_detail"),
    path("letters/<uuid:letter_uuid>/send/", letters.letter_send, name="letter_send"),
    path(
        "letters/<uuid:letter_uuid>/print/", letters.letter_print, name="letter_print"
    ),
    path("letters/<uuid:letter_uuid>/pdf/", letters.letter_pdf, name="letter_pdf"),
    path(
        "letter-templates/", letters.letter_template_list, name="letter_template_list"
    ),
    path(
        "letter-templates/<str:event>/",
        letters.letter_template_update,
        name="letter_template_update",
    ),
    # The agency directory.
    path("agencies/", agencies.agency_list, name="agency_list"),
    path("agencies/new/", agencies.agency_create, name="agency_create"),
    path("agencies/<uuid:agency_uuid>/", agencies.agency_update, name="agency_update"),
    # Referrals out.
    path("onward/", onward.onward_list, name="onward_list"),
    path("onward/<uuid:onward_uuid>/", onward.onward_detail, name="onward_detail"),
    path("onward/<uuid:onward_uuid>/print/", onward.onward_print, name="onward_print"),
    path("onward/<uuid:onward_uuid>/print.pdf", onward.onward_pdf, name="onward_pdf"),
    path(
        "onward/<uuid:onward_uuid>/outcome/",
        onward.onward_outcome,
        name="onward_outcome",
    ),
    # A man's onward referral (men/<uuid>/onward/new/) is casefile:onward_create.
    path(
        "women/<uuid:partner_uuid>/onward/new/",
        onward.partner_onward_create,
        name="partner_onward_create",
    ),
    # Information-sharing logs, per man and per woman.
    path(
        "men/<uuid:participant_uuid>/sharing/",
        sharing.sharing_log,
        name="participant_sharing_log",
    ),
    path(
        "men/<uuid:participant_uuid>/sharing.csv",
        sharing.sharing_log_export,
        name="participant_sharing_export",
    ),
    path(
        "men/<uuid:participant_uuid>/sharing/new/",
        sharing.share_create,
        name="participant_share_create",
    ),
    path(
        "women/<uuid:partner_uuid>/sharing/",
        sharing.sharing_log,
        name="partner_sharing_log",
    ),
    path(
        "women/<uuid:partner_uuid>/sharing.csv",
        sharing.sharing_log_export,
        name="partner_sharing_export",
    ),
    path(
        "women/<uuid:partner_uuid>/sharing/new/",
        sharing.share_create,
        name="partner_share_create",
    ),
]
