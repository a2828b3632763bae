"""Places on partner_contact's pages that higher apps fill (accounts.slots)."""

from accounts.slots import Slot

# Sections of her record (partner_contact:partner_detail), which only the roles
# inside the firewall reach. Providers receive partner and user.
partner_record = Slot("her record")

# Panels of the worklist (partner_contact:worklist) from apps above, e.g. the
# enquiries queue. Providers receive user and everyone (the whole organisation).
worklist = Slot("the worklist")
