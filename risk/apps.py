import importlib

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def ensure_shipped_instrument(sender=None, apps=global_apps, **kwargs):
    """Load the shipped checklist again if a flush removed it (as tests do).

    Migration 0002 loads it first; this reuses that migration's own data.
    """
    migration = importlib.import_module("risk.migrations.0002_ric24_instrument")
    try:
        instrument = apps.get_model("risk", "RiskInstrument")
    except LookupError:
        return
    if not instrument.objects.filter(code=migration.CODE).exists():
        migration.load(apps, None)


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk"

    def ready(self):
        """Connect the receivers, and register the tasks in every process (not
        only in workers): the outbox queues deliver_alert_emails by its name."""
        from enquiries.signals import public_enquiry_received  # enquiries
        from participants.signals import status_changed
        from partner_contact.signals import (  # partner_side
            partner_conference_criteria_met,
            risk_disclosed,
            separation_recorded,
        )
        from programmes.signals import attendance_concern_raised
        from risk import receivers, tasks  # noqa: F401 (tasks: registered)

        status_changed.connect(receivers.on_status_changed, dispatch_uid="risk-status")
        partner_conference_criteria_met.connect(  # partner_side
            receivers.on_partner_conference_criteria_met,
            dispatch_uid="risk-partner-side",
        )
        attendance_concern_raised.connect(
            receivers.on_attendance_concern_raised, dispatch_uid="risk-concern"
        )
        separation_recorded.connect(
            receivers.on_separation_recorded, dispatch_uid="risk-separation"
        )
        risk_disclosed.connect(
            receivers.on_risk_disclosed, dispatch_uid="risk-disclosed"
        )
        public_enquiry_received.connect(  # enquiries
            receivers.on_public_enquiry_received,  # enquiries
            dispatch_uid="risk-enquiry",  # enquiries
        )  # enquiries
        post_migrate.connect(
            ensure_shipped_instrument, sender=self, dispatch_uid="risk-instrument"
        )
