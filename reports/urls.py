from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.period_report, name="period_report"),
    path("figures/", views.figure_records, name="figure_records"),
    path("export.csv", views.report_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.report_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("print/", views.report_print, name="print"),
    path("pdf/", views.report_pdf, name="pdf"),
]
