from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataRightsConfig(AppConfig):
    name = "data_rights"
    verbose_name = _("Data-protection rights")

    def ready(self):
        # The export task is queued by its registered name (services.BUILD_EXPORT),
        # so every process must know it, as RiskConfig does for risk.tasks.
        from data_rights import tasks  # noqa: F401
