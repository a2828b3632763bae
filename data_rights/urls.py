from django.urls import path

from data_rights import views

app_name = "data_rights"

urlpatterns = [
    path("requests/", views.request_list, name="request_list"),
    path(
        "requests/new/<slug:subject>/<uuid:subject_uuid>/",
        views.request_create,
        name="request_create",
    ),
    path("requests/<uuid:request_uuid>/", views.request_detail, name="request_detail"),
    path(
        "requests/<uuid:request_uuid>/identity/",
        views.request_identity,
        name="request_identity",
    ),
    path(
        "requests/<uuid:request_uuid>/export/",
        views.request_export,
        name="request_export",
    ),
    path(
        "requests/<uuid:request_uuid>/release/",
        views.request_release,
        name="request_release",
    ),
    path(
        "requests/<uuid:request_uuid>/download/",
        views.request_download,
        name="request_download",
    ),
    path(
        "requests/<uuid:request_uuid>/decide/",
        views.request_decide,
        name="request_decide",
    ),
    path("requests/<uuid:request_uuid>/lift/", views.request_lift, name="request_lift"),
    path(
        "history/<slug:kind>/<uuid:record_uuid>/",
        views.record_history,
        name="history",
    ),
]
