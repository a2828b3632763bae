"""Risk detectors: small, named, set-based queries that find risk events.

Each detector takes `today` and `now`, reads every organisation at once with a
fixed number of queries (never one query per man), and returns Detections. Each
detection carries a stable de-duplication key naming the fact it stands for, so
running a detector twice inserts nothing new: the (organisation, dedup_key)
unique constraint ignores the repeat (risk.outbox.record_events).

A detector is one documented function marked `@detector` (risk.rules.registry)
in the module of its sub-domain; nothing else lists it. The escalation of late
alerts (risk.rules.escalation) runs hourly on its own and is not registered.
"""

from risk.events import OPEN_STATUSES
from risk.rules import (  # enquiries
    case_events,  # enquiries
    complaints,  # complaints: a response overdue
    first_contact,  # enquiries: her first contact, after a link or an enquiry
    marac_criteria,  # enquiries
    monitoring,  # enquiries
    safety_nets,  # enquiries
)  # enquiries
from risk.rules.escalation import detect_unacknowledged_alerts
from risk.rules.registry import REGISTERED

# The modules in the order their detectors run (each in order of definition):
# what opens a period of increased risk (a separation, a pregnancy) comes before
# what checks the period (an overdue review, a missing partner contact).
RUN_ORDER = (  # enquiries: first_contact after monitoring
    case_events,  # enquiries
    monitoring,  # enquiries
    first_contact,  # enquiries
    marac_criteria,  # enquiries
    safety_nets,  # enquiries
    complaints,  # complaints
)  # enquiries

# Run every 15 minutes by risk.tasks.run_detectors, in this order.
DETECTORS = [
    found
    for module in RUN_ORDER
    for found in REGISTERED
    if found.__module__ == module.__name__
]

# OPEN_STATUSES is re-exported for the modules that still import it from here.
__all__ = ["DETECTORS", "OPEN_STATUSES", "RUN_ORDER", "detect_unacknowledged_alerts"]
