from django.db import migrations, models


def put_times_in_order(apps, schema_editor):
    """Rows written before the constraints (seeded ones) that read as taken on
    before they were raised: taken on when raised, resolved no earlier."""
    Alert = apps.get_model("risk", "Alert")
    Alert.objects.filter(acknowledged_at__lt=models.F("created_at")).update(
        acknowledged_at=models.F("created_at")
    )
    Alert.objects.filter(resolved_at__lt=models.F("acknowledged_at")).update(
        resolved_at=models.F("acknowledged_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0006_one_note_per_contact_and_man"),
    ]

    operations = [
        migrations.RunPython(put_times_in_order, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(("acknowledged_at__isnull", True))
                | models.Q(("acknowledged_at__gte", models.F("created_at"))),
                name="alert_acknowledged_after_raised",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(("resolved_at__isnull", True))
                | models.Q(("resolved_at__gte", models.F("acknowledged_at"))),
                name="alert_resolved_after_acknowledged",
            ),
        ),
    ]
