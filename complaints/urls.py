from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="complaint_list"),
    path("new/", views.complaint_create, name="complaint_create"),
    path("<uuid:complaint_uuid>/", views.complaint_detail, name="complaint_detail"),
    path(
        "<uuid:complaint_uuid>/edit/", views.complaint_update, name="complaint_update"
    ),
]
