from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EqualityConfig(AppConfig):
    name = "equality"
    verbose_name = _("Equality monitoring")

    def ready(self):
        from equality import case_file
        from partner_contact.slots import partner_record

        partner_record.register(case_file.her_monitoring)
