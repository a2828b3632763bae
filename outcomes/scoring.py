"""How a response's answers are checked and scored. Pure functions, no queries."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outcomes.models import SPECIAL_ANSWERS, Domain, Item


@dataclass(frozen=True)
class CheckedAnswer:
    item: Item
    value: str
    # None for "not answered" and "declined": they are never a zero.
    score: float | None


def check_answers(
    items: list[Item], answers: dict[int, str], *, complete: bool
) -> list[CheckedAnswer]:
    """The given answers, each checked against its item's scale.

    An empty answer is "not yet asked" and allowed in a draft; a complete
    response needs one for every item ("not answered" is an answer).
    """
    checked, unknown, missing = [], [], []
    for item in items:
        value = (answers.get(item.pk) or "").strip()
        if not value:
            missing.append(item.order)
            continue
        scores = item.scale.scores()
        if value in SPECIAL_ANSWERS:
            checked.append(CheckedAnswer(item, value, None))
        elif value in scores:
            checked.append(CheckedAnswer(item, value, float(scores[value])))
        else:
            unknown.append(item.order)
    if unknown:
        raise ValidationError(
            ngettext(
                "Question %(items)s has an answer that is not on its scale.",
                "Questions %(items)s have answers that are not on their scales.",
                len(unknown),
            )
            % {"items": ", ".join(map(str, unknown))}
        )
    if complete and missing:
        raise ValidationError(
            _(
                "To complete the questionnaire every question needs an answer "
                "('Not answered' counts); still open: %(items)s. Save it as a "
                "draft to finish later."
            )
            % {"items": ", ".join(map(str, missing))}
        )
    return checked


def score_domains(
    domains: list[Domain], answers: list[CheckedAnswer]
) -> dict[str, float | None]:
    """Each domain's score: the mean or sum of its scored answers, or None when
    fewer than the domain's minimum were scored."""
    by_domain: dict[int, list[float]] = {domain.pk: [] for domain in domains}
    for answer in answers:
        if answer.score is not None:
            by_domain[answer.item.domain_id].append(answer.score)
    result = {}
    for domain in domains:
        scores = by_domain[domain.pk]
        if len(scores) < max(domain.min_answered, 1):
            result[domain.code] = None
        elif domain.scoring == Domain.Scoring.SUM:
            result[domain.code] = float(sum(scores))
        else:
            result[domain.code] = round(sum(scores) / len(scores), 3)
    return result
