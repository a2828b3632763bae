from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        # Role groups get their permissions after every migrate, once every app's
        # permissions exist (see accounts.roles).
        from django.db.models.signals import post_migrate

        from accounts.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, sender=self)
