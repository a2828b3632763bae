import datetime

import pytest
from django.core.exceptions import ValidationError

from participants.models import Participant
from referrals import services
from referrals.models import (
    Agency,
    Referral,
    ReferralDecision,
)
from tests.referrals.factories import (
    AgencyFactory,
    ReferralFactory,
    ScreeningReferralFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def _receive(org, user, **overrides):
    details = {
        "organisation": org,
        "received_by": user,
        "received_on": datetime.date(2026, 11, 20),
        "agency": AgencyFactory(organisation=org, kind=Agency.Kind.COURT),
        "is_self_referral": False,
        "reason": "Court order: programme requirement.",
        "first_name": "Adam",
        "last_name": "Demoson",
        "date_of_birth": datetime.date(1990, 5, 17),
        "phone": "07700 900555",
        "email": "adam@example.org",
        "address": "2 Sample Street",
        "language": "Polish",
        "interpreter_needed": True,
        "mandate": Referral.Mandate.COURT_MANDATED,
    }
    details.update(overrides)
    return services.receive_referral(**details)


def test_receiving_records_the_first_history_row(org, caseworker):
    referral = _receive(org, caseworker)
    assert referral.status == Referral.Status.RECEIVED
    row = referral.decisions.get()
    assert (row.to_status, row.decided_by) == ("received", caseworker)


def test_a_referral_needs_a_source(org, caseworker):
    with pytest.raises(ValidationError, match="where the referral came from"):
        _receive(org, caseworker, agency=None, is_self_referral=False)
    assert not Referral.objects.exists()


def test_a_foreign_agency_is_refused(org, other_org, caseworker):
    foreign = AgencyFactory(organisation=other_org)
    with pytest.raises(ValidationError):
        _receive(org, caseworker, agency=foreign)


def test_screen_then_accept_creates_the_prefilled_participant(org, caseworker):
    referral = _receive(org, caseworker)
    services.start_screening(referral=referral, actor=caseworker, on=TODAY)
    referral = services.accept_referral(
        referral=referral,
        actor=caseworker,
        reason=ReferralDecision.Reason.COURT_ORDER,
        on=TODAY,
    )
    man = referral.participant
    assert referral.status == Referral.Status.ACCEPTED
    assert (man.first_name, man.last_name) == ("Adam", "Demoson")
    assert man.date_of_birth == datetime.date(1990, 5, 17)
    assert (man.phone, man.email, man.language) == (
        "07700 900555",
        "adam@example.org",
        "Polish",
    )
    assert man.interpreter_needed
    assert man.caseworker == caseworker
    assert list(man.referrals.all()) == [referral]
    assert [d.to_status for d in referral.decisions.all()] == [
        "received",
        "screening",
        "accepted",
    ]


def test_accepting_twice_is_refused_and_opens_no_second_case(org, caseworker):
    referral = ScreeningReferralFactory(organisation=org)
    services.accept_referral(
        referral=referral, actor=caseworker, reason="meets_criteria", on=TODAY
    )
    with pytest.raises(services.ReferralAlreadyDecided, match="already accepted"):
        services.accept_referral(
            referral=referral, actor=caseworker, reason="meets_criteria", on=TODAY
        )
    assert Participant.objects.count() == 1


def test_accepting_needs_screening_first(org, caseworker):
    referral = ReferralFactory(organisation=org)
    with pytest.raises(ValidationError, match="Start screening"):
        services.accept_referral(
            referral=referral, actor=caseworker, reason="meets_criteria"
        )


@pytest.mark.parametrize("reason", ["", "meets_criteria"])
def test_declining_needs_a_decline_reason(org, caseworker, reason):
    referral = ScreeningReferralFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.decline_referral(referral=referral, actor=caseworker, reason=reason)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SCREENING


def test_withdrawing_needs_a_reason_and_works_before_screening(org, caseworker):
    referral = ReferralFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.withdraw_referral(referral=referral, actor=caseworker, reason="")
    services.withdraw_referral(
        referral=referral, actor=caseworker, reason="referrer_withdrew", on=TODAY
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.decisions.get(to_status="withdrawn").reason == "referrer_withdrew"


def test_a_declined_referral_cannot_be_withdrawn(org, caseworker):
    referral = ScreeningReferralFactory(organisation=org)
    services.decline_referral(referral=referral, actor=caseworker, reason="out_of_area")
    with pytest.raises(services.ReferralAlreadyDecided):
        services.withdraw_referral(referral=referral, actor=caseworker, reason="other")


def test_a_second_decision_is_refused_in_the_workers_language():
    from django.utils import translation

    from tests.referrals.factories import DeclinedReferralFactory

    referral = DeclinedReferralFactory(status_changed_on=datetime.date(2026, 11, 20))
    with translation.override("de"):
        message = str(services.ReferralAlreadyDecided(referral))
    assert "nichts wurde geändert" in message
    assert "20. November 2026" in message
