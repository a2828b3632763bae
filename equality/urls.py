from django.urls import path

from equality import views

app_name = "equality"

urlpatterns = [
    path(
        "men/<uuid:participant_uuid>/",
        views.participant_monitoring,
        name="participant_monitoring",
    ),
    path(
        "women/<uuid:partner_uuid>/",
        views.partner_monitoring,
        name="partner_monitoring",
    ),
    path("options/", views.option_list, name="option_list"),
    path(
        "options/<str:characteristic>/new/",
        views.option_create,
        name="option_create",
    ),
    path("options/<uuid:option_uuid>/", views.option_update, name="option_update"),
    path("options/<uuid:option_uuid>/move/", views.option_move, name="option_move"),
    path(
        "options/<uuid:option_uuid>/retire/", views.option_retire, name="option_retire"
    ),
]
