from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("due/", views.time_point_list, name="due"),
    path("programmes/", views.programme_outcomes, name="programme_outcomes"),
    path("dataset.csv", views.dataset_export, name="dataset_export"),
    path("<uuid:time_point_uuid>/", views.time_point_record, name="record"),
    path("<uuid:time_point_uuid>/settle/", views.time_point_settle, name="settle"),
]
