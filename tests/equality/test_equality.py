"""Equality monitoring: optional answers, "prefer not to say" apart from "not
asked", her answers behind the firewall, the organisation's lists, breakdowns."""

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from equality.figures import breakdown_of_referrals
from equality.models import Characteristic, EqualityAnswer, MonitoringOption
from equality.services import ensure_default_options
from participants.models import Participant
from referrals.models import Referral
from tests.equality.factories import (
    EqualityAnswerFactory,
    MonitoringOptionFactory,
    PreferNotToSayAnswerFactory,
)
from tests.participants.factories import ParticipantFactory
from tests.partner_contact.factories import PartnerFactory
from tests.referrals.factories import AcceptedReferralFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _his_form(man):
    return reverse("equality:participant_monitoring", args=[man.uuid])


def _her_form(woman):
    return reverse("equality:partner_monitoring", args=[woman.uuid])


def test_new_organisation_gets_default_lists_once(org):
    """Defaults come from the census categories; seeding twice adds nothing."""
    ensure_default_options(org)
    ensure_default_options(org)
    ethnicity = MonitoringOption.objects.filter(
        organisation=org, characteristic=Characteristic.ETHNICITY
    )
    assert ethnicity.count() == 19
    assert ethnicity.order_by("position").first().label == "Asian: Bangladeshi"
    for characteristic in Characteristic.values:
        assert MonitoringOption.objects.filter(
            organisation=org, characteristic=characteristic
        ).exists()


def test_saving_nothing_is_allowed_and_means_not_asked(login, caseworker, org):
    """Every question is optional: an empty form saves and records no answer."""
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    client = login(caseworker)
    response = client.post(_his_form(man), {})
    assert response.status_code == 302
    assert not EqualityAnswer.objects.filter(participant=man).exists()
    page = client.get(reverse("casefile:detail", args=[man.uuid]))
    assert "Equality monitoring" in page.content.decode()
    assert page.content.decode().count("Not asked") == len(Characteristic.values)


def test_prefer_not_to_say_is_kept_apart_from_not_asked(login, caseworker, org):
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    client = login(caseworker)
    client.get(_his_form(man))  # seeds the lists
    option = MonitoringOption.objects.get(organisation=org, label="White: Irish")
    response = client.post(
        _his_form(man),
        {"ethnicity": str(option.uuid), "religion": "prefer_not_to_say"},
    )
    assert response.status_code == 302
    answers = {
        a.characteristic: a for a in EqualityAnswer.objects.filter(participant=man)
    }
    assert answers["ethnicity"].option == option
    assert answers["religion"].answer == EqualityAnswer.Answer.PREFER_NOT_TO_SAY
    assert "gender" not in answers  # not asked: no row at all
    # Changing back to "not asked" removes the answer.
    client.post(_his_form(man), {"ethnicity": str(option.uuid)})
    assert not EqualityAnswer.objects.filter(
        participant=man, characteristic="religion"
    ).exists()


def test_an_option_of_another_organisation_is_refused(
    login, caseworker, org, other_org
):
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    theirs = MonitoringOptionFactory(organisation=other_org)
    response = login(caseworker).post(_his_form(man), {"ethnicity": str(theirs.uuid)})
    assert response.status_code == 400
    assert "Choose one of the answers" in response.content.decode()
    assert not EqualityAnswer.objects.exists()


def test_facilitator_sees_and_edits_no_monitoring(login, facilitator, org):
    man = ParticipantFactory(organisation=org)
    client = login(facilitator)
    assert client.get(_his_form(man)).status_code == 403


def test_her_monitoring_is_invisible_outside_the_firewall(
    login, caseworker, facilitator, partner_worker, manager, org
):
    """Her form answers 404 to caseworkers and facilitators; her answers never
    appear in their querysets; partner support and managers see them (logged)."""
    woman = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    option = MonitoringOptionFactory(organisation=org, label="Her marker group")
    EqualityAnswer.objects.create(
        organisation=org,
        partner=woman,
        characteristic=option.characteristic,
        answer=EqualityAnswer.Answer.ANSWERED,
        option=option,
        recorded_by=partner_worker,
    )
    for outsider in (caseworker, facilitator):
        assert login(outsider).get(_her_form(woman)).status_code in (403, 404)
        assert not EqualityAnswer.objects.visible_to(outsider).exists()
    for insider in (partner_worker, manager):
        client = login(insider)
        page = client.get(_her_form(woman))
        assert page.status_code == 200
        assert EqualityAnswer.objects.visible_to(insider).count() == 1
    record = login(partner_worker).get(
        reverse("partner_contact:partner_detail", args=[woman.uuid])
    )
    assert "Her marker group" in record.content.decode()
    assert AccessLog.objects.filter(
        object_uuid=woman.uuid, detail="equality monitoring"
    ).exists()


def test_partner_worker_records_her_answers(login, partner_worker, org):
    woman = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    client = login(partner_worker)
    client.get(_her_form(woman))
    option = MonitoringOption.objects.get(organisation=org, label="Woman")
    response = client.post(
        _her_form(woman),
        {"gender": str(option.uuid), "disability": "prefer_not_to_say"},
    )
    assert response.status_code == 302
    assert EqualityAnswer.objects.filter(partner=woman).count() == 2


def test_retired_option_stays_on_old_records_and_is_not_offered(
    login, caseworker, manager, org
):
    man = ParticipantFactory(organisation=org, caseworker=caseworker)
    other = ParticipantFactory(organisation=org, caseworker=caseworker)
    option = MonitoringOptionFactory(organisation=org, label="Old census group")
    EqualityAnswerFactory(participant=man, option=option)
    response = login(manager).post(
        reverse("equality:option_retire", args=[option.uuid]), {"retired": "1"}
    )
    assert response.status_code == 302
    option.refresh_from_db()
    assert option.retired
    client = login(caseworker)
    assert "Old census group" in client.get(_his_form(man)).content.decode()
    assert "Old census group" not in client.get(_his_form(other)).content.decode()
    page = client.get(reverse("casefile:detail", args=[man.uuid]))
    assert "Old census group (retired)" in page.content.decode()


def test_manager_adds_renames_and_reorders_options(login, manager, org):
    client = login(manager)
    assert client.get(reverse("equality:option_list")).status_code == 200
    response = client.post(
        reverse("equality:option_create", args=["religion"]), {"label": "Pagan"}
    )
    assert response.status_code == 302
    pagan = MonitoringOption.objects.get(organisation=org, label="Pagan")
    last = list(
        MonitoringOption.objects.filter(organisation=org, characteristic="religion")
        .order_by("position")
        .values_list("label", flat=True)
    )
    assert last[-1] == "Pagan"
    client.post(reverse("equality:option_move", args=[pagan.uuid]), {"direction": "up"})
    moved = list(
        MonitoringOption.objects.filter(organisation=org, characteristic="religion")
        .order_by("position")
        .values_list("label", flat=True)
    )
    assert moved[-2] == "Pagan"
    client.post(
        reverse("equality:option_update", args=[pagan.uuid]),
        {"label": "Pagan or Wiccan"},
    )
    pagan.refresh_from_db()
    assert pagan.label == "Pagan or Wiccan"
    duplicate = client.post(
        reverse("equality:option_create", args=["religion"]),
        {"label": "pagan or wiccan"},
    )
    assert duplicate.status_code == 400
    assert (
        client.post(
            reverse("equality:option_create", args=["nonsense"]), {"label": "x"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["caseworker", "partner_worker", "facilitator"])
def test_only_managers_change_the_lists(request, login, role):
    user = request.getfixturevalue(role)
    assert login(user).get(reverse("equality:option_list")).status_code == 403


def test_breakdown_counts_answers_prefer_not_and_not_asked(org, other_org):
    """Hand-counted: three men; one White: Irish, one prefers not to say, one
    never asked; a man of another organisation is not counted."""
    white = MonitoringOptionFactory(organisation=org, label="White: Irish")
    MonitoringOptionFactory(organisation=org, label="Unused group")
    retired = MonitoringOptionFactory(organisation=org, label="Gone", retired=True)
    first, second, third = ParticipantFactory.create_batch(3, organisation=org)
    EqualityAnswerFactory(participant=first, option=white)
    PreferNotToSayAnswerFactory(participant=second)
    EqualityAnswerFactory(participant=ParticipantFactory(organisation=other_org))
    men = Participant.objects.filter(organisation=org)
    result = EqualityAnswer.objects.breakdown(men)
    assert result["ethnicity"] == {
        "White: Irish": 1,
        "Unused group": 0,
        "Prefer not to say": 1,
        "Not asked": 1,
    }
    assert "Gone" not in result["ethnicity"]
    assert result["gender"]["Not asked"] == 3
    EqualityAnswerFactory(participant=third, option=retired)
    assert EqualityAnswer.objects.breakdown(men)["ethnicity"]["Gone"] == 1


def test_breakdown_query_count_is_constant(org, django_assert_num_queries):
    option = MonitoringOptionFactory(organisation=org)
    for man in ParticipantFactory.create_batch(6, organisation=org):
        EqualityAnswerFactory(participant=man, option=option)
    with django_assert_num_queries(3):
        EqualityAnswer.objects.breakdown(Participant.objects.filter(organisation=org))


def test_referrals_breakdown_counts_unaccepted_as_not_asked(org):
    """Hand-counted: two referrals of one answered man, one of a man who prefers
    not to say, one not yet accepted: 2, 1 and 1 (not asked)."""
    white = MonitoringOptionFactory(organisation=org, label="White: Roma")
    answered = ParticipantFactory(organisation=org)
    shy = ParticipantFactory(organisation=org)
    EqualityAnswerFactory(participant=answered, option=white)
    PreferNotToSayAnswerFactory(participant=shy)
    AcceptedReferralFactory.create_batch(2, organisation=org, participant=answered)
    AcceptedReferralFactory(organisation=org, participant=shy)
    ReferralFactory(organisation=org)
    result = breakdown_of_referrals(Referral.objects.filter(organisation=org))
    assert result["ethnicity"] == {
        "White: Roma": 2,
        "Prefer not to say": 1,
        "Not asked": 1,
    }
    assert result["gender"] == {"Prefer not to say": 0, "Not asked": 4}
