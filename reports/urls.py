from django.urls import path

from reports import export_views, views

app_name = "reports"

urlpatterns = [
    path("", views.period_report, name="period_report"),
    path("figures/", views.figure_records, name="figure_records"),
    path("export.csv", views.report_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.report_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("files/", export_views.export_start, name="export_start"),
    path(
        "files/<uuid:export_uuid>/",
        export_views.export_status,
        name="export_status",
    ),
    path(
        "files/<uuid:export_uuid>/progress/",
        export_views.export_progress,
        name="export_progress",
    ),
    path(
        "files/<uuid:export_uuid>/download/",
        export_views.export_download,
        name="export_download",
    ),
    path("print/", views.report_print, name="print"),
    path("pdf/", views.report_pdf, name="pdf"),
]
