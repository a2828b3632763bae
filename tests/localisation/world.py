"""What the security suite's seeded organisations hold of localisation: a public
holiday (so that its remove form is on the page) and a draft of their own
version of the shipped instrument (so that the version pages have a record)."""

import datetime

from accounts.models import PublicHoliday
from risk import versions
from risk.models import RiskInstrument


def add_localisation_records(o, *, manager, today: datetime.date) -> None:
    o.holiday = PublicHoliday.objects.create(
        organisation=manager.organisation,
        date=today + datetime.timedelta(days=40),
        name="Founders' Day (fictional)",
    )
    shipped = RiskInstrument.objects.get(
        code="ric-24", is_active=True, organisation__isnull=True
    )
    o.instrument_draft = versions.start_new_version(instrument=shipped, actor=manager)
