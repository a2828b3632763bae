"""Pages behind the information firewall.

Every view is wrapped in `firewalled`: a user whose role is outside the firewall
(facilitator, caseworker, org admin) gets a 404 before any permission is checked,
so no partner URL even confirms that a page exists for them.
"""
