"""Referrals out, after they are made: their outcomes.

Making a man's referral is the case file's page (tests/casefile/test_onward.py).
"""

import pytest
from django.urls import reverse

from tests.referrals.factories import OnwardReferralFactory

pytestmark = pytest.mark.django_db


def test_outcome_is_recorded(org, caseworker, login):
    onward = OnwardReferralFactory(organisation=org)
    client = login(caseworker)
    url = reverse("referrals:onward_outcome", args=[onward.uuid])
    bad = client.post(url, {"outcome": "", "outcome_on": "2026-11-20"})
    assert bad.status_code == 400
    early = client.post(url, {"outcome": "accepted", "outcome_on": "2026-01-01"})
    assert early.status_code == 400
    assert "before the referral was made" in early.content.decode()
    ok = client.post(url, {"outcome": "accepted", "outcome_on": "2026-11-20"})
    assert ok.status_code == 302
    onward.refresh_from_db()
    assert onward.outcome == "accepted"
