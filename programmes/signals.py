"""Signals the programmes app sends, for higher apps (risk) to react to.

Sent inside the transaction of the change, so a receiver's writes commit or roll
back with it.
"""

from django.dispatch import Signal

# A facilitator flagged "this worried me" on a man's attendance, or marked it urgent.
# Arguments: attendance (an Attendance), text (the facilitator's words), actor (a
# User), urgent (bool: a manager must hear of it too).
attendance_concern_raised = Signal()
