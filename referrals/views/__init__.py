"""Views of the referrals app, one module per sub-domain."""
