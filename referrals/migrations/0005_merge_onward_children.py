"""Merge: referrer letters (issue 17) and the children an onward referral
concerns (issue 16)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_onward_referral_children"),
        ("referrals", "0004_referrer_letters"),
    ]

    operations = []
