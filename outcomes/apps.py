import importlib

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_shipped_questionnaires(sender=None, apps=global_apps, **kwargs):
    """Load the shipped questionnaires again if a flush removed them (as the
    browser tests' flush does), reusing migrations 0002's and 0003's own data
    (the questionnaires, then their texts in the other languages)."""
    migration = importlib.import_module(
        "outcomes.migrations.0002_outcome_questionnaires"
    )
    languages = importlib.import_module("outcomes.migrations.0003_languages")
    try:
        questionnaire = apps.get_model("outcomes", "Questionnaire")
    except LookupError:
        return
    if not questionnaire.objects.filter(
        code__in=["outcome-him", "outcome-her"]
    ).exists():
        migration.forwards(apps, None)
        languages.forwards(apps, None)


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcome questionnaires")

    def ready(self):
        from outcomes import case_file
        from partner_contact.slots import partner_record
        from programmes.slots import exit_report_progress

        exit_report_progress.register(case_file.exit_report_progress)
        partner_record.register(case_file.her_beside_his)
        post_migrate.connect(
            ensure_shipped_questionnaires,
            sender=self,
            dispatch_uid="outcomes-questionnaires",
        )
