from django.urls import path

from partner_contact.views import (
    consents,
    contacts,
    partners,
    relationships,
    safety_plans,
    worklist,
)

app_name = "partner_contact"

urlpatterns = [
    path("", partners.partner_list, name="partner_list"),
    path("worklist/", worklist.worklist, name="worklist"),
    path("worklist/section/", worklist.worklist_section, name="worklist_section"),
    path("new/", partners.partner_create, name="partner_create"),
    path("<uuid:partner_uuid>/", partners.partner_detail, name="partner_detail"),
    path("<uuid:partner_uuid>/edit/", partners.partner_update, name="partner_update"),
    path(
        "<uuid:partner_uuid>/link/",
        relationships.relationship_create,
        name="relationship_create",
    ),
    path(
        "<uuid:partner_uuid>/contacts/new/",
        contacts.contact_create,
        name="contact_create",
    ),
    path(
        "<uuid:partner_uuid>/consents/new/",
        consents.consent_create,
        name="consent_create",
    ),
    path(
        "<uuid:partner_uuid>/safety-plans/",
        safety_plans.safety_plan_list,
        name="safety_plan_list",
    ),
    path(
        "<uuid:partner_uuid>/safety-plans/new/",
        safety_plans.safety_plan_create,
        name="safety_plan_create",
    ),
    path(
        "<uuid:partner_uuid>/export.csv", partners.partner_export, name="partner_export"
    ),
    path(
        "contacts/<uuid:contact_uuid>/", contacts.contact_detail, name="contact_detail"
    ),
    path(
        "consents/<uuid:consent_uuid>/withdraw/",
        consents.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "relationships/<uuid:relationship_uuid>/separation/",
        relationships.separation_create,
        name="separation_create",
    ),
]
