from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Fictional demo and benchmark data, seeded in bulk; the top of the layers."""

    name = "demo"
    verbose_name = _("Demo data")
