import pytest

from risk.models import RiskInstrument
from tests.participants.factories import ParticipantFactory


@pytest.fixture
def instrument(db):
    return RiskInstrument.objects.get(code="ric-24", is_active=True)


@pytest.fixture
def man(org, caseworker):
    """An active man of `org` whose caseworker is the `caseworker` fixture."""
    return ParticipantFactory(organisation=org, caseworker=caseworker)


@pytest.fixture
def answers(instrument):
    """answers(yes=n): a full set of answers with the first n items "yes"."""

    def make(yes=0, dont_know=0):
        items = list(instrument.items.order_by("order"))
        result = {}
        for index, item in enumerate(items):
            if index < yes:
                value = "yes"
            elif index < yes + dont_know:
                value = "dont_know"
            else:
                value = "no"
            result[item.pk] = (value, "")
        return result

    return make
