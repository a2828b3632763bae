import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from demo import seeding
from demo.context import DemoContext

# Men per organisation when --participants is not given (the make run demo).
DEFAULT_MEN = 40


class Command(BaseCommand):
    help = (
        "Fill the database with fictional demo data, the same every time, in bulk "
        "(COPY on PostgreSQL). Refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisations", type=int, default=2, help="How many organisations."
        )
        parser.add_argument(
            "--participants",
            type=int,
            default=None,
            help=f"Men in all, shared between the organisations "
            f"(default {DEFAULT_MEN} each).",
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
        organisations = options["organisations"]
        if organisations < 2:
            raise CommandError("At least 2 organisations are needed.")
        total = options["participants"] or DEFAULT_MEN * organisations
        ctx = DemoContext.start(
            seed=options["seed"],
            participants_per_organisation=max(1, total // organisations),
        )
        started = time.monotonic()
        seeding.seed(ctx, organisations, report=self._report)
        rows = sum(ctx.loader.written.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.monotonic() - started:.1f} s: "
                f"{organisations} organisations, "
                f"{ctx.participants_per_organisation * organisations} men, "
                f"{rows:,} rows in bulk."
            )
        )
        self.stdout.write(
            "Demo logins (password from DEMO_PASSWORD): facilitator, caseworker, "
            "partner, manager, orgadmin; the second organisation's have a b- prefix."
        )

    def _report(self, what, seconds):
        self.stdout.write(f"  {what}: {seconds:.1f} s")
