"""Her risk checklist: scoring, judgement, the firewall, and the flag on his case."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partner_contact import checklist_data, her_case
from partner_contact.models import ChecklistVersion, PartnerChecklist
from risk import marac
from risk.models import Alert, RiskEvent
from risk.outbox import record_events
from risk.rules.marac_criteria import detect_marac_partner_side
from tests.participants.factories import ActiveParticipantFactory
from tests.partner_contact.factories import (
    PartnerFactory,
    RelationshipFactory,
    checklist_answers,
)
from tests.referrals.factories import MaracOnwardReferralFactory

# Words of the checklist that must never reach his side.
HER_WORDS = "She moved to a flat in Fictionville; he found her there."


def complete(partner, worker, yes, **kwargs):
    return her_case.complete_checklist(
        partner=partner,
        version=her_case.active_checklist(),
        answers=checklist_answers(yes),
        completed_on=timezone.localdate(),
        actor=worker,
        **kwargs,
    )


def test_the_shipped_checklist_has_24_questions_over_her_topics(db):
    version = ChecklistVersion.objects.get(code=checklist_data.CODE, is_active=True)
    questions = list(version.questions.all())
    assert len(questions) == 24
    assert {q.topic for q in questions} == {
        "abuse",
        "his_behaviour",
        "children",
        "pregnancy",
        "separation",
        "her_fear",
    }
    assert (version.medium_from, version.high_from, version.conference_from) == (
        10,
        14,
        14,
    )


@pytest.mark.parametrize(
    ("yes", "level", "meets"),
    [(0, "standard", False), (9, "standard", False), (10, "medium", False)]
    + [(13, "medium", False), (14, "high", True), (24, "high", True)],
)
def test_yes_answers_set_her_level(org, partner_worker, yes, level, meets):
    """13 "yes" is below the conference threshold; 14 meets it."""
    checklist = complete(PartnerFactory(organisation=org), partner_worker, yes)
    assert checklist.yes_count == yes
    assert checklist.level == level
    assert checklist.meets_conference_criteria is meets


def test_dont_know_and_not_asked_are_counted_apart(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    answers = checklist_answers(3, rest="not_asked")
    answers["weapons"] = "dont_know"
    checklist = her_case.complete_checklist(
        partner=partner,
        version=her_case.active_checklist(),
        answers=answers,
        completed_on=timezone.localdate(),
        actor=partner_worker,
    )
    assert (checklist.yes_count, checklist.dont_know_count) == (3, 1)
    assert checklist.not_asked_count == 20
    assert checklist.answers.count() == 24


def test_every_question_needs_an_answer(org, partner_worker):
    answers = checklist_answers(2)
    answers.pop("injury")
    with pytest.raises(ValidationError, match="unanswered: 1"):
        her_case.complete_checklist(
            partner=PartnerFactory(organisation=org),
            version=her_case.active_checklist(),
            answers=answers,
            completed_on=timezone.localdate(),
            actor=partner_worker,
        )
    assert not PartnerChecklist.objects.exists()


def test_judgement_raises_her_level_with_a_reason(org, partner_worker):
    checklist = complete(
        PartnerFactory(organisation=org),
        partner_worker,
        5,
        judgement_level="high",
        judgement_reason="Non-fatal strangulation last week; she fears for her life.",
    )
    assert checklist.computed_level == "standard"
    assert checklist.level == "high"
    # Professional judgement of high risk is a conference criterion on its own.
    assert checklist.meets_conference_criteria


def test_judgement_never_lowers_her_level(org, partner_worker):
    with pytest.raises(ValidationError, match="never lower"):
        complete(
            PartnerFactory(organisation=org),
            partner_worker,
            15,
            judgement_level="medium",
            judgement_reason="She seems calmer.",
        )


def test_judgement_needs_a_reason(org, partner_worker):
    with pytest.raises(ValidationError, match="reason"):
        complete(
            PartnerFactory(organisation=org), partner_worker, 3, judgement_level="high"
        )


def test_checklist_form_saves_and_shows_her_answers(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    client = login(partner_worker)
    url = reverse("partner_contact:checklist_create", args=[partner.uuid])
    assert client.get(url).status_code == 200
    data = {f"q_{code}": answer for code, answer in checklist_answers(14).items()} | {
        "completed_on": timezone.localdate().isoformat(),
        "notes": HER_WORDS,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    checklist = partner.checklists.get()
    page = client.get(response["Location"]).content.decode()
    assert "Conference criteria met" in page
    assert "Were you physically hurt" in page
    assert checklist.level == "high"


def test_checklist_form_refuses_lowering_and_missing_reason(org, partner_worker, login):
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    client = login(partner_worker)
    url = reverse("partner_contact:checklist_create", args=[partner.uuid])
    data = {f"q_{code}": answer for code, answer in checklist_answers(15).items()} | {
        "completed_on": timezone.localdate().isoformat()
    }
    lowered = client.post(
        url, data | {"judgement_level": "medium", "judgement_reason": "x"}
    )
    assert lowered.status_code == 400
    assert "never lower" in lowered.content.decode()
    no_reason = client.post(url, data | {"judgement_level": "high"})
    assert no_reason.status_code == 400
    bad_answer = client.post(url, data | {"q_injury": "perhaps"})
    assert bad_answer.status_code == 400
    assert not partner.checklists.exists()


def test_her_checklist_is_behind_the_firewall(
    org, partner_worker, facilitator, caseworker, manager, login
):
    partner = PartnerFactory(organisation=org)
    checklist = complete(partner, partner_worker, 4, notes=HER_WORDS)
    detail = reverse("partner_contact:checklist_detail", args=[checklist.uuid])
    create = reverse("partner_contact:checklist_create", args=[partner.uuid])
    for outsider in (facilitator, caseworker):
        client = login(outsider)
        assert client.get(detail).status_code == 404
        assert client.get(create).status_code == 404
    client = login(manager)
    assert HER_WORDS in client.get(detail).content.decode()
    # Managers read her checklist; they do not complete one.
    assert client.get(create).status_code == 403


def test_his_case_file_shows_only_that_the_criteria_are_met(
    org, partner_worker, caseworker, login, django_capture_on_commit_callbacks
):
    """Her 14 "yes" reach his case file as one sentence: no answer, no level, no
    words of hers; his MARAC offer names it and pre-fills the referral."""
    man = ActiveParticipantFactory(organisation=org, caseworker=caseworker)
    partner = PartnerFactory(organisation=org, partner_support_worker=partner_worker)
    RelationshipFactory(partner=partner, participant=man)
    with django_capture_on_commit_callbacks():
        complete(
            partner,
            partner_worker,
            14,
            judgement_level="",
            notes=HER_WORDS,
        )
    event = RiskEvent.objects.get(participant=man, kind="marac_criterion")
    assert event.summary == "Conference criteria met from the partner side."
    assert event.visibility == "programme"
    assert Alert.objects.filter(event=event, recipient=caseworker).exists()
    page = login(caseworker).get(man.get_absolute_url()).content.decode()
    assert "Conference criteria met from the partner side" in page
    for secret in (HER_WORDS, partner.name, "Were you physically hurt", "14 “yes”"):
        assert secret not in page
    seen = marac.picture(man)
    assert seen.partner_side
    prefill = marac.referral_prefill(man)
    assert prefill["criterion"] == "professional_judgement"
    assert "partner side" in prefill["judgement_narrative"]
    assert HER_WORDS not in prefill["judgement_narrative"]


def test_below_the_threshold_his_case_hears_nothing(org, partner_worker):
    man = ActiveParticipantFactory(organisation=org)
    partner = PartnerFactory(organisation=org)
    RelationshipFactory(partner=partner, participant=man)
    complete(partner, partner_worker, 13)
    assert not RiskEvent.objects.filter(participant=man).exists()
    assert not marac.picture(man).partner_side


def test_a_man_linked_later_is_flagged_by_the_detector_once(org, partner_worker):
    """The detector finds men linked after her checklist, and only once."""
    partner = PartnerFactory(organisation=org)
    complete(partner, partner_worker, 16)
    man = ActiveParticipantFactory(organisation=org)
    RelationshipFactory(partner=partner, participant=man)
    today, now = timezone.localdate(), timezone.now()
    found = detect_marac_partner_side(today=today, now=now)
    assert [d.participant_id for d in found] == [man.pk]
    assert str(found[0].summary) == "Conference criteria met from the partner side."
    record_events(found)
    record_events(detect_marac_partner_side(today=today, now=now))
    assert RiskEvent.objects.filter(participant=man).count() == 1


def test_a_referral_since_her_checklist_ends_the_offer(org, partner_worker):
    partner = PartnerFactory(organisation=org)
    man = ActiveParticipantFactory(organisation=org)
    RelationshipFactory(partner=partner, participant=man)
    complete(partner, partner_worker, 16)
    assert marac.picture(man).partner_side
    MaracOnwardReferralFactory(
        organisation=org, participant=man, made_on=timezone.localdate()
    )
    assert not detect_marac_partner_side(today=timezone.localdate(), now=timezone.now())
