"""Medians in the database: nulls skipped, nothing to measure gives none."""

import datetime

from django.db.models import DurationField, ExpressionWrapper, F

from referrals.models import Referral
from reports.stats import median
from tests.referrals.factories import ReferralFactory

D = datetime.date
DAYS = ExpressionWrapper(F("status_changed_on") - F("received_on"), DurationField())


def test_a_median_skips_nulls_and_counts_only_what_it_measured(org):
    """2, 4 and 1 days; a referral with no change is not measured."""
    for received, changed in [(1, 3), (2, 6), (4, 5), (9, None)]:
        ReferralFactory(
            organisation=org,
            received_on=D(2026, 5, received),
            status_changed_on=changed and D(2026, 5, changed),
        )
    assert median(Referral.objects.filter(organisation=org), DAYS) == (2.0, 3)


def test_nothing_to_measure_gives_no_median(org):
    assert median(Referral.objects.none(), DAYS) == (None, 0)
    assert median(Referral.objects.filter(pk__in=[]), DAYS) == (None, 0)
    assert median(Referral.objects.filter(organisation=org), DAYS) == (None, 0)
