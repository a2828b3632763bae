"""Small numbers suppressed: the one rule every figure about people follows.

A cell counting fewer than N people (but not none) is shown as "fewer than N",
so no one can be recognised from a breakdown (DESIGN.md section 8; the cautious
rule of UK official statistics). When exactly one cell of a row or a column is
hidden so, its value could be worked out from the row's total; the smallest
other non-zero cell of that line is hidden too ("not shown", its complement).
Hiding a complement can leave another line with a single hidden cell, so the
rule is applied until nothing changes.

N is the organisation's: `small_numbers_internal` (5) for what is shown on
screen inside it, `small_numbers_external` (10) for exports that leave it.
The outcomes page and the period report both call `suppress`; it lives here,
at the lowest floor, so that any app can.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

SHOWN = "shown"
SMALL = "small"
COMPLEMENT = "complement"


@dataclass(frozen=True)
class Cell:
    """One count as it may be shown under the rule of `threshold`."""

    value: int
    state: str
    threshold: int

    def __str__(self) -> str:
        if self.state == SMALL:
            return fewer_than(self.threshold)
        if self.state == COMPLEMENT:
            return not_shown()
        return str(self.value)

    @property
    def hidden(self) -> bool:
        return self.state != SHOWN

    @property
    def chart_value(self) -> int | None:
        """The value a chart may draw: None for a hidden cell."""
        return None if self.hidden else self.value


def fewer_than(threshold: int) -> str:
    return _("fewer than %(n)s") % {"n": threshold}


def not_shown() -> str:
    return _("not shown")


def is_small(n: int | None, threshold: int) -> bool:
    """Whether a count of people is too small to show (zero is shown)."""
    return n is not None and 0 < n < threshold


def shown(n: int, threshold: int) -> str:
    """A single count as it may be shown: 'fewer than N' for 1 to N-1 people."""
    return fewer_than(threshold) if is_small(n, threshold) else str(n)


def suppress(
    table: Mapping[Hashable, Mapping[Hashable, int]],
    threshold: int,
    *,
    columns: bool = True,
) -> dict[Hashable, dict[Hashable, Cell]]:
    """Every cell of a table {row: {column: count}} as it may be shown.

    Small cells are hidden, then complements in rows (and, unless `columns` is
    False, in columns) until every line hides none or at least two cells.
    Columns are left alone only where a column is not a whole that adds up
    (rows that are separate samples of the same people).
    """
    counts = {
        (row, col): n or 0 for row, cells in table.items() for col, n in cells.items()
    }
    hidden = {key for key, n in counts.items() if is_small(n, threshold)}
    small = set(hidden)
    lines = _lines(list(counts), columns=columns)
    order = {key: index for index, key in enumerate(counts)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in hidden) != 1:
                continue
            others = [
                (counts[key], order[key], key)
                for key in line
                if key not in hidden and counts[key] > 0
            ]
            if others:
                hidden.add(min(others)[2])
                changed = True
    result: dict[Hashable, dict[Hashable, Cell]] = {row: {} for row in table}
    for (row, col), n in counts.items():
        state = (
            SMALL
            if (row, col) in small
            else COMPLEMENT
            if (row, col) in hidden
            else SHOWN
        )
        result[row][col] = Cell(value=n, state=state, threshold=threshold)
    return result


def suppress_line(
    cells: Mapping[Hashable, int], threshold: int
) -> dict[Hashable, Cell]:
    """One row of counts (parts of one whole) as they may be shown."""
    return suppress({None: cells}, threshold)[None]


def _lines(keys: list[tuple], *, columns: bool) -> list[list[tuple]]:
    rows: dict = {}
    cols: dict = {}
    for key in keys:
        rows.setdefault(key[0], []).append(key)
        cols.setdefault(key[1], []).append(key)
    lines = list(rows.values())
    if columns:
        lines += [line for line in cols.values() if len(line) > 1]
    return lines
