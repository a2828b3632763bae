from django.urls import path

from risk.views import alerts, assessments, country, dashboard, records
from risk.views import instruments as instrument_versions  # country: versions

app_name = "risk"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("settings/", dashboard.settings_update, name="settings"),
    path("country-preset/", country.country_preset, name="country_preset"),
    # country: an organisation's own versions of an instrument (risk.versions).
    path("instruments/", instrument_versions.instrument_list, name="instrument_list"),
    path(
        "instruments/<int:pk>/",
        instrument_versions.version_preview,
        name="version_preview",
    ),
    path(
        "instruments/<int:pk>/new-version/",
        instrument_versions.version_start,
        name="version_start",
    ),
    path(
        "instruments/<int:pk>/edit/",
        instrument_versions.version_edit,
        name="version_edit",
    ),
    path(
        "instruments/<int:pk>/publish/",
        instrument_versions.version_publish,
        name="version_publish",
    ),
    path("assessments/", assessments.assessment_list, name="assessment_list"),
    path("notes/", records.note_list, name="note_list"),
    path(
        "assessments/<uuid:assessment_uuid>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "men/<uuid:participant_uuid>/assess/",
        assessments.assessment_create,
        name="assessment_create",
    ),
    path(
        "men/<uuid:participant_uuid>/notes/new/",
        records.note_create,
        name="note_create",
    ),
    path(
        "men/<uuid:participant_uuid>/events/new/",
        records.event_create,
        name="event_create",
    ),
    path("events/<uuid:event_uuid>/close/", records.event_close, name="event_close"),
    path(
        "partner-contacts/<uuid:contact_uuid>/share/",
        records.share_from_contact,
        name="share_from_contact",
    ),
    path("alerts/", alerts.alert_list, name="alert_list"),
    path(
        "alerts/acknowledge/",
        alerts.alert_acknowledge_many,
        name="alert_acknowledge_many",
    ),
    path("alerts/<uuid:alert_uuid>/", alerts.alert_detail, name="alert_detail"),
    path(
        "alerts/<uuid:alert_uuid>/acknowledge/",
        alerts.alert_acknowledge,
        name="alert_acknowledge",
    ),
    path(
        "alerts/<uuid:alert_uuid>/resolve/", alerts.alert_resolve, name="alert_resolve"
    ),
]
