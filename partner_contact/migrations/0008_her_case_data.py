"""Her own case's starting data: the shipped checklist, and each woman's status
read from her contact log (in contact once reached, contact pending after an
attempt, identified otherwise)."""

from django.db import migrations
from django.db.models import Q

from partner_contact import checklist_data


def statuses_from_log(apps, schema_editor):
    partner_model = apps.get_model("partner_contact", "Partner")
    partner_model.objects.filter(last_reached_at__isnull=False).update(
        status="in_contact"
    )
    partner_model.objects.filter(
        Q(last_reached_at__isnull=True) & Q(last_contact_at__isnull=False)
    ).update(status="contact_pending")


def load_checklist(apps, schema_editor):
    checklist_data.load(apps, schema_editor)


def unload_checklist(apps, schema_editor):
    checklist_data.unload(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("partner_contact", "0007_her_case")]

    operations = [
        migrations.RunPython(load_checklist, unload_checklist),
        migrations.RunPython(statuses_from_log, migrations.RunPython.noop),
    ]
