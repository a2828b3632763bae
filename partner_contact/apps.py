from django.apps import AppConfig


class PartnerContactConfig(AppConfig):
    name = "partner_contact"
    verbose_name = "Partner support"
