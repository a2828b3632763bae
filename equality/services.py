"""Writes of equality monitoring: the organisation's lists and a person's answers."""

from django.db import transaction
from django.utils import translation

from accounts.models import Organisation, User
from equality.defaults import DEFAULT_OPTIONS
from equality.models import Characteristic, EqualityAnswer, MonitoringOption
from participants.models import Participant
from partner_contact.models import Partner


def ensure_default_options(organisation: Organisation) -> None:
    """Give an organisation without any list the default options, labelled in
    its language. Idempotent: a list once seeded is the organisation's to change."""
    if MonitoringOption.objects.filter(organisation=organisation).exists():
        return
    with translation.override(organisation.language or None):
        options = [
            MonitoringOption(
                organisation=organisation,
                characteristic=characteristic,
                label=str(label),
                position=position,
            )
            for characteristic, labels in DEFAULT_OPTIONS.items()
            for position, label in enumerate(labels)
        ]
    # A concurrent first visit may seed too: the unique label keeps one of each.
    MonitoringOption.objects.bulk_create(options, ignore_conflicts=True)


@transaction.atomic
def record_answers(
    *,
    answers: dict[str, MonitoringOption | str | None],
    by: User,
    participant: Participant | None = None,
    partner: Partner | None = None,
) -> None:
    """Save one person's answers: characteristic -> an option, "prefer not to
    say" (EqualityAnswer.Answer.PREFER_NOT_TO_SAY) or None (not asked: no row).

    Questions left out of `answers` are not touched. History is kept per answer.
    """
    person = {"participant": participant} if participant else {"partner": partner}
    organisation_id = (participant or partner).organisation_id
    current = {
        a.characteristic: a
        for a in EqualityAnswer.objects.select_for_update().filter(**person)
    }
    for characteristic, value in answers.items():
        if characteristic not in Characteristic.values:
            continue
        existing = current.get(characteristic)
        if value is None:
            if existing is not None:
                existing.delete()
            continue
        if value == EqualityAnswer.Answer.PREFER_NOT_TO_SAY:
            answer, option = EqualityAnswer.Answer.PREFER_NOT_TO_SAY, None
        else:
            answer, option = EqualityAnswer.Answer.ANSWERED, value
        if existing is None:
            EqualityAnswer.objects.create(
                organisation_id=organisation_id,
                characteristic=characteristic,
                answer=answer,
                option=option,
                recorded_by=by,
                **person,
            )
        elif existing.answer != answer or existing.option_id != getattr(
            option, "pk", None
        ):
            existing.answer = answer
            existing.option = option
            existing.recorded_by = by
            existing.save(
                update_fields=["answer", "option", "recorded_by", "updated_at"]
            )


def add_option(
    *, organisation: Organisation, characteristic: str, label: str
) -> MonitoringOption:
    """A new option at the end of one question's list."""
    return MonitoringOption.objects.create(
        organisation=organisation,
        characteristic=characteristic,
        label=label,
        position=MonitoringOption.objects.next_position(organisation, characteristic),
    )


@transaction.atomic
def move_option(*, option: MonitoringOption, up: bool) -> None:
    """Swap an option with its neighbour above or below in its list."""
    siblings = list(
        MonitoringOption.objects.select_for_update()
        .filter(
            organisation_id=option.organisation_id,
            characteristic=option.characteristic,
        )
        .order_by("position", "pk")
    )
    index = next(i for i, o in enumerate(siblings) if o.pk == option.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber the whole list: positions may have had gaps or ties.
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


def set_option_retired(*, option: MonitoringOption, retired: bool) -> None:
    """Stop (or start again) offering an option; answers that gave it keep it."""
    option.retired = retired
    option.save(update_fields=["retired"])
