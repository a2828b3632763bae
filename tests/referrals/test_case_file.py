import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from referrals.case_file import case_file_context
from tests.referrals.factories import (
    AcceptedReferralFactory,
    MaracOnwardReferralFactory,
)

pytestmark = pytest.mark.django_db


def test_case_file_shows_referral_in_and_out_with_timeline(org, caseworker):
    referral = AcceptedReferralFactory(organisation=org)
    man = referral.participant
    onward = MaracOnwardReferralFactory(organisation=org, participant=man)
    context = case_file_context(man, caseworker)
    assert context["referral_in"] == referral
    assert context["onward_referrals"] == [onward]
    assert context["can_refer_onward"]
    kinds = [entry.kind for entry in context["timeline"]]
    assert kinds.count("referral") == 2 and kinds.count("onward_referral") == 1
    request = RequestFactory().get("/")
    request.user = caseworker
    html = render_to_string(
        "referrals/_case_file.html",
        {**context, "participant": man, "perms": None},
        request=request,
    )
    assert "Make an onward referral" in html
    assert onward.agency.name in html


def test_facilitator_case_file_has_no_referral_button(org, make_user):
    facilitator = make_user("facilitator")
    referral = AcceptedReferralFactory(organisation=org)
    context = case_file_context(referral.participant, facilitator)
    assert not context["can_refer_onward"]
    # Not in his group: the referral in is not shown either.
    assert context["referral_in"] is None
