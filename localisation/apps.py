from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class LocalisationConfig(AppConfig):
    name = "localisation"
    verbose_name = _("Country, time and lists")

    def ready(self):
        # Each app that owns editable lists registers them in its lists.py
        # (localisation.lists.register_list), as admin.py registers with the
        # admin site: found here, so this app never names an app above it.
        autodiscover_modules("lists")
