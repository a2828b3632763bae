"""The words for what raises a man's risk, shared by the apps that name them.

Two apps on different floors speak of risk event kinds: `partner_contact` (a
partner-support worker ticks the kinds a woman disclosed) and `risk` (which
records each as a `RiskEvent.kind`). A lower app never imports a higher one
(docs/architecture.md), so the words cannot live in `risk`; they live here, in the
app of the man's case, which already holds his `RiskLevel`. Both apps derive their
choices from this module, so adding a kind (or letting her disclose one) is one
edit here.

Values are stored in the database: rename a label freely, never a value.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskEventKind(models.TextChoices):
    """A kind of fact that raises a man's risk (`risk.RiskEvent.Kind`)."""

    SEPARATION = "separation", _("Separation")
    ANNOUNCED_SEPARATION = "announced_separation", _("Separation announced")
    NEW_RELATIONSHIP = "new_relationship", _("New relationship")
    PREGNANCY = "pregnancy", _("Pregnancy or birth")
    COURT = "court", _("Court or child-contact hearing")
    RELEASE_FROM_CUSTODY = "release_from_custody", _("Release from custody or bail")
    ORDER_BREACH = "order_breach", _("Breach of an order")
    POLICE_CALLOUT = "police_callout", _("Police call-out")
    NEW_INCIDENT = "new_incident", _("A new incident")
    THREATS = "threats", _("Threats to kill, strangulation or weapons")
    MISSED_SESSIONS = "missed_sessions", _("Two unexcused absences in a row")
    SUSPENSION = "suspension", _("Suspended from the programme")
    DROP_OUT = "drop_out", _("Dropped out")
    EXCLUSION = "exclusion", _("Excluded")
    COMPLETION = "completion", _("Completed the programme")
    LEVEL_RAISED = "level_raised", _("Assessed level raised")
    MARAC_CRITERION = (
        "marac_criterion",
        _("Meets a criterion for the multi-agency risk conference"),
    )
    URGENT_NOTE = "urgent_note", _("Urgent risk note")
    SESSION_CONCERN = "session_concern", _("Concern raised at a session")
    URGENT_SESSION_CONCERN = (
        "urgent_session_concern",
        _("Urgent concern raised at a session"),
    )
    HEARING_SOON = "hearing_soon", _("Hearing or release within days")
    # A child's court order or protection plan about to end (child_orders).
    ORDER_EXPIRING = "order_expiring", _("A child's order or plan ends soon")
    REVIEW_OVERDUE = "review_overdue", _("Assessment review overdue")
    NO_PARTNER_CONTACT = "no_partner_contact", _("No partner contact attempt")
    CONSENT_EXPIRING = "consent_expiring", _("A consent is about to expire")
    UNACKNOWLEDGED_ALERT = "unacknowledged_alert", _("Alert not acknowledged")
    # enquiries: her request from the public page, and a first contact overdue.
    ENQUIRY_RECEIVED = "enquiry_received", _("A woman asked for contact")  # enquiries
    FIRST_CONTACT_OVERDUE = (  # enquiries
        "first_contact_overdue",  # enquiries
        _("First contact with her overdue"),  # enquiries
    )  # enquiries
    # complaints: a complaint's response deadline passed unanswered.
    COMPLAINT_OVERDUE = "complaint_overdue", _("Complaint response overdue")
    # outcomes: a questionnaire's window closed with nothing recorded. His and
    # hers are two kinds because each reaches only the worker who collects it.
    HIS_QUESTIONNAIRE_MISSED = (
        "his_questionnaire_missed",
        _("His outcome questionnaire missed"),
    )
    HER_QUESTIONNAIRE_MISSED = (
        "her_questionnaire_missed",
        _("Her outcome questionnaire missed"),
    )
    OTHER = "other", _("Other")


# The kinds a woman may disclose in a partner contact, in the order her worker's
# form lists them, each with the words that form shows. Her "separation" covers
# one announced as well as one that happened (risk records it as a separation).
DISCLOSABLE_KINDS: dict[RiskEventKind, str] = {
    RiskEventKind.SEPARATION: _("Separation or separation announced"),
    RiskEventKind.PREGNANCY: RiskEventKind.PREGNANCY.label,
    RiskEventKind.COURT: RiskEventKind.COURT.label,
    RiskEventKind.NEW_INCIDENT: RiskEventKind.NEW_INCIDENT.label,
    RiskEventKind.THREATS: RiskEventKind.THREATS.label,
    RiskEventKind.NEW_RELATIONSHIP: RiskEventKind.NEW_RELATIONSHIP.label,
    RiskEventKind.RELEASE_FROM_CUSTODY: RiskEventKind.RELEASE_FROM_CUSTODY.label,
    RiskEventKind.ORDER_BREACH: RiskEventKind.ORDER_BREACH.label,
}

# `partner_contact.PartnerContact.RiskEventKind`: the same values, so every kind
# she discloses is a RiskEvent kind by construction (the risk_disclosed signal).
DisclosedRiskKind = models.TextChoices(
    "DisclosedRiskKind",
    [(kind.name, (kind.value, label)) for kind, label in DISCLOSABLE_KINDS.items()],
    module=__name__,
)
