import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Organisation
from participants import demo as participants_demo
from partner_contact import demo as partner_contact_demo
from programmes import demo as programmes_demo
from referrals import demo as referrals_demo
from risk import demo as risk_demo

# Each app's seeder, in dependency order. Each takes the shared DemoContext.
SEEDERS: list = [
    participants_demo.seed,
    programmes_demo.seed,
    partner_contact_demo.seed,
    referrals_demo.seed,
    risk_demo.seed,
]


class Command(BaseCommand):
    help = (
        "Fill the database with fictional demo data, the same every time. "
        "Refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisations", type=int, default=2, help="How many organisations."
        )
        parser.add_argument(
            "--participants",
            type=int,
            default=None,
            help="Men in all, shared between the organisations (default 40 each).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any organisation exists already.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo data is fictional and "
                "must not be mixed with real records. Use --force if you are sure."
            )
        if Organisation.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Database already has data; demo data not loaded.")
                return
            raise CommandError("The database already has organisations; use a new one.")
        if options["organisations"] < 2:
            raise CommandError("At least 2 organisations are needed.")
        total = options["participants"] or 40 * options["organisations"]
        ctx = accounts_demo.DemoContext(
            rng=random.Random(options["seed"]),
            today=timezone.localdate(),
            participants_per_organisation=max(1, total // options["organisations"]),
        )
        started = time.monotonic()
        with transaction.atomic():
            accounts_demo.seed(ctx, options["organisations"])
            self._report("organisations and users", started)
            for seeder in SEEDERS:
                step = time.monotonic()
                seeder(ctx)
                self._report(seeder.__module__, step)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.monotonic() - started:.1f} s: "
                f"{options['organisations']} organisations, about {total} men."
            )
        )
        self.stdout.write(
            "Demo logins (password from DEMO_PASSWORD): facilitator, caseworker, "
            "partner, manager, orgadmin; the second organisation's have a b- prefix."
        )

    def _report(self, what, since):
        self.stdout.write(f"  {what}: {time.monotonic() - since:.1f} s")
