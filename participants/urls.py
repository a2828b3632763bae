from django.urls import path

from participants import child_orders, views

app_name = "participants"

# The men's list ("") and his case file ("<uuid>/") read every app: they are
# casefile:list and casefile:detail, on the top floor, at the same paths.

urlpatterns = [
    path("new/", views.participant_create, name="create"),
    path("approvals/", views.approval_list, name="approvals"),
    path(
        "approvals/<uuid:change_uuid>/approve/",
        views.status_change_decide,
        {"decision": "approve"},
        name="approve",
    ),
    path(
        "approvals/<uuid:change_uuid>/reject/",
        views.status_change_decide,
        {"decision": "reject"},
        name="reject",
    ),
    path("<uuid:participant_uuid>/edit/", views.participant_update, name="update"),
    path("<uuid:participant_uuid>/move/", views.participant_move, name="move"),
    path(
        "<uuid:participant_uuid>/children/new/",
        views.child_create,
        name="child_create",
    ),
    path("children/<uuid:child_uuid>/edit/", views.child_update, name="child_update"),
    path("children/<uuid:child_uuid>/remove/", views.child_delete, name="child_delete"),
    path(
        "children/<uuid:child_uuid>/orders/",
        child_orders.child_orders,
        name="child_orders",
    ),
    path(
        "orders/<uuid:order_uuid>/edit/",
        child_orders.child_order_update,
        name="child_order_update",
    ),
    path(
        "orders/<uuid:order_uuid>/remove/",
        child_orders.child_order_delete,
        name="child_order_delete",
    ),
    path(
        "<uuid:participant_uuid>/notes/new/",
        views.casenote_create,
        name="casenote_create",
    ),
    path(
        "<uuid:participant_uuid>/notes/draft/",
        views.casenote_draft,
        name="casenote_draft",
    ),
]
