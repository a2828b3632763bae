from django.urls import path

from programmes.views import enrolments, groups, programmes, sessions

app_name = "programmes"

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("new/", programmes.programme_create, name="programme_create"),
    path(
        "<uuid:programme_uuid>/", programmes.programme_detail, name="programme_detail"
    ),
    path(
        "<uuid:programme_uuid>/edit/",
        programmes.programme_update,
        name="programme_update",
    ),
    path(
        "<uuid:programme_uuid>/modules/new/",
        programmes.module_create,
        name="module_create",
    ),
    path(
        "modules/<uuid:module_uuid>/edit/",
        programmes.module_update,
        name="module_update",
    ),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<uuid:group_uuid>/", groups.group_detail, name="group_detail"),
    path("groups/<uuid:group_uuid>/edit/", groups.group_update, name="group_update"),
    path(
        "groups/<uuid:group_uuid>/sessions/generate/",
        groups.group_generate_sessions,
        name="group_generate_sessions",
    ),
    path("sessions/mine/", sessions.my_sessions, name="my_sessions"),
    path(
        "sessions/<uuid:session_uuid>/", sessions.session_detail, name="session_detail"
    ),
    path(
        "sessions/<uuid:session_uuid>/cancel/",
        sessions.session_cancel,
        name="session_cancel",
    ),
    path(
        "participants/<uuid:participant_uuid>/one-to-one/",
        sessions.one_to_one_create,
        name="one_to_one_create",
    ),
    path("participants/<uuid:participant_uuid>/enrol/", enrolments.enrol, name="enrol"),
    path(
        "places/<uuid:enrolment_uuid>/end/",
        enrolments.enrolment_end,
        name="enrolment_end",
    ),
    path(
        "exit-reports/<uuid:report_uuid>/", enrolments.exit_report, name="exit_report"
    ),
    path(
        "exit-reports/<uuid:report_uuid>/print/",
        enrolments.exit_report_print,
        name="exit_report_print",
    ),
    path(
        "exit-reports/<uuid:report_uuid>/print.pdf",
        enrolments.exit_report_pdf,
        name="exit_report_pdf",
    ),
]
