"""A child's court orders and protection plans: the list, adding, editing, removing.

Orders are part of the child's record on his case file, so they take the child's
permissions (view_child to read, change_child to write). Their dates feed the
risk detectors (risk.rules.case_events.detect_hearings_soon).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participants.forms import ChildOrderForm
from participants.models import Child, ChildOrder


@permission_required("participants.view_child", raise_exception=True)
@require_http_methods(["GET", "POST"])
def child_orders(request, child_uuid):
    """A child's orders and plans, and (for those who may) a form to add one."""
    child = Child.objects.select_related("participant").visible_or_404(
        request.user, child_uuid
    )
    may_change = request.user.has_perm("participants.change_child")
    form = ChildOrderForm(request.POST or None) if may_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            order = form.save(commit=False)
            order.child = child
            order.organisation_id = child.organisation_id
            order.save()
            messages.success(request, _("Order saved."))
            return redirect("participants:child_orders", child.uuid)
    return TemplateResponse(
        request,
        "participants/child_orders.html",
        {
            "child": child,
            "participant": child.participant,
            "orders": list(child.child_orders.all()),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _order(request, order_uuid) -> ChildOrder:
    return ChildOrder.objects.select_related(
        "child", "child__participant"
    ).visible_or_404(request.user, order_uuid)


@permission_required("participants.change_child", raise_exception=True)
@require_http_methods(["GET", "POST"])
def child_order_update(request, order_uuid):
    order = _order(request, order_uuid)
    form = ChildOrderForm(request.POST or None, instance=order)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Order saved."))
        return redirect("participants:child_orders", order.child.uuid)
    return TemplateResponse(
        request,
        "participants/child_order_form.html",
        {"form": form, "order": order, "child": order.child},
        status=400 if form.errors else 200,
    )


@permission_required("participants.change_child", raise_exception=True)
@require_http_methods(["POST"])
def child_order_delete(request, order_uuid):
    """Remove an order recorded in error; the history keeps it."""
    order = _order(request, order_uuid)
    child = order.child
    order.delete()
    messages.success(request, _("Order removed."))
    return redirect("participants:child_orders", child.uuid)
