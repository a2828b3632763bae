from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = _("Enquiries from worried women")

    def ready(self):
        """Fill the worklist's slot (docs/decisions/0008): partner_contact is
        below this app and may not import it."""
        from enquiries import worklist
        from partner_contact.slots import worklist as worklist_slot

        worklist_slot.register(worklist.enquiries_panel)
