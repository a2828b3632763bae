from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0005_session_concern_kinds"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="risknote",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("partner_contact__isnull", False), ("visibility", "programme")
                ),
                fields=("partner_contact", "participant"),
                name="one_note_per_contact_and_man",
            ),
        ),
    ]
