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
        "referrals/men/<uuid:participant_uuid>/onward/new/",
        views.onward_create,
        name="onward_create",
    ),
]
