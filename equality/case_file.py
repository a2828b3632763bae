"""His equality monitoring on his case file (casefile:detail), and hers on her
record (partner_contact.slots.partner_record), each in one query."""

from accounts.roles import CASE_ROLES, FIREWALL_ROLES
from equality.models import NOT_ASKED, Characteristic, EqualityAnswer


def _rows(answers) -> list[dict]:
    # Plain strings, each translated once here: the template would translate
    # a lazy name again at every use.
    given = {a.characteristic: a for a in answers}
    not_asked = str(NOT_ASKED)
    return [
        {
            "label": str(label),
            "answer": str(given[value]) if value in given else not_asked,
            "asked": value in given,
        }
        for value, label in Characteristic.choices
    ]


def case_file_context(participant, user) -> dict:
    """Context for templates/equality/_case_file.html: "equality" is None for
    roles that do not keep his monitoring (facilitators)."""
    if user.role not in CASE_ROLES or not user.has_perm("equality.view_equalityanswer"):
        return {"equality": None}
    answers = (
        EqualityAnswer.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("option")
    )
    return {
        "equality": {
            "rows": _rows(answers),
            "can_edit": user.has_perm("equality.change_equalityanswer"),
        }
    }


def her_monitoring(*, partner, user):
    """Her answers on her record: (template, context), None outside the firewall."""
    if user.role not in FIREWALL_ROLES or not user.has_perm(
        "equality.view_equalityanswer"
    ):
        return None
    answers = (
        EqualityAnswer.objects.visible_to(user)
        .filter(partner=partner)
        .select_related("option")
    )
    return (
        "equality/_her_record.html",
        {
            "partner": partner,
            "rows": _rows(answers),
            "can_edit": user.has_perm("equality.change_equalityanswer"),
        },
    )
