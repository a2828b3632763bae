from django.urls import path

from casefile import views

app_name = "casefile"

# Full paths, included at the site's root: the pages keep the addresses they had
# when they lived in participants and referrals, so bookmarks still work.
urlpatterns = [
    path("participants/", views.participant_list, name="list"),
    path(
        "participants/<uuid:participant_uuid>/",
        views.participant_detail,
        name="detail",
    ),
    path(
        "participants/<uuid:participant_uuid>/print/",
        views.participant_print,
        name="print",
    ),
    path(
        "participants/<uuid:participant_uuid>/print.pdf",
        views.participant_pdf,
        name="pdf",
    ),
    path(
        "referrals/men/<uuid:participant_uuid>/onward/new/",
        views.onward_create,
        name="onward_create",
    ),
]
