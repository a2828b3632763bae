"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed)."""

from django.core.management.base import BaseCommand, CommandError

from accounts import catalogues


class Command(BaseCommand):
    help = (
        "Fill each catalogue's language and plural headers and write its .mo with "
        "polib. --check writes nothing and fails if a .mo is out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if a compiled catalogue does not match its source.",
        )

    def handle(self, *args, check=False, **options):
        if not check:
            for path in catalogues.po_files():
                code = path.parent.parent.name
                if catalogues.set_headers(path, code):
                    self.stdout.write(f"headers filled in {path}")
        stale = catalogues.compile_all(check=check)
        for path in stale:
            self.stdout.write(f"{'out of date' if check else 'wrote'} {path}")
        if check and stale:
            raise CommandError("Run `make messages` (or compile_catalogues).")
        if not stale:
            self.stdout.write("Every compiled catalogue matches its source.")
