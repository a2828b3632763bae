from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from referrals.working_days import add_working_days, screening_cutoff

MONDAY = date(2026, 11, 16)


def test_five_working_days_after_a_monday_is_the_next_monday():
    assert add_working_days(MONDAY, 5) == date(2026, 11, 23)


def test_a_weekend_referral_is_due_on_the_friday():
    saturday = MONDAY - timedelta(days=2)
    assert add_working_days(saturday, 5) == date(2026, 11, 20)


@given(
    received=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    gap=st.integers(min_value=0, max_value=30),
    days=st.integers(min_value=0, max_value=15),
)
def test_cutoff_agrees_with_the_due_date(received, gap, days):
    """Overdue by the SQL cut-off exactly when today is past the due date."""
    today = received + timedelta(days=gap)
    by_cutoff = received < screening_cutoff(today, days)
    by_due_date = today > add_working_days(received, days)
    assert by_cutoff == by_due_date
