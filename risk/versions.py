"""New versions of a risk instrument, made by a manager without code.

A manager starts a draft from the current version (items, weights, domains,
bands, levels and texts in every language copied), edits it, previews it and
publishes it. Publishing makes the draft the version offered for new
assessments; the one before stays, unchanged, for the assessments made with it.
A published version never changes (RiskInstrument.save and InstrumentItem.save
refuse), so an assessment always reads with the version it was made with.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from participants.models import RiskLevel
from risk.models import InstrumentItem, RiskInstrument
from risk.models.assessments import LEVEL_RANK

BANDS = (RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH)


@transaction.atomic
def start_new_version(*, instrument: RiskInstrument, actor: User) -> RiskInstrument:
    """A draft copy of the instrument as the organisation's next version of it
    (or the draft it has already begun: one draft at a time)."""
    organisation = actor.organisation
    mine = RiskInstrument.objects.filter(
        code=instrument.code, organisation=organisation
    )
    existing = mine.filter(is_draft=True).first()
    if existing is not None:
        return existing
    latest = (
        RiskInstrument.objects.filter(code=instrument.code)
        .of_organisation(organisation.pk)
        .aggregate(v=Max("version"))["v"]
    )
    draft = RiskInstrument.objects.create(
        organisation=organisation,
        code=instrument.code,
        version=latest + 1,
        name=instrument.name,
        description=instrument.description,
        is_active=False,
        is_draft=True,
        medium_from=instrument.medium_from,
        high_from=instrument.high_from,
        language=instrument.language,
        levels=instrument.levels,
    )
    # bulk_create: the copy is written straight into the draft.
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=draft,
            order=item.order,
            code=item.code,
            domain=item.domain,
            text=item.text,
            guidance=item.guidance,
            weight=item.weight,
            marks_pregnancy=item.marks_pregnancy,
            translations=item.translations,
        )
        for item in instrument.items.all()
    )
    return draft


@dataclass(frozen=True)
class Level:
    start: int
    band: str
    name: str


def parse_levels(text: str, language: str) -> list[dict]:
    """Levels written one a line as "from | band | name" (e.g. "0 | standard |
    No apreciado"), as stored on the instrument; empty text: no own levels."""
    levels = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[0].isdigit() or not parts[2]:
            raise ValidationError(
                _(
                    "Line %(line)s of the levels: write “score from | band | "
                    "name”, e.g. “0 | standard | Low”."
                )
                % {"line": number}
            )
        if parts[1] not in BANDS:
            raise ValidationError(
                _("Line %(line)s of the levels: the band is one of %(bands)s.")
                % {"line": number, "bands": ", ".join(BANDS)}
            )
        levels.append(
            {"from": int(parts[0]), "band": parts[1], "names": {language: parts[2]}}
        )
    return levels


def levels_as_text(instrument: RiskInstrument) -> str:
    lines = []
    for level in instrument.levels:
        names = level["names"]
        name = names.get(instrument.language) or next(iter(names.values()), "")
        lines.append(f"{level['from']} | {level['band']} | {name}")
    return "\n".join(lines)


def check_version(instrument: RiskInstrument, items: list[InstrumentItem]) -> None:
    """Refuse a version that cannot be scored: no items, bands out of order or out
    of reach of the highest possible score, or levels that do not climb."""
    errors = []
    if not items:
        errors.append(_("A version needs at least one item."))
    highest = sum(item.weight for item in items)
    if instrument.medium_from < 1:
        errors.append(_("Medium risk must start at a score of 1 or more."))
    if instrument.high_from <= instrument.medium_from:
        errors.append(_("High risk must start above medium risk."))
    if items and instrument.high_from > highest:
        errors.append(
            _(
                "High risk starts at %(high)s but the highest possible score is "
                "%(highest)s: no one could ever be assessed high."
            )
            % {"high": instrument.high_from, "highest": highest}
        )
    levels = instrument.levels
    if levels:
        if len(levels) < 2:
            errors.append(_("An instrument's own levels are two or more."))
        if levels[0]["from"] != 0:
            errors.append(_("The lowest level starts at a score of 0."))
        for lower, upper in zip(levels, levels[1:], strict=False):
            if upper["from"] <= lower["from"]:
                errors.append(
                    _("Each level starts at a higher score than the one before.")
                )
                break
            if LEVEL_RANK[upper["band"]] < LEVEL_RANK[lower["band"]]:
                errors.append(_("A higher level cannot have a lower band."))
                break
    codes = [item.code for item in items]
    if len(set(codes)) != len(codes):
        errors.append(_("Two items have the same code."))
    orders = [item.order for item in items]
    if len(set(orders)) != len(orders):
        errors.append(_("Two items have the same place in the order."))
    if sum(item.marks_pregnancy for item in items) > 1:
        errors.append(_("At most one item stands for a pregnancy or a recent birth."))
    if errors:
        raise ValidationError(errors)


ITEM_FIELDS = (
    "order",
    "code",
    "domain",
    "text",
    "guidance",
    "weight",
    "marks_pregnancy",
    "translations",
)


@transaction.atomic
def save_draft(
    *,
    draft: RiskInstrument,
    fields: dict,
    levels: list[dict],
    items: list[dict],
    actor: User,
) -> RiskInstrument:
    """Replace the draft's header, levels and items, once the whole version
    checks (check_version); nothing is written otherwise. A draft was never
    used, so its items are written afresh."""
    draft = RiskInstrument.objects.select_for_update().get(pk=draft.pk)
    if not draft.is_draft:
        raise ValidationError(
            _("This version is published and may have been used: it cannot change.")
        )
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.levels = levels
    new_items = [
        InstrumentItem(
            instrument=draft, **{k: v for k, v in row.items() if k in ITEM_FIELDS}
        )
        for row in items
    ]
    check_version(draft, new_items)
    draft.save()
    InstrumentItem.objects.filter(instrument=draft).delete()
    InstrumentItem.objects.bulk_create(new_items)
    return draft


@transaction.atomic
def publish_version(*, draft: RiskInstrument, actor: User) -> RiskInstrument:
    """Make the draft the version offered for new assessments; the one before is
    kept, unchanged, for the assessments made with it."""
    draft = RiskInstrument.objects.select_for_update().get(pk=draft.pk)
    if not draft.is_draft:
        raise ValidationError(_("This version is already published."))
    check_version(draft, list(draft.items.all()))
    # The organisation's own version before stops being offered; a shipped one
    # stays active for other organisations (offered_to prefers this one).
    RiskInstrument.objects.filter(
        code=draft.code, organisation=draft.organisation, is_active=True
    ).update(is_active=False)
    draft.is_draft = False
    draft.is_active = True
    draft.save(update_fields=["is_draft", "is_active"])
    return draft
