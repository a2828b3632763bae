"""Signals the enquiries app sends, for higher apps (risk) to react to.

Sent inside the transaction of the change, so a receiver's writes commit or roll
back with it. Receivers get the enquiry, and must never put her words or her
contact details into anything that leaves the firewall (an e-mail, a log line).
"""

from django.dispatch import Signal

# A woman (or someone for her) asked for contact from the public contact page.
# Arguments: enquiry (an enquiries.Enquiry, channel "public_page").
public_enquiry_received = Signal()
