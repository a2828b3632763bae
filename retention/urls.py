from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/<slug:rule>/", views.rule_update, name="rule_update"),
    path("holds/", views.hold_list, name="hold_list"),
    path("holds/new/", views.hold_create, name="hold_create"),
    path("holds/<uuid:hold_uuid>/lift/", views.hold_lift, name="hold_lift"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/prepare/", views.batch_prepare, name="batch_prepare"),
    path("batches/<uuid:batch_uuid>/", views.batch_detail, name="batch_detail"),
    path(
        "batches/<uuid:batch_uuid>/approve/", views.batch_approve, name="batch_approve"
    ),
    path("batches/<uuid:batch_uuid>/hold/", views.item_hold, name="item_hold"),
    path("batches/<uuid:batch_uuid>/release/", views.item_release, name="item_release"),
    path("log/", views.erasure_log, name="erasure_log"),
    path("processing/", views.processing_record, name="processing"),
]
