"""The unread-alert count for the navigation badge."""

from risk.badge import open_alert_count_for


def open_alert_count(request) -> int:
    """Alerts waiting for this user's acknowledgement: read once per request."""
    if not hasattr(request, "_risk_open_alerts"):
        user = request.user
        request._risk_open_alerts = (
            open_alert_count_for(user)
            if user.is_authenticated and user.has_perm("risk.view_alert")
            else 0
        )
    return request._risk_open_alerts


def alerts(request):
    """`risk_alert_count` for templates; computed only if a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"risk_alert_count": lambda: open_alert_count(request)}
