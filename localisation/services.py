"""Writes to an organisation's time, terms and lists; each validates and saves."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.calendar import local_today
from accounts.models import Organisation, PublicHoliday, User, validate_time_zone
from localisation import lists
from localisation.models import ListEntry, Terms
from localisation.presets import PRESETS

# Time -----------------------------------------------------------------------


def set_time_zone(*, organisation: Organisation, time_zone: str) -> None:
    """Set the organisation's time zone; its dates roll over at its midnight."""
    validate_time_zone(time_zone)
    organisation.time_zone = time_zone
    organisation.save(update_fields=["time_zone"])


def add_public_holiday(
    *, organisation: Organisation, on: date, name: str
) -> PublicHoliday:
    """Add a day the organisation does not count as a working day."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the holiday a name."))
    if PublicHoliday.objects.filter(organisation=organisation, date=on).exists():
        raise ValidationError(
            _("%(date)s is already a public holiday.") % {"date": on.isoformat()}
        )
    try:
        with transaction.atomic():
            return PublicHoliday.objects.create(
                organisation=organisation, date=on, name=name
            )
    except IntegrityError as error:
        # Two managers adding the same day at once: the constraint decides.
        raise ValidationError(
            _("%(date)s is already a public holiday.") % {"date": on.isoformat()}
        ) from error


def remove_public_holiday(*, holiday: PublicHoliday) -> None:
    """Count the day as a working day again."""
    holiday.delete()


# Terms ----------------------------------------------------------------------


def save_terms(*, organisation: Organisation, **fields) -> Terms:
    """Save the organisation's names for the conference, agency and order."""
    terms, _created = Terms.objects.update_or_create(
        organisation=organisation, defaults=fields
    )
    return terms


@transaction.atomic
def apply_country_preset(*, organisation: Organisation, country: str) -> Terms:
    """Set the terms, time zone, language, emergency numbers and this year's
    fixed-date public holidays of a country (localisation.presets). Holidays
    already entered stay; the conference's criteria are risk's (risk.country)."""
    preset = PRESETS.get(country)
    if preset is None:
        raise ValidationError(_("There is no preset for that country."))
    organisation.country = preset.country
    organisation.time_zone = preset.time_zone
    organisation.language = preset.language
    organisation.emergency_numbers = preset.emergency_numbers
    organisation.save(
        update_fields=["country", "time_zone", "language", "emergency_numbers"]
    )
    year = local_today(organisation).year
    PublicHoliday.objects.bulk_create(
        [
            PublicHoliday(
                organisation=organisation, date=date(year, month, day), name=name
            )
            for month, day, name in preset.holidays
        ],
        ignore_conflicts=True,
    )
    return save_terms(
        organisation=organisation,
        conference_name=preset.conference_name,
        conference_full_name=preset.conference_full_name,
        child_protection_agency=preset.child_protection_agency,
        protection_order=preset.protection_order,
        preset=preset.country,
    )


# Lists ----------------------------------------------------------------------


def _forget_after_commit(organisation: Organisation, list_key: str) -> None:
    lists.forget(organisation.pk, list_key)
    transaction.on_commit(lambda: lists.forget(organisation.pk, list_key))


def seed_list(*, organisation: Organisation, list_key: str) -> None:
    """Copy the shipped entries into the organisation's rows, once (idempotent:
    the code is unique per list). Labels stay empty: shipped labels keep their
    translations until a manager renames them."""
    kind = lists.LISTS[list_key]
    if ListEntry.objects.of_list(organisation.pk, list_key).exists():
        return
    ListEntry.objects.bulk_create(
        [
            ListEntry(
                organisation=organisation,
                list_key=list_key,
                code=code,
                order=(position + 1) * 10,
            )
            for position, (code, _label) in enumerate(kind.shipped())
        ],
        ignore_conflicts=True,
    )
    _forget_after_commit(organisation, list_key)


def _refuse_duplicate_label(
    *, organisation: Organisation, list_key: str, label: str, other_than: str = ""
) -> None:
    wanted = label.strip().casefold()
    if not wanted:
        raise ValidationError(_("Give the entry a name."))
    for entry in lists.entries(organisation.pk, list_key, fresh=True):
        if entry.code != other_than and entry.label.strip().casefold() == wanted:
            raise ValidationError(
                _("The list already has an entry called “%(label)s”.")
                % {"label": entry.label}
            )


@transaction.atomic
def add_list_entry(
    *, organisation: Organisation, list_key: str, label: str, actor: User
) -> ListEntry:
    """Add an entry at the end of the list; its code is made from its label."""
    seed_list(organisation=organisation, list_key=list_key)
    _refuse_duplicate_label(organisation=organisation, list_key=list_key, label=label)
    rows = ListEntry.objects.of_list(organisation.pk, list_key)
    # Codes fit the narrowest column that stores one (a risk note's, 20).
    base = slugify(label)[:16].strip("-") or "entry"
    taken = set(rows.values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    last = rows.aggregate(last=Max("order"))["last"] or 0
    entry = ListEntry.objects.create(
        organisation=organisation,
        list_key=list_key,
        code=code,
        label=label.strip(),
        order=last + 10,
    )
    _forget_after_commit(organisation, list_key)
    return entry


def _row(organisation: Organisation, list_key: str, code: str) -> ListEntry:
    seed_list(organisation=organisation, list_key=list_key)
    found = ListEntry.objects.of_list(organisation.pk, list_key).filter(code=code)
    row = found.select_for_update().first()
    if row is None:
        raise ValidationError(_("That entry is not on the list."))
    return row


@transaction.atomic
def rename_list_entry(
    *,
    organisation: Organisation,
    list_key: str,
    code: str,
    label: str,
    language: str = "",
    actor: User,
) -> ListEntry:
    """Give an entry a new label (in one language, or for all); its code, and so
    every saved record, stays as it was."""
    row = _row(organisation, list_key, code)
    _refuse_duplicate_label(
        organisation=organisation, list_key=list_key, label=label, other_than=code
    )
    if language:
        row.translations = {**row.translations, language: label.strip()}
        row.save(update_fields=["translations"])
    else:
        row.label = label.strip()
        row.save(update_fields=["label"])
    _forget_after_commit(organisation, list_key)
    return row


@transaction.atomic
def move_list_entry(
    *, organisation: Organisation, list_key: str, code: str, up: bool, actor: User
) -> None:
    """Swap the entry with its neighbour above (or below)."""
    row = _row(organisation, list_key, code)
    rows = list(ListEntry.objects.of_list(organisation.pk, list_key))
    at = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(rows):
        return
    rows[at], rows[other] = rows[other], rows[at]
    for position, entry in enumerate(rows):
        entry.order = (position + 1) * 10
    ListEntry.objects.bulk_update(rows, ["order"])
    _forget_after_commit(organisation, list_key)


@transaction.atomic
def retire_list_entry(
    *, organisation: Organisation, list_key: str, code: str, actor: User
) -> ListEntry:
    """Stop offering the entry on new forms; records that have it still show it."""
    row = _row(organisation, list_key, code)
    if row.retired_at is None:
        current = ListEntry.objects.of_list(organisation.pk, list_key).current()
        if current.count() <= 1:
            raise ValidationError(_("A list keeps at least one entry in use."))
        row.retired_at = timezone.now()
        row.save(update_fields=["retired_at"])
        _forget_after_commit(organisation, list_key)
    return row


@transaction.atomic
def restore_list_entry(
    *, organisation: Organisation, list_key: str, code: str, actor: User
) -> ListEntry:
    """Offer a retired entry again."""
    row = _row(organisation, list_key, code)
    row.retired_at = None
    row.save(update_fields=["retired_at"])
    _forget_after_commit(organisation, list_key)
    return row
