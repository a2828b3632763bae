"""Merge: the committed branches (country rules, complaints' and enquiries' events)
and a child's order about to end (child_orders); every event kind together."""

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
    ("enquiry_received", "A woman asked for contact"),
    ("first_contact_overdue", "First contact with her overdue"),
    ("complaint_overdue", "Complaint response overdue"),
    ("other", "Other"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0009_merge_order_expiring"),
        ("risk", "0010_merge_country_rules"),
    ]

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
