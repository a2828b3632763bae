from django.urls import path

from enquiries import public, views

app_name = "enquiries"

urlpatterns = [
    # The public page, outside the signed-in part of the site.
    path("contact/<slug:slug>/", public.public_contact, name="public_contact"),
    path("enquiries/", views.enquiry_list, name="list"),
    path("enquiries/new/", views.enquiry_create, name="create"),
    path("enquiries/<uuid:enquiry_uuid>/", views.enquiry_detail, name="detail"),
    path("enquiries/<uuid:enquiry_uuid>/edit/", views.enquiry_update, name="update"),
    path(
        "enquiries/<uuid:enquiry_uuid>/first-contact/",
        views.enquiry_first_contact,
        name="first_contact",
    ),
    path("enquiries/<uuid:enquiry_uuid>/reopen/", views.enquiry_reopen, name="reopen"),
    path("enquiries/<uuid:enquiry_uuid>/link/", views.enquiry_link, name="link"),
]
