import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accounts.migration_operations import AddIndexWithoutLocking


class Migration(migrations.Migration):
    # Registers are saved all day: the new index is built without locking them,
    # and is in place before the plain index on the session goes.
    atomic = False

    dependencies = [
        ("accounts", "0002_role_groups"),
        ("participants", "0002_follow_up_and_pending_moves"),
        ("programmes", "0002_exit_reports_and_session_slots"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="attendance",
            index=models.Index(
                fields=["session"],
                include=("status",),
                name="attendance_session_status_idx",
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="session",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attendances",
                to="programmes.session",
            ),
        ),
    ]
