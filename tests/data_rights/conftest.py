import pytest

from tests.participants.factories import ParticipantFactory


@pytest.fixture
def man(org, caseworker):
    """An active man of `org` whose caseworker is the `caseworker` fixture."""
    return ParticipantFactory(organisation=org, caseworker=caseworker)
