"""Demo enquiries: each organisation has a public contact page and enquiries in
every state, written as the services would; the detectors find nothing new after
seeding, and the demo partner-support worker sees the panel on her worklist."""

from django.core.management import call_command
from django.urls import reverse

from accounts.models import Organisation, User
from enquiries.models import Enquiry
from risk import services as risk_services
from risk.models import RiskEvent


def test_each_organisation_has_a_public_page_and_enquiries(seeded):
    for organisation in Organisation.objects.all():
        assert organisation.public_contact_slug
        assert "999" in organisation.emergency_numbers
        enquiries = Enquiry.objects.filter(organisation=organisation)
        assert enquiries.count() >= 15
        assert enquiries.awaiting_first_contact().exists()
        assert enquiries.filter(closed_at__isnull=False).exists()
        assert enquiries.filter(channel=Enquiry.Channel.PUBLIC_PAGE).exists()
        # The fields a worker fills in read back (encrypted at rest).
        assert enquiries.exclude(concerns="").first().concerns.endswith("(demo).")


def test_overdue_first_contacts_are_found_in_the_seeding_not_after(seeded):
    overdue = Enquiry.objects.filter(
        first_contact_due__lt=seeded.today
    ).awaiting_first_contact()
    for enquiry in overdue:
        assert RiskEvent.objects.filter(
            enquiry=enquiry, kind=RiskEvent.Kind.FIRST_CONTACT_OVERDUE
        ).exists()
    results = risk_services.run_detectors(
        today=seeded.today, at=seeded.now, names=["detect_first_contact_overdue"]
    )
    assert not results["detect_first_contact_overdue"].events


def test_the_public_page_and_the_queue_open(seeded, client):
    organisation = Organisation.objects.order_by("pk").first()
    page = client.get(
        reverse("enquiries:public_contact", args=[organisation.public_contact_slug])
    )
    assert page.status_code == 200
    worker = User.objects.filter(
        organisation=organisation, role=User.Role.PARTNER_SUPPORT
    ).first()
    client.force_login(worker)
    assert client.get(reverse("enquiries:list")).status_code == 200
    assert (
        "Enquiries" in client.get(reverse("partner_contact:worklist")).content.decode()
    )


def test_scan_risk_after_seeding_writes_nothing_about_enquiries(seeded, capsys):
    before = RiskEvent.objects.filter(enquiry__isnull=False).count()
    call_command("scan_risk")
    assert RiskEvent.objects.filter(enquiry__isnull=False).count() == before
