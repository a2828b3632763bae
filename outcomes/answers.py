"""A recorded questionnaire read back: each question and answer in the reader's
language, whatever language it was asked in (Response.language says which)."""

from dataclasses import dataclass

from outcomes.forms import NOT_YET
from outcomes.models import Item, Response, SpecialAnswer


@dataclass
class AnsweredItem:
    text: str
    answer: str
    # Not answered, declined or not yet asked: shown apart from real answers.
    is_special: bool


def answers_for_reading(
    response: Response, language: str | None = None
) -> list[tuple[str, list[AnsweredItem]]]:
    """(domain name, its questions with their answers) in the questionnaire's
    order, in `language` (default: the reader's); two queries, whatever the
    number of items."""
    values = dict(response.answers.values_list("item_id", "value"))
    items = Item.objects.filter(questionnaire_id=response.questionnaire_id)
    items = items.select_related(
        "questionnaire", "domain__questionnaire", "scale__questionnaire"
    ).order_by("domain__order", "order")
    special = dict(SpecialAnswer.choices)
    sections: dict[int, tuple[str, list[AnsweredItem]]] = {}
    for item in items:
        value = values.get(item.pk, "")
        labels = dict(item.scale.choices(language))
        answer = labels.get(value) or special.get(value) or NOT_YET[1]
        _name, rows = sections.setdefault(
            item.domain_id, (item.domain.name_in(language), [])
        )
        rows.append(
            AnsweredItem(
                text=f"{item.order}. {item.text_in(language)}",
                answer=str(answer),
                is_special=value not in labels,
            )
        )
    return list(sections.values())
