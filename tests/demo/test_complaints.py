"""Demo complaints, letters to referrers and equality monitoring: a few of each
per organisation, fictional, none overdue (so a detector run after seeding
writes nothing), the lists seeded and men's answers recorded."""

from accounts.models import Organisation
from complaints.models import Complaint
from equality.models import EqualityAnswer, MonitoringOption
from referrals.models import ReferrerLetter
from risk.rules.complaints import detect_overdue_complaints


def test_each_organisation_has_complaints_letters_and_monitoring(seeded):
    for organisation in Organisation.objects.all():
        complaints = Complaint.objects.filter(organisation=organisation)
        assert complaints.complaints().count() == 4
        assert complaints.compliments().count() == 2
        assert complaints.behind_firewall().count() == 1
        assert all(c.summary.endswith("(demo)") for c in complaints)
        letters = ReferrerLetter.objects.filter(organisation=organisation)
        assert letters.sent().count() == 2
        assert letters.drafts().count() == 1
        assert MonitoringOption.objects.filter(organisation=organisation).exists()
        assert EqualityAnswer.objects.filter(organisation=organisation).exists()


def test_no_complaint_is_overdue_after_seeding(seeded):
    assert detect_overdue_complaints(today=seeded.today, now=seeded.now) == []
