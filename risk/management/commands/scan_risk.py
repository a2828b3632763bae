from django.core.management.base import BaseCommand
from django.utils import timezone

from risk import services
from risk.rules import DETECTORS, detect_unacknowledged_alerts


class Command(BaseCommand):
    help = (
        "Run every risk detector now (and the escalation of late alerts) and print "
        "what each found and what was new. Safe to run at any time: known "
        "detections create nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list what each detector finds; record nothing.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        # Each organisation's detections on its own date (risk.rules.registry).
        today = None
        detectors = [*DETECTORS, detect_unacknowledged_alerts]
        found = {d.__name__: len(d(today=today, now=now)) for d in detectors}
        if options["dry_run"]:
            for name, count in found.items():
                self.stdout.write(f"{name}: {count} found")
            return
        results = services.run_detectors(today=today, at=now)
        results["detect_unacknowledged_alerts"] = (
            services.escalate_unacknowledged_alerts(at=now)
        )
        for detector in detectors:
            name = detector.__name__
            recorded = results[name]
            self.stdout.write(
                f"{name}: {found[name]} found, {len(recorded.events)} new events, "
                f"{len(recorded.alerts)} alerts"
            )
            for event in recorded.events:
                about = event.participant or event.enquiry  # enquiries: no man
                self.stdout.write(
                    f"  {event.occurred_on} {event.get_kind_display()} "
                    f"(case {about.reference if about else '-'})"  # enquiries
                )
        self.stdout.write(self.style.SUCCESS("Scan finished."))
