"""The risk app's panels on the home page."""

from datetime import timedelta

from django.utils import timezone

from participants.models import Participant, RiskLevel
from risk.dashboard import counted_alerts
from risk.models import Alert, MonitoringPeriod, RiskAssessment
from risk.rules import OPEN_STATUSES


def home_context(user) -> dict:
    """Context for the manager home page panel: a summary and the dashboard link."""
    today = timezone.localdate()
    men = Participant.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    # The dashboard's figure: open alerts about open cases and open enquiries,
    # across what the manager sees (the whole organisation); hers are the
    # menu's count.
    waiting = Alert.objects.visible_to(user).filter(status=Alert.Status.OPEN)
    alerts = counted_alerts(waiting, user.organisation_id, enquiries=True)
    late = alerts.filter(
        created_at__lt=timezone.now()
        - timedelta(hours=user.organisation.alert_acknowledge_hours)
    )
    return {
        "risk_home": {
            "high": men.filter(risk_level=RiskLevel.HIGH).count(),
            "monitoring": MonitoringPeriod.objects.visible_to(user)
            .active(today)
            .filter(participant__in=men.values("pk"))
            .values("participant")
            .distinct()
            .count(),
            "open_alerts": alerts.count(),
            "my_open_alerts": waiting.filter(recipient=user).count(),
            "late_alerts": late.count(),
            "overdue_reviews": RiskAssessment.objects.review_overdue(today)
            .filter(participant__in=men.values("pk"))
            .count(),
        }
    }
