"""Print views rendered to PDF by Chromium: the case file, the exit report and a
MARAC referral each print with the organisation's name and "Confidential"."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import ExitReportFactory, GroupFactory, ProgrammeFactory
from tests.referrals.factories import MaracOnwardReferralFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_each_print_view_prints_to_a_pdf_with_the_organisation_and_confidential(
    caseworker, org, page, sign_in
):
    participant = ParticipantFactory(organisation=org, caseworker=caseworker)
    report = ExitReportFactory(
        enrolment__group=GroupFactory(programme=ProgrammeFactory(organisation=org)),
        enrolment__participant=participant,
    )
    onward = MaracOnwardReferralFactory(organisation=org, participant=participant)
    sign_in(caseworker)
    for url in (
        reverse("casefile:print", args=[participant.uuid]),
        reverse("programmes:exit_report_print", args=[report.uuid]),
        reverse("referrals:onward_print", args=[onward.uuid]),
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("form, input, button, select, textarea").count() == 0
        pdf = page.pdf(format="A4")
        assert len(pdf) > 1000, url
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert org.name in text, url
        assert "Confidential" in text, url
        # The screen-only links (PDF download, back) are not printed.
        assert "Download as PDF" not in text, url
