"""A record's name, as pages show it (the history page's heading, a choice in a
form), reads in the worker's language with the date in the locale's format."""

import datetime

import pytest
from django.utils import translation

from tests.partner_contact.factories import SafetyPlanFactory
from tests.referrals.factories import OnwardReferralFactory, ReferralFactory
from tests.risk.factories import MediumRiskAssessmentFactory

pytestmark = pytest.mark.django_db


def test_record_names_follow_the_language():
    referral = ReferralFactory(
        first_name="Edward",
        last_name="Testwell",
        received_on=datetime.date(2026, 11, 16),
    )
    assessment = MediumRiskAssessmentFactory(assessed_on=datetime.date(2026, 11, 11))
    plan = SafetyPlanFactory()
    with translation.override("en-gb"):
        assert str(referral) == "Referral of Edward Testwell on 16 Nov 2026"
        assert str(assessment) == "Medium on 11 Nov 2026"
    with translation.override("de"):
        assert str(referral) == "Vermittlung von Edward Testwell am 16. November 2026"
        assert str(assessment).endswith("am 11. November 2026")
        assert str(plan) == f"Sicherheitsplan, Version {plan.version}"


def test_an_onward_referral_is_named_in_the_language():
    onward = OnwardReferralFactory(made_on=datetime.date(2026, 11, 2))
    with translation.override("de"):
        assert str(onward).endswith("am 2. November 2026")
        assert "referral" not in str(onward)
