"""Places on programmes' pages that higher apps fill (accounts.slots)."""

from accounts.slots import Slot

# His exit report's progress section, page and print alike. Providers receive
# report (an ExitReport), user and printing (True for the print view and PDF).
exit_report_progress = Slot("exit report progress")
