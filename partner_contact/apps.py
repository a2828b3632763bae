from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

from partner_contact import checklist_data


def ensure_shipped_checklist(sender=None, apps=global_apps, **kwargs):
    """Load her shipped checklist again if a flush removed it (as tests do)."""
    try:
        apps.get_model("partner_contact", "ChecklistVersion")
    except LookupError:
        return
    checklist_data.load(apps)


class PartnerContactConfig(AppConfig):
    name = "partner_contact"
    verbose_name = "Partner support"

    def ready(self):
        post_migrate.connect(
            ensure_shipped_checklist,
            sender=self,
            dispatch_uid="partner-contact-checklist",
        )
