from django.urls import path

from partner_contact.views import (
    consents,
    contacts,
    her_case,
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
    path("<uuid:partner_uuid>/move/", her_case.partner_move, name="partner_move"),
    path(
        "<uuid:partner_uuid>/checklists/new/",
        her_case.checklist_create,
        name="checklist_create",
    ),
    path(
        "checklists/<uuid:checklist_uuid>/",
        her_case.checklist_detail,
        name="checklist_detail",
    ),
    path(
        "<uuid:partner_uuid>/children/link/",
        her_case.child_link_create,
        name="child_link_create",
    ),
    path(
        "children/<uuid:link_uuid>/unlink/",
        her_case.child_link_delete,
        name="child_link_delete",
    ),
    path(
        "safety-plans/<uuid:plan_uuid>/",
        safety_plans.safety_plan_detail,
        name="safety_plan_detail",
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
