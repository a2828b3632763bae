"""Places on partner_contact's pages that higher apps fill (accounts.slots)."""

from accounts.slots import Slot

# Sections of her record (partner_contact:partner_detail), which only the roles
# inside the firewall reach. Providers receive partner and user.
partner_record = Slot("her record")
