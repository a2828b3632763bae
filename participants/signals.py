"""Signals the participants app sends, for higher apps (risk) to react to.

Sent inside the transaction of the change, so a receiver's writes commit or roll
back with it. Receivers must not do slow work; they enqueue tasks on commit.
"""

from django.dispatch import Signal

# A lifecycle move took effect (after approval where one is needed).
# Arguments: participant, status_change (a StatusChange), actor (a User).
status_changed = Signal()
