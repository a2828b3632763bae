"""What the firewall sweeps share: the markers looked for, any answer read as
text (a PDF by its pages), and the background work run first so that whatever
it writes is swept too."""

import re
from datetime import timedelta
from html import unescape

from django.utils import timezone

from outcomes.detectors import detect_missed_time_points
from risk import services as risk_services
from risk.models import Alert
from risk.tasks import deliver_alert_emails
from tests.security.conftest import (
    OUR_PHONE_DIGITS,
    OUR_PREFIX,
    THEIR_PHONE_DIGITS,
    THEIR_PREFIX,
)
from tests.security.site import body_of, pdf_text

MARKER = re.compile(rf"(?:{OUR_PREFIX}|{THEIR_PREFIX})\w*")
PHONES = {
    f"07700{OUR_PHONE_DIGITS}": "her phone",
    f"07700{OUR_PHONE_DIGITS[::-1]}": "the second woman's phone",
    f"07700{THEIR_PHONE_DIGITS}": "their woman's phone",
    f"07700{THEIR_PHONE_DIGITS[::-1]}": "their second woman's phone",
}


def text_of(response) -> str:
    """The answer as searchable text; a PDF (a print view's download) by the
    text of its pages, which its compressed bytes would hide."""
    if response.get("Content-Type") == "application/pdf":
        return pdf_text(response.content).lower()
    return unescape(body_of(response)).lower()


def markers_in(text: str, *, phones: bool = True) -> set[str]:
    found = set(MARKER.findall(text))
    if phones:
        flat = re.sub(r"[\s\-()+.]", "", text)
        found |= {label for phone, label in PHONES.items() if phone in flat}
    return found


def run_risk_machinery(worlds):
    """Detectors, escalation and alert e-mails, as beat and the worker would."""
    now = timezone.now()
    risk_services.run_detectors(at=now)
    # outcomes: her missed questionnaire alerts partner support only.
    detect_missed_time_points(today=timezone.localdate(now), now=now)
    risk_services.escalate_unacknowledged_alerts(at=now + timedelta(days=3))
    pending = list(
        Alert.objects.filter(email_status=Alert.EmailStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    deliver_alert_emails(pending)
