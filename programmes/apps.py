from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes, groups and sessions"

    def ready(self):
        from programmes import receivers

        receivers.connect()
