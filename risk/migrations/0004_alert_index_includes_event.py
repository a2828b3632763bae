from django.conf import settings
from django.db import migrations, models

from accounts.migration_operations import (
    AddIndexWithoutLocking,
    RemoveIndexWithoutLocking,
)


class Migration(migrations.Migration):
    # Alerts are written all day (detectors, the outbox): the index is built
    # without locking them, and the new one is in place before the old goes.
    atomic = False

    dependencies = [
        ("accounts", "0002_role_groups"),
        ("risk", "0003_alert_organisation_status_created_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="alert",
            index=models.Index(
                fields=["organisation", "status", "created_at"],
                include=("event",),
                name="alert_org_status_created_idx",
            ),
        ),
        RemoveIndexWithoutLocking(
            model_name="alert",
            name="risk_alert_organis_681a53_idx",
        ),
    ]
