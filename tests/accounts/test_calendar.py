from datetime import UTC, date, datetime

import pytest

from accounts.calendar import add_working_days, local_today, working_days_between
from tests.accounts.factories import OrganisationFactory


@pytest.mark.django_db
def test_two_organisations_each_see_their_own_date_around_midnight():
    london = OrganisationFactory(time_zone="Europe/London")
    auckland = OrganisationFactory(time_zone="Pacific/Auckland")
    # 00:30 on 1 December in Auckland.
    moment = datetime(2026, 11, 30, 11, 30, tzinfo=UTC)
    assert local_today(london, moment) == date(2026, 11, 30)
    assert local_today(auckland, moment) == date(2026, 12, 1)


def test_a_public_holiday_is_not_a_working_day():
    friday = date(2026, 12, 25)
    assert add_working_days(date(2026, 12, 24), 1, holidays={friday}) == date(
        2026, 12, 28
    )
    assert (
        working_days_between(date(2026, 12, 24), date(2026, 12, 28), holidays={friday})
        == 1
    )
