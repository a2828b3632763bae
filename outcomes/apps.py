from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcome questionnaires")

    def ready(self):
        from outcomes import case_file
        from partner_contact.slots import partner_record
        from programmes.slots import exit_report_progress

        exit_report_progress.register(case_file.exit_report_progress)
        partner_record.register(case_file.her_beside_his)
