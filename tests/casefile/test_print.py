"""Print views and their PDFs: the case file, the exit report, a MARAC referral."""

import io
import subprocess
import sys

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AccessLog
from accounts.printing import _static_files_only
from tests.participants.factories import CaseNoteFactory, ParticipantFactory
from tests.programmes.factories import ExitReportFactory, GroupFactory, ProgrammeFactory
from tests.referrals.factories import MaracOnwardReferralFactory

pytestmark = pytest.mark.django_db

FORM_CONTROLS = ("<form", "<input", "<button", "<select", "<textarea")


@pytest.fixture
def printable(org, caseworker):
    """One record of each printable kind, in our organisation."""
    participant = ParticipantFactory(
        organisation=org, caseworker=caseworker, reference="T26-00042"
    )
    CaseNoteFactory(participant=participant, body="Talked about his week.")
    report = ExitReportFactory(
        enrolment__group=GroupFactory(programme=ProgrammeFactory(organisation=org)),
        enrolment__participant=participant,
    )
    onward = MaracOnwardReferralFactory(organisation=org, participant=participant)
    return {
        "case file": ("casefile:print", "casefile:pdf", participant),
        "exit report": (
            "programmes:exit_report_print",
            "programmes:exit_report_pdf",
            report,
        ),
        "marac referral": ("referrals:onward_print", "referrals:onward_pdf", onward),
    }


def pdf_text(content: bytes) -> str:
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )


@pytest.mark.parametrize("kind", ["case file", "exit report", "marac referral"])
def test_print_view_has_no_form_controls_and_says_who_and_confidential(
    kind, printable, login, caseworker, org
):
    """Issue 14, item 15: each prints as a page of its own, not as a form."""
    print_name, _, record = printable[kind]
    response = login(caseworker).get(reverse(print_name, args=[record.uuid]))
    assert response.status_code == 200
    page = response.content.decode()
    assert not [c for c in FORM_CONTROLS if c in page]
    assert org.name in page
    assert "Confidential" in page
    assert "Printed " in page
    log = AccessLog.objects.get(object_uuid=record.uuid, action=AccessLog.Action.VIEW)
    assert log.user == caseworker and log.detail.startswith("print:")


@pytest.mark.parametrize("kind", ["case file", "exit report", "marac referral"])
def test_pdf_is_rendered_from_the_print_view_and_logged_as_an_export(
    kind, printable, login, caseworker, org
):
    _, pdf_name, record = printable[kind]
    response = login(caseworker).get(reverse(pdf_name, args=[record.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    # Named by reference or kind, never by his name.
    assert "Fictional" not in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert org.name in text
    assert "Confidential" in text
    log = AccessLog.objects.get(object_uuid=record.uuid, action=AccessLog.Action.EXPORT)
    assert log.user == caseworker and log.detail.startswith("PDF:")


@pytest.mark.parametrize("kind", ["case file", "exit report", "marac referral"])
def test_another_organisation_gets_a_404(kind, printable, login, make_user, other_org):
    outsider = make_user("caseworker", organisation=other_org)
    client = login(outsider)
    for name in printable[kind][:2]:
        url = reverse(name, args=[printable[kind][2].uuid])
        assert client.get(url).status_code == 404


def test_case_file_print_shows_his_address_only_to_those_who_keep_it(
    printable, login, caseworker, facilitator
):
    participant = printable["case file"][2]
    participant.address = "9 Print Lane (fictional)"
    participant.save()
    url = reverse("casefile:print", args=[participant.uuid])
    assert "9 Print Lane" in login(caseworker).get(url).content.decode()
    report = printable["exit report"][2]
    report.enrolment.group.facilitators.set([facilitator])
    page = login(facilitator).get(url)
    assert page.status_code == 200
    assert "9 Print Lane" not in page.content.decode()


def test_the_pdf_renderer_fetches_nothing_but_our_static_files():
    assert _static_files_only("/static/css/print.css", "").endswith("print.css")
    assert _static_files_only("http://169.254.169.254/latest/", "") == ""
    assert _static_files_only("file:///etc/passwd", "") == ""
    assert _static_files_only("/static/../../etc/passwd", "") == ""


def test_a_process_loads_the_pdf_and_xlsx_writers_only_when_it_makes_a_file():
    """Every web and Celery process imports every view; the PDF renderer and the
    XLSX writer (some 30 MB of a worker's memory together) wait for their first
    file."""
    script = (
        "import sys, django; django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "from config.celery import app\n"
        "app.loader.import_default_modules()\n"
        "assert 'xhtml2pdf' not in sys.modules, 'PDF renderer loaded at start'\n"
        "assert 'openpyxl' not in sys.modules, 'XLSX writer loaded at start'\n"
        "from accounts.printing import render_pdf\n"
        "assert render_pdf('<p>Printed</p>').startswith(b'%PDF')\n"
        "assert 'xhtml2pdf' in sys.modules\n"
        "from accounts.exports import new_workbook\n"
        "assert new_workbook().create_sheet('data') is not None\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
