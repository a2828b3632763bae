from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("due/", views.time_point_list, name="due"),
    path("programmes/", views.programme_outcomes, name="programme_outcomes"),
    path("dataset.csv", views.dataset_export, name="dataset_export"),
    path(
        "dataset.xlsx",
        views.dataset_export,
        {"fmt": "xlsx"},
        name="dataset_export_xlsx",
    ),
    path("dataset/dictionary/", views.data_dictionary, name="data_dictionary"),
    path(
        "dataset/dictionary.csv",
        views.data_dictionary_csv,
        name="data_dictionary_csv",
    ),
    path("<uuid:time_point_uuid>/", views.time_point_record, name="record"),
    path("<uuid:time_point_uuid>/draft/", views.time_point_draft, name="draft"),
    path("<uuid:time_point_uuid>/settle/", views.time_point_settle, name="settle"),
]
