"""A country's preset applied whole: its terms (localisation) and the criteria of
its multi-agency risk conference (risk.RiskSettings)."""

from django.db import transaction

from accounts.models import Organisation
from localisation import services as localisation
from localisation.models import Terms
from localisation.presets import PRESETS
from risk.models import RiskSettings


@transaction.atomic
def apply_country_preset(*, organisation: Organisation, country: str) -> Terms:
    """Apply the country's terms, time zone, numbers and holidays, and set the
    conference's threshold, escalation count and windows to the country's."""
    terms = localisation.apply_country_preset(
        organisation=organisation, country=country
    )
    conference = PRESETS[country].conference
    RiskSettings.objects.update_or_create(
        organisation=organisation,
        defaults={
            "marac_threshold": conference.threshold,
            "escalation_incidents": conference.escalation_incidents,
            "escalation_window_days": conference.escalation_window_days,
            "repeat_window_days": conference.repeat_window_days,
        },
    )
    return terms
