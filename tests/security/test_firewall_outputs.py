"""The information firewall in what leaves the pages (DESIGN.md section 3).

The crawl of tests/security/test_firewall_sweep.py covers pages, fragments and
exports; these check the rest with the same markers: notification e-mails,
error pages, the alert inbox's filters and bulk acknowledgement, her outcome
scores, subject-access exports and the period report. Each keeps its sanity
check: inside the firewall, what is looked for is really there.
"""

import io  # data_rights: exports are zips
import zipfile  # data_rights
from html import unescape

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from accounts.tasks import send_account_notice, send_account_notice_to_managers
from accounts.views import errors as error_views
from data_rights.document import archive  # data_rights
from data_rights.her_export import build_her_export  # data_rights
from risk.models import Alert
from tests.outcomes.factories import ResponseFactory, TimePointFactory
from tests.security.conftest import OUR_PREFIX
from tests.security.site import body_of
from tests.security.sweep import markers_in, run_risk_machinery, text_of


def test_notification_emails_carry_no_partner_detail(worlds, db):
    """Alert e-mails (detectors, escalation, manual events) and account e-mails
    carry no partner detail, to anyone, inside the firewall or not."""
    mail.outbox = []
    run_risk_machinery(worlds)
    ours = worlds.ours
    admin = worlds.clients[("ours", "org_admin")]
    response = admin.post(
        reverse("accounts:user_create"),
        {
            "username": "new-worker",
            "first_name": "New",
            "last_name": "Worker",
            "email": "new-worker@example.org",
            "role": "caseworker",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    anonymous = worlds.clients[("anon", None)]
    for address in (ours.users["partner_support"].email, ours.o.woman.email):
        anonymous.post(reverse("accounts:password_reset"), {"email": address})
    # Account notices: a partner-support worker's address changed by the
    # administrator (to her and to the managers), as the worker would send them.
    worker = ours.users["partner_support"]
    response = admin.post(
        reverse("accounts:user_update", args=[worker.uuid]),
        {
            "username": worker.username,
            "first_name": worker.first_name,
            "last_name": worker.last_name,
            "email": "moved-worker@example.org",
            "role": worker.role,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    for entry in AccessLog.objects.filter(action=AccessLog.Action.ACCOUNT):
        send_account_notice(entry.pk, address="old-address@example.org")
        send_account_notice_to_managers(entry.pk)
    assert any("Security notice" in m.subject for m in mail.outbox)
    assert any("Access changed" in m.subject for m in mail.outbox)
    kinds = {m.subject.split(":")[0] for m in mail.outbox}
    assert len(mail.outbox) >= 8, kinds
    assert any("password" in m.subject.lower() for m in mail.outbox), kinds
    assert Alert.objects.filter(email_status=Alert.EmailStatus.SENT).count() >= 5
    leaks = []
    for message in mail.outbox:
        # The recipients are staff; their addresses carry their own organisation's
        # label, not hers, so only what the message says is looked at.
        parts = [message.subject, message.body]
        parts += [str(content) for content, _ in getattr(message, "alternatives", [])]
        parts += [f"{k}: {v}" for k, v in message.extra_headers.items()]
        text = unescape("\n".join(parts)).lower()
        found = markers_in(text)
        if found:
            leaks.append(f"to {message.to}, {message.subject!r}: {sorted(found)}")
    assert not leaks, "partner detail in e-mails:\n" + "\n".join(leaks)


def test_error_pages_carry_no_partner_detail(worlds, db):
    """404, 403, 405 and the 500/503 pages name nothing of hers."""
    o = worlds.ours.o
    facilitator = worlds.clients[("ours", "facilitator")]
    caseworker = worlds.clients[("ours", "caseworker")]
    answers = [
        facilitator.get(f"/partners/{o.woman.uuid}/?q=Firewallia"),
        caseworker.get(
            reverse("partner_contact:contact_detail", args=[o.contact.uuid])
        ),
        caseworker.get(f"/partners/{o.woman.uuid}/no-such-page/"),
        facilitator.get(reverse("accounts:user_list")),
        caseworker.get(reverse("referrals:onward_detail", args=[o.her_onward.uuid])),
        caseworker.get(reverse("risk:share_from_contact", args=[o.contact.uuid])),
        caseworker.post(reverse("risk:alert_list")),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 403, 404, 403, 405]
    request = RequestFactory().get(f"/partners/{o.woman.uuid}/")
    request.user = worlds.ours.users["facilitator"]
    answers.append(error_views.server_error(request))
    try:
        from django.db import OperationalError

        raise OperationalError("database down")
    except OperationalError:
        answers.append(error_views.server_error(request))
    assert [a.status_code for a in answers[-2:]] == [500, 503]
    for answer in answers:
        found = markers_in(text_of(answer))
        assert not found, f"{answer.status_code} page shows {found}"


def test_alert_filters_and_acknowledging_several_keep_the_firewall(worlds, db):
    """The alerts inbox filtered every way shows a caseworker nothing of hers or
    of the other organisation, and acknowledging several takes only his own."""
    o = worlds.ours.o
    client = worlds.clients[("ours", "caseworker")]
    for params in (
        {"kind": "threats"},
        {"man": o.man.reference},
        {"age": "week", "status": "open"},
        {"status": "resolved", "scope": "all"},
        {"man": worlds.theirs.o.man.reference},
    ):
        response = client.get(reverse("risk:alert_list"), params)
        assert response.status_code == 200, params
        assert not markers_in(body_of(response), phones=False), params
    others = [o.alerts["partner_support"], worlds.theirs.o.alerts["caseworker"]]
    response = client.post(
        reverse("risk:alert_acknowledge_many"),
        {"alert": [str(a.uuid) for a in others]},
    )
    assert response.status_code == 400
    assert not markers_in(body_of(response), phones=False)
    assert set(
        Alert.objects.filter(pk__in=[a.pk for a in others]).values_list(
            "status", flat=True
        )
    ) == {Alert.Status.OPEN}


HER_SCORE = 917.31


def her_scores_marked(worlds):
    """Her recorded questionnaire carries a score no page shows by chance; his
    intake and end on the ended place give his exit report a progress section."""
    o = worlds.ours.o
    her_response = o.her_outcome.response
    her_response.domain_scores = {"physical": HER_SCORE, "safety": HER_SCORE}
    her_response.status = "complete"
    her_response.completed_at = timezone.now()
    her_response.save(update_fields=["domain_scores", "status", "completed_at"])
    report = o.exit_report
    for kind, score in (("intake", 3.0), ("end", 1.0)):
        ResponseFactory(
            time_point=TimePointFactory(enrolment=report.enrolment, kind=kind),
            status="complete",
            completed_at=timezone.now(),
            domain_scores={"physical": score},
            recorded_by=o.exit_report.created_by,
        )
    return [
        reverse("casefile:detail", args=[o.man.uuid]),
        reverse("casefile:print", args=[o.man.uuid]),
        reverse("casefile:detail", args=[o.man_b.uuid]),
        reverse("programmes:exit_report", args=[report.uuid]),
        reverse("programmes:exit_report_print", args=[report.uuid]),
        reverse("programmes:exit_report_pdf", args=[report.uuid]),
        reverse("partner_contact:partner_detail", args=[o.woman.uuid]),
    ]


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_her_outcome_scores_never_reach_his_side(worlds, db, role):
    """Her answers and the gap computed from them: not on his case file, his
    exit report (page, print, PDF) nor anywhere else they can open."""
    urls = her_scores_marked(worlds)
    client = worlds.clients[("ours", role)]
    for url in urls:
        text = text_of(client.get(url))
        assert f"{HER_SCORE:g}" not in text, url
        assert "her-outcomes" not in text, url


@pytest.mark.parametrize("role", ["partner_support", "manager"])
def test_her_outcome_scores_are_on_her_record_inside_the_firewall(worlds, db, role):
    """Sanity check: her score is really there, beside his, on her record."""
    urls = her_scores_marked(worlds)
    client = worlds.clients[("ours", role)]
    text = text_of(client.get(urls[-1]))
    assert f"{HER_SCORE:g}" in text and "her-outcomes" in text
    for url in urls[:-1]:
        assert f"{HER_SCORE:g}" not in text_of(client.get(url)), url


def unzipped_text(content: bytes) -> str:
    """data_rights: the readable document and the JSON of an export, as text."""
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        return "\n".join(
            zipped.read(name).decode() for name in ("data.html", "data.json")
        ).lower()


def test_his_subject_access_export_holds_nothing_of_hers(worlds, db):
    """data_rights: his export (built, reviewed, released and downloaded), swept
    with her markers and phones, holds none of them, nor anything of theirs;
    what was withheld from her side is listed for the reviewing manager."""
    o = worlds.ours.o
    client = worlds.clients[("ours", "manager")]
    response = client.get(
        reverse("data_rights:request_download", args=[o.rights_request.uuid])
    )
    assert response.status_code == 200
    text = unzipped_text(response.content)
    assert markers_in(text) == set()
    assert "ours" in text  # his own name is there
    reasons = " ".join(r["reason"] for r in o.rights_request.redactions)
    assert "partner" in reasons


def test_her_subject_access_export_holds_her_record(worlds, db):
    """data_rights sanity check: her own export does hold her markers, and none of
    his case notes."""
    o = worlds.ours.o
    text = unzipped_text(archive(build_her_export(o.woman)))
    assert {f"{OUR_PREFIX}{w}" for w in ("herfirst", "codeword", "summary")} <= (
        markers_in(text)
    )
    assert o.case_note.body.lower() not in text


@pytest.mark.parametrize("role", ["facilitator", "caseworker"])
def test_the_period_report_has_no_partner_figure_outside_the_firewall(  # reports
    worlds, db, role
):
    """reports: no partners section, chart, figure or link to a woman's records
    for a facilitator (refused) or a caseworker (the report without them), and
    the lists behind the women's figures do not exist for them."""
    client = worlds.clients[("ours", role)]
    response = client.get(reverse("reports:period_report"))
    assert response.status_code == (403 if role == "facilitator" else 200)
    text = text_of(response)
    for absent in (
        "section-partners",
        "section-partner-equality",  # her equality breakdowns
        "figure=partners",
        "figure=safety_plans",
    ):
        assert absent not in text, absent
    assert '"offered"' not in text and not markers_in(text)
    for figure in ("partners.identified", "partners.engaged", "safety_plans.made"):
        answer = client.get(reverse("reports:figure_records"), {"figure": figure})
        assert answer.status_code in (403, 404), figure


def test_the_period_report_shows_partner_figures_inside_the_firewall(  # reports
    worlds, db
):
    """reports: the sanity check: a manager's report has them."""
    client = worlds.clients[("ours", "manager")]
    text = text_of(client.get(reverse("reports:period_report")))
    assert "section-partners" in text and "figure=partners.identified" in text
    assert "section-partner-equality" in text
