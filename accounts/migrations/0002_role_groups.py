from django.db import migrations

ROLES = ["facilitator", "caseworker", "partner_support", "manager", "org_admin"]


def create_role_groups(apps, schema_editor):
    """One group per role; accounts.roles gives each its permissions after migrate."""
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
