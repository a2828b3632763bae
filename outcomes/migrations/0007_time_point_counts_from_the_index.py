from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_squashed_0006"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="timepoint",
            name="outcomes_ti_organis_70a08a_idx",
        ),
        migrations.AddIndex(
            model_name="timepoint",
            index=models.Index(
                fields=["organisation", "kind", "status"],
                include=("respondent", "opens_on"),
                name="time_point_org_kind_status_idx",
            ),
        ),
    ]
