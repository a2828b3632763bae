"""Receivers of lower apps' signals (docs/architecture.md): each calls one service.

Signals are sent inside the sender's transaction, so what a receiver writes
commits or rolls back with the change that caused it.
"""

from risk import services, sharing  # partner_side


def on_status_changed(sender, *, participant, status_change, actor, **kwargs):
    services.record_status_change_event(
        participant=participant, status_change=status_change, actor=actor
    )


def on_public_enquiry_received(sender, *, enquiry, **kwargs):  # enquiries
    services.record_public_enquiry(enquiry=enquiry)


def on_attendance_concern_raised(
    sender, *, attendance, text, actor, urgent=False, **kwargs
):
    services.record_attendance_concern(
        attendance=attendance, text=text, actor=actor, urgent=urgent
    )


def on_separation_recorded(
    sender, *, relationship, occurred_on, announced, actor, contact=None, **kwargs
):
    services.record_separation_event(
        relationship=relationship,
        occurred_on=occurred_on,
        announced=announced,
        actor=actor,
        contact=contact,
    )


def on_risk_disclosed(sender, *, contact, kinds, actor, **kwargs):
    services.record_disclosed_risks(contact=contact, kinds=kinds, actor=actor)


def on_partner_conference_criteria_met(sender, *, checklist, actor, **kwargs):
    sharing.flag_partner_side_criteria(checklist=checklist, actor=actor)
