from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefileConfig(AppConfig):
    name = "casefile"
    verbose_name = _("Case files (pages that compose every app)")
