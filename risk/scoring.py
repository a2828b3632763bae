"""How an assessment's answers are scored and professional judgement applied.

Pure functions, without queries: risk.services.assess_participant stores what
they decide.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from risk.models import Answer, InstrumentItem
from risk.models.assessments import LEVEL_RANK


@dataclass(frozen=True)
class Scored:
    """What a complete set of answers adds up to."""

    score: int
    yes_count: int
    dont_know_count: int


def score_answers(
    items: list[InstrumentItem], answers: dict[int, tuple[str, str]]
) -> Scored:
    """Score the answers, refusing a set that leaves any item unanswered."""
    missing = [item.order for item in items if item.pk not in answers]
    if missing:
        raise ValidationError(
            _("Every item needs an answer; unanswered: %(items)s.")
            % {"items": ", ".join(map(str, missing))}
        )
    said = [answers[item.pk][0] for item in items]
    return Scored(
        score=sum(item.weight for item in items if answers[item.pk][0] == Answer.YES),
        yes_count=said.count(Answer.YES),
        dont_know_count=said.count(Answer.DONT_KNOW),
    )


def apply_judgement(
    *, computed: str, judgement_level: str, judgement_reason: str
) -> tuple[str, str]:
    """The judgement level and reason to store: a judgement may raise the computed
    level, never lower it, and one equal to the computed level is no judgement."""
    if judgement_level and LEVEL_RANK[judgement_level] < LEVEL_RANK[computed]:
        raise ValidationError(
            _("Professional judgement may raise the computed level, never lower it.")
        )
    if not judgement_level or judgement_level == computed:
        return "", ""
    return judgement_level, judgement_reason.strip()
