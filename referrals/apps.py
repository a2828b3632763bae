from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        """Draft letters to referrers when his case moves (referrals.receivers)."""
        from participants.signals import status_changed
        from referrals import receivers

        status_changed.connect(
            receivers.on_status_changed, dispatch_uid="referrals-letters"
        )
