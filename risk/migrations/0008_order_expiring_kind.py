"""A child's order or plan about to end is a risk event kind (child_orders)."""

from django.db import migrations, models

KINDS = [
    ("separation", "Separation"),
    ("announced_separation", "Separation announced"),
    ("new_relationship", "New relationship"),
    ("pregnancy", "Pregnancy or birth"),
    ("court", "Court or child-contact hearing"),
    ("release_from_custody", "Release from custody or bail"),
    ("order_breach", "Breach of an order"),
    ("police_callout", "Police call-out"),
    ("new_incident", "A new incident"),
    ("threats", "Threats to kill, strangulation or weapons"),
    ("missed_sessions", "Two unexcused absences in a row"),
    ("suspension", "Suspended from the programme"),
    ("drop_out", "Dropped out"),
    ("exclusion", "Excluded"),
    ("completion", "Completed the programme"),
    ("level_raised", "Assessed level raised"),
    ("marac_criterion", "Meets a MARAC criterion"),
    ("urgent_note", "Urgent risk note"),
    ("session_concern", "Concern raised at a session"),
    ("urgent_session_concern", "Urgent concern raised at a session"),
    ("hearing_soon", "Hearing or release within days"),
    ("order_expiring", "A child's order or plan ends soon"),
    ("review_overdue", "Assessment review overdue"),
    ("no_partner_contact", "No partner contact attempt"),
    ("consent_expiring", "A consent is about to expire"),
    ("unacknowledged_alert", "Alert not acknowledged"),
    ("other", "Other"),
]


class Migration(migrations.Migration):
    dependencies = [("risk", "0007_alert_times_in_order")]

    operations = [
        migrations.AlterField(
            model_name="historicalmonitoringperiod",
            name="reason",
            field=models.CharField(choices=KINDS, max_length=24),
        ),
        migrations.AlterField(
            model_name="historicalriskevent",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=24),
        ),
        migrations.AlterField(
            model_name="monitoringperiod",
            name="reason",
            field=models.CharField(choices=KINDS, max_length=24),
        ),
        migrations.AlterField(
            model_name="riskevent",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=24),
        ),
    ]
