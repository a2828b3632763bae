"""An onward referral names the children of his case it concerns (issue 16)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0006_child_orders"),
        ("referrals", "0003_referrals_is_anonymised_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="onwardreferral",
            name="children",
            field=models.ManyToManyField(
                blank=True,
                related_name="onward_referrals",
                to="participants.child",
                verbose_name="children it concerns",
            ),
        ),
    ]
