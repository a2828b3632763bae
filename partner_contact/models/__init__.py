"""Partners, their links to men's cases, contacts, consents and safety plans.

Everything here is behind the information firewall (DESIGN.md section 3), split
by sub-domain: the firewall itself, the partner, her relationships and consents,
her contacts and safety plans. Import from `partner_contact.models`.
"""

from partner_contact.models.checklist import (
    ChecklistAnswer,
    ChecklistQuestion,
    ChecklistVersion,
    PartnerChecklist,
    PartnerChecklistAnswer,
)
from partner_contact.models.contacts import (
    SAFETY_PLAN_SECTIONS,
    PartnerContact,
    SafetyPlan,
    SafetyPlanQuerySet,
)
from partner_contact.models.firewall import (
    FIREWALL_ROLES,
    Channel,
    FirewalledQuerySet,
    may_see_partners,
)
from partner_contact.models.her_case import (
    ChildLink,
    PartnerStatusChange,
    PartnerStatusChangeQuerySet,
)
from partner_contact.models.partners import (
    CONTACT_SUMMARY_FIELDS,
    SECRET_FIELDS,
    Partner,
    PartnerQuerySet,
)
from partner_contact.models.relationships import (
    Consent,
    ConsentQuerySet,
    Relationship,
)

__all__ = [
    "CONTACT_SUMMARY_FIELDS",
    "SAFETY_PLAN_SECTIONS",
    "ChecklistAnswer",
    "ChecklistQuestion",
    "ChecklistVersion",
    "ChildLink",
    "PartnerChecklist",
    "PartnerChecklistAnswer",
    "PartnerStatusChange",
    "PartnerStatusChangeQuerySet",
    "FIREWALL_ROLES",
    "SECRET_FIELDS",
    "Channel",
    "Consent",
    "ConsentQuerySet",
    "FirewalledQuerySet",
    "Partner",
    "PartnerContact",
    "PartnerQuerySet",
    "Relationship",
    "SafetyPlan",
    "SafetyPlanQuerySet",
    "may_see_partners",
]
