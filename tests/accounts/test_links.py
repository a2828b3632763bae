"""accounts.links: one reversal, filled in for each row."""

import uuid

from django.urls import reverse

from accounts.links import uuid_link


def test_uuid_link_gives_what_reverse_gives():
    case_file = uuid_link("casefile:detail")
    for value in (uuid.uuid4(), uuid.uuid4(), uuid.UUID(int=1)):
        assert case_file(value) == reverse("casefile:detail", args=[value])
        assert case_file(str(value)) == reverse("casefile:detail", args=[value])
