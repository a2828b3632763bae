"""Letters to referrers: drafted on each event from the organisation's template,
edited and sent (e-mail or post), recorded on the referral and the case file,
never holding anything of the partner's."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from participants.models import Participant
from participants.services import move_participant
from referrals import services
from referrals.letters import draft_letter_for_status_change
from referrals.models import LetterEvent, LetterTemplate, ReferrerLetter
from tests.participants.factories import ParticipantFactory
from tests.referrals.factories import (
    AcceptedReferralFactory,
    ScreeningReferralFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 18)
PARTNER_TEXT = "Her name is Marker-Herself; she lives at 9 Secret Lane."


def _accepted(caseworker, org, **kwargs):
    referral = ScreeningReferralFactory(
        organisation=org, partner_known=PARTNER_TEXT, **kwargs
    )
    return services.accept_referral(
        referral=referral,
        actor=caseworker,
        reason="meets_criteria",
        on=TODAY,
        checked_matches=True,
    )


def test_accepting_drafts_a_letter_from_the_default_template(caseworker, org):
    referral = _accepted(caseworker, org)
    letter = ReferrerLetter.objects.get(referral=referral)
    assert letter.event == LetterEvent.ACCEPTED
    assert letter.is_draft
    assert letter.recipient_email == referral.agency.email
    assert referral.participant.full_name in letter.body
    assert "Meets the programme's criteria" in letter.body
    assert "R-" in letter.subject and "{{" not in letter.subject + letter.body
    assert "Marker-Herself" not in letter.body
    assert "Secret Lane" not in letter.body


def test_declining_drafts_a_letter_with_the_reason(caseworker, org):
    referral = ScreeningReferralFactory(organisation=org)
    services.decline_referral(
        referral=referral, actor=caseworker, reason="out_of_area", on=TODAY
    )
    letter = ReferrerLetter.objects.get(referral=referral)
    assert letter.event == LetterEvent.DECLINED
    assert "Lives outside the area served" in letter.body


def test_self_referral_gets_no_letter(caseworker, org):
    referral = ScreeningReferralFactory(
        organisation=org, agency=None, is_self_referral=True
    )
    services.decline_referral(
        referral=referral, actor=caseworker, reason="out_of_area", on=TODAY
    )
    assert not ReferrerLetter.objects.exists()


@pytest.mark.parametrize(
    "from_status, to_status, reason, event",
    [
        ("waiting_list", "active", "started_programme", LetterEvent.STARTED),
        ("active", "dropped_out", "stopped_engaging", LetterEvent.DROPPED_OUT),
        ("active", "completed", "completed_some_goals", LetterEvent.COMPLETED),
        ("active", "excluded", "reoffending", LetterEvent.EXCLUDED),
    ],
)
def test_each_move_drafts_its_letter_once(
    manager, org, from_status, to_status, reason, event
):
    man = ParticipantFactory(
        organisation=org,
        status=from_status,
        status_changed_on=datetime.date(2026, 1, 5),
    )
    referral = AcceptedReferralFactory(organisation=org, participant=man)
    change = move_participant(
        participant=man, to_status=to_status, reason=reason, actor=manager
    )
    letter = ReferrerLetter.objects.get(referral=referral)
    assert letter.event == event
    assert man.full_name in letter.body
    # Reported again (a retry, a replay): still one letter.
    draft_letter_for_status_change(status_change=change, actor=manager)
    assert ReferrerLetter.objects.filter(referral=referral).count() == 1


def test_resuming_after_a_suspension_is_not_a_start(manager, org):
    man = ParticipantFactory(organisation=org, status=Participant.Status.SUSPENDED)
    AcceptedReferralFactory(organisation=org, participant=man)
    move_participant(
        participant=man, to_status="active", reason="resumed", actor=manager
    )
    assert not ReferrerLetter.objects.exists()


def test_worker_edits_then_sends_by_email_and_it_is_recorded(login, caseworker, org):
    referral = _accepted(caseworker, org)
    letter = referral.letters.get()
    client = login(caseworker)
    page = client.get(letter.get_absolute_url())
    assert page.status_code == 200
    response = client.post(
        letter.get_absolute_url(),
        {
            "recipient_name": "P. Officer",
            "recipient_email": "officer@probation.example.org",
            "recipient_address": "",
            "subject": "Your referral: accepted",
            "body": "Dear P. Officer,\n\nWe accepted him. An edited line.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("referrals:letter_send", args=[letter.uuid]), {"how": "email"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == ReferrerLetter.Status.SENT
    assert letter.sent_via == "email"
    assert letter.sent_to == "officer@probation.example.org"
    assert letter.sent_by == caseworker
    assert letter.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@probation.example.org"]
    assert mail.outbox[0].subject == "Your referral: accepted"
    assert "An edited line." in mail.outbox[0].body
    # Sending twice is refused and sends nothing more.
    again = client.post(
        reverse("referrals:letter_send", args=[letter.uuid]), {"how": "email"}
    )
    assert again.status_code == 409
    assert len(mail.outbox) == 1
    # Shown on the referral and on his case file.
    detail = client.get(referral.get_absolute_url()).content.decode()
    assert "officer@probation.example.org" in detail
    case_file = client.get(
        reverse("casefile:detail", args=[referral.participant.uuid])
    ).content.decode()
    assert "Letters to referrers" in case_file
    assert "officer@probation.example.org" in case_file


def test_mark_as_sent_by_post_records_the_address(login, caseworker, org):
    referral = _accepted(caseworker, org)
    letter = referral.letters.get()
    client = login(caseworker)
    assert (
        client.get(reverse("referrals:letter_print", args=[letter.uuid])).status_code
        == 200
    )
    client.post(reverse("referrals:letter_send", args=[letter.uuid]), {"how": "post"})
    letter.refresh_from_db()
    assert letter.sent_via == "post"
    assert letter.recipient_name in letter.sent_to
    assert not mail.outbox


def test_an_empty_letter_or_bad_address_is_refused(login, caseworker, org):
    letter = _accepted(caseworker, org).letters.get()
    response = login(caseworker).post(
        letter.get_absolute_url(),
        {"recipient_email": "not an address", "subject": "S", "body": " "},
    )
    assert response.status_code == 400
    letter.refresh_from_db()
    assert letter.body.startswith("Dear")


def test_no_email_address_cannot_be_emailed(login, caseworker, org):
    letter = _accepted(caseworker, org).letters.get()
    letter.recipient_email = ""
    letter.save()
    response = login(caseworker).post(
        reverse("referrals:letter_send", args=[letter.uuid]), {"how": "email"}
    )
    assert response.status_code == 409
    letter.refresh_from_db()
    assert letter.is_draft


def test_who_sees_letters(
    login, caseworker, facilitator, partner_worker, outsider, org
):
    letter = _accepted(caseworker, org).letters.get()
    url = letter.get_absolute_url()
    assert login(facilitator).get(url).status_code == 403
    assert login(partner_worker).get(url).status_code == 403
    assert login(outsider).get(url).status_code == 404


def test_manager_edits_the_template_with_a_preview(login, manager, caseworker, org):
    client = login(manager)
    url = reverse("referrals:letter_template_update", args=["accepted"])
    assert client.get(reverse("referrals:letter_template_list")).status_code == 200
    preview = client.post(
        url,
        {
            "subject": "Accepted: {{ man_name }}",
            "body": "Hello {{ referrer_name }}, {{ man_name }} is in.",
            "action": "preview",
        },
    )
    assert preview.status_code == 200
    assert "Hello A. Referrer, Sample Person is in." in preview.content.decode()
    assert not LetterTemplate.objects.exists()
    saved = client.post(
        url,
        {
            "subject": "Accepted: {{ man_name }}",
            "body": "Hello {{ referrer_name }}, {{ man_name }} is in.",
            "action": "save",
        },
    )
    assert saved.status_code == 302
    referral = _accepted(caseworker, org, referrer_name="Ms Probation")
    letter = referral.letters.get()
    assert letter.subject == f"Accepted: {referral.participant.full_name}"
    assert letter.body == f"Hello Ms Probation, {referral.participant.full_name} is in."
    assert login(caseworker).get(url).status_code == 403


@pytest.mark.parametrize(
    "body, message",
    [
        ("{% load static %}{{ man_name }}", "Only placeholders"),
        ("{{ partner_name }}", "Unknown placeholders"),
        ("{{ referral.partner_known }}", "Unknown placeholders"),
    ],
)
def test_template_refuses_tags_and_unknown_names(login, manager, body, message):
    response = login(manager).post(
        reverse("referrals:letter_template_update", args=["declined"]),
        {"subject": "S", "body": body, "action": "save"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_substitution_runs_no_template_code(caseworker, org):
    """A value that looks like template code stays text; attribute lookups and
    filters are never reached."""
    LetterTemplate.objects.create(
        organisation=org,
        event="accepted",
        subject="S",
        body="{{ referrer_name }} {{ man_name|upper }} {{ referral.partner_known }}",
        updated_by=caseworker,
    )
    referral = _accepted(caseworker, org, referrer_name="{{ man_name }}")
    body = referral.letters.get().body
    assert body.startswith("{{ man_name }} {{ man_name|upper }}")
    assert "Marker-Herself" not in body


def test_unknown_template_event_is_404(login, manager):
    response = login(manager).get(
        reverse("referrals:letter_template_update", args=["nonsense"])
    )
    assert response.status_code == 404
