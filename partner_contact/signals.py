"""Signals the partner_contact app sends, for higher apps (risk) to react to.

Sent inside the transaction of the change, so a receiver's writes commit or roll
back with it. Receivers get ids and choices, never her words: a risk event made
from them must carry no partner detail (docs/architecture.md, the firewall).
"""

from django.dispatch import Signal

# A separation, or its announcement, was recorded on a relationship.
# Arguments: relationship (a Relationship), occurred_on (a date), announced (bool:
# True when only announced), actor (a User), contact (a PartnerContact or None).
separation_recorded = Signal()

# A contact recorded new risk events she told us about.
# Arguments: contact (a PartnerContact), kinds (list of
# PartnerContact.RiskEventKind values, which are RiskEvent kinds by construction:
# participants.risk_vocabulary), actor (a User).
risk_disclosed = Signal()

# Her risk checklist met the multi-agency risk conference criteria (her_case).
# Arguments: checklist (a PartnerChecklist), actor (a User). A receiver may say
# only that the criteria are met from the partner side: never her answers, her
# level or her words.
partner_conference_criteria_met = Signal()
