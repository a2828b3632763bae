import datetime

import factory

from participants.models import (
    CaseNote,
    CaseNoteDraft,
    Child,
    Participant,
    StatusChange,
)
from tests.accounts.factories import CaseworkerFactory, OrganisationFactory


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A man on the programme, invented for tests."""

    class Meta:
        model = Participant

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"T26-{n:05d}")
    first_name = factory.Sequence(lambda n: f"Testman{n}")
    last_name = "Fictional"
    date_of_birth = datetime.date(1985, 6, 1)
    phone = factory.Sequence(lambda n: f"07700 9{n:05d}")
    caseworker = factory.SubFactory(
        CaseworkerFactory, organisation=factory.SelfAttribute("..organisation")
    )
    status = Participant.Status.ACTIVE
    status_changed_on = datetime.date(2026, 1, 5)


class ReferredParticipantFactory(ParticipantFactory):
    status = Participant.Status.REFERRED


class ActiveParticipantFactory(ParticipantFactory):
    status = Participant.Status.ACTIVE


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    name = factory.Sequence(lambda n: f"Child {n}")
    birth_year = 2018


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    author = factory.SelfAttribute("participant.caseworker")
    occurred_on = datetime.date(2026, 3, 2)
    body = "Discussed the week; he kept to his time-out plan."


class WaitingParticipantFactory(ParticipantFactory):
    status = Participant.Status.WAITING_LIST


class AssessmentParticipantFactory(ParticipantFactory):
    status = Participant.Status.ASSESSMENT


class StatusChangeFactory(factory.django.DjangoModelFactory):
    """A move of a man's case that has taken effect."""

    class Meta:
        model = StatusChange

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    from_status = Participant.Status.ASSESSMENT
    to_status = Participant.Status.ACTIVE
    effective_on = datetime.date(2026, 1, 5)
    reason = "started_programme"
    changed_by = factory.SelfAttribute("participant.caseworker")


class PendingStatusChangeFactory(StatusChangeFactory):
    """An exclusion asked for by a caseworker, waiting for a manager."""

    from_status = Participant.Status.ACTIVE
    to_status = Participant.Status.EXCLUDED
    reason = "breach_of_agreement"
    approval = StatusChange.Approval.PENDING


class CaseNoteDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNoteDraft

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    author = factory.SelfAttribute("participant.caseworker")
    body = "Half-written note about the week"
