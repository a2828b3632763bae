from django.urls import path

from partner_contact import views

app_name = "partner_contact"

urlpatterns = [
    path("", views.partner_list, name="partner_list"),
    path("worklist/", views.worklist, name="worklist"),
    path("worklist/section/", views.worklist_section, name="worklist_section"),
    path("new/", views.partner_create, name="partner_create"),
    path("<uuid:partner_uuid>/", views.partner_detail, name="partner_detail"),
    path("<uuid:partner_uuid>/edit/", views.partner_update, name="partner_update"),
    path(
        "<uuid:partner_uuid>/link/",
        views.relationship_create,
        name="relationship_create",
    ),
    path(
        "<uuid:partner_uuid>/contacts/new/", views.contact_create, name="contact_create"
    ),
    path(
        "<uuid:partner_uuid>/consents/new/", views.consent_create, name="consent_create"
    ),
    path(
        "<uuid:partner_uuid>/safety-plans/",
        views.safety_plan_list,
        name="safety_plan_list",
    ),
    path(
        "<uuid:partner_uuid>/safety-plans/new/",
        views.safety_plan_create,
        name="safety_plan_create",
    ),
    path("<uuid:partner_uuid>/export.csv", views.partner_export, name="partner_export"),
    path("contacts/<uuid:contact_uuid>/", views.contact_detail, name="contact_detail"),
    path(
        "consents/<uuid:consent_uuid>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "relationships/<uuid:relationship_uuid>/separation/",
        views.separation_create,
        name="separation_create",
    ),
]
