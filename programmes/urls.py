from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<uuid:programme_uuid>/", views.programme_detail, name="programme_detail"),
    path(
        "<uuid:programme_uuid>/edit/", views.programme_update, name="programme_update"
    ),
    path(
        "<uuid:programme_uuid>/modules/new/",
        views.module_create,
        name="module_create",
    ),
    path("modules/<uuid:module_uuid>/edit/", views.module_update, name="module_update"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<uuid:group_uuid>/", views.group_detail, name="group_detail"),
    path("groups/<uuid:group_uuid>/edit/", views.group_update, name="group_update"),
    path(
        "groups/<uuid:group_uuid>/sessions/generate/",
        views.group_generate_sessions,
        name="group_generate_sessions",
    ),
    path("sessions/mine/", views.my_sessions, name="my_sessions"),
    path("sessions/<uuid:session_uuid>/", views.session_detail, name="session_detail"),
    path(
        "sessions/<uuid:session_uuid>/cancel/",
        views.session_cancel,
        name="session_cancel",
    ),
    path(
        "participants/<uuid:participant_uuid>/one-to-one/",
        views.one_to_one_create,
        name="one_to_one_create",
    ),
    path("participants/<uuid:participant_uuid>/enrol/", views.enrol, name="enrol"),
    path(
        "places/<uuid:enrolment_uuid>/end/",
        views.enrolment_end,
        name="enrolment_end",
    ),
    path("exit-reports/<uuid:report_uuid>/", views.exit_report, name="exit_report"),
]
