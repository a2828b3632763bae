"""Fixtures the programmes tests share."""

import pytest

from tests.programmes.factories import GroupFactory, ProgrammeFactory


@pytest.fixture
def group(org, facilitator):
    group = GroupFactory(programme=ProgrammeFactory(organisation=org))
    group.facilitators.set([facilitator])
    return group
