"""What a report is about, and how a figure is counted.

A `Base` is one kind of record in the period and scope (referrals received,
status moves, places in groups...); each `Part` is a condition on it. The
report counts every part of a base in one query (`count_parts`: COUNT with
FILTER, in the database). The bases themselves are in `reports.bases` (the
men's side), `reports.risk_bases` and `reports.partner_bases` (behind the
firewall).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from participants.models import Participant
from programmes.models import Enrolment
from reports import compiled
from reports.periods import Period, Scope


@dataclass(frozen=True)
class Context:
    """What a report is about: the period, the scope, and whether the reader is
    inside the firewall (partner-support workers and managers)."""

    scope: Scope
    period: Period
    sees_partners: bool

    @property
    def organisation(self):
        return self.scope.organisation


@dataclass(frozen=True)
class Part:
    """One figure of a base: a name, a label and the condition it counts."""

    name: str
    label: str
    # A Q, or a function building it when first needed (a grouped part's
    # correlated subqueries cost time to build and are not counted by it).
    condition: Q | Callable[[], Q]
    # The part this one breaks down (its parts add up to it), if any.
    parent: str | None = None
    # Counted by its base's `grouped` query rather than by a FILTER of its own
    # (the condition still picks the records behind it).
    grouped: bool = False

    def where(self) -> Q:
        """The condition on the base's records."""
        return self.condition() if callable(self.condition) else self.condition


@dataclass(frozen=True)
class Base:
    """A kind of record in the period and scope, and the figures counted on it."""

    key: str
    records: Callable[[Context], QuerySet]
    parts: Callable[[Context], list[Part]]
    # Count distinct values of this field (a man counted once) instead of rows.
    distinct: str | None = None
    # Behind the firewall: only partner-support workers and managers.
    partner: bool = False
    related: tuple[str, ...] = ()
    # The list behind it is a manager's: others see only their own alerts, so
    # a list would not match the figure.
    managers_only: bool = False
    # Counts of its `grouped` parts, {"<part name>": n}, in one GROUP BY query
    # (a part left out counts 0).
    grouped: Callable[[Context], dict[str, int]] | None = None


def men_in(scope: Scope) -> QuerySet:
    """The men of the scope: the organisation's, or those with a place (now or
    once) in a group of the programme, or in the group."""
    men = Participant.objects.filter(organisation=scope.organisation)
    if scope.group is not None:
        places = Enrolment.objects.filter(participant=OuterRef("pk"), group=scope.group)
        men = men.filter(Exists(places))
    elif scope.programme is not None:
        places = Enrolment.objects.filter(
            participant=OuterRef("pk"), group__programme=scope.programme
        )
        men = men.filter(Exists(places))
    return men


def of_men(queryset: QuerySet, scope: Scope, path: str = "participant") -> QuerySet:
    """Records of the scope's men (by the relation `path` to the man)."""
    queryset = queryset.filter(organisation=scope.organisation)
    if scope.group is None and scope.programme is None:
        return queryset
    return queryset.filter(**{f"{path}__in": men_in(scope).values("pk")})


def count_parts(
    base: Base,
    context: Context,
    parts: list[Part] | None = None,
    extras: dict | None = None,
) -> dict[str, int]:
    """Every part of a base counted in one query (and its grouped parts in a
    second): {"<base>.<name>": n}. `parts` are the base's, if already built.
    The query is compiled once per process for each base, scope and set of
    parts (`reports.compiled`), whatever the period. A base's grouped query
    may also give figures that are not its parts' counts (a median over the
    same rows): they go into `extras`, by "<base>.<name>"."""
    parts = base.parts(context) if parts is None else parts

    def build(for_context: Context):
        mine = parts if for_context is context else base.parts(for_context)
        records = base.records(for_context).order_by()
        aggregates = count_expressions(base, mine)
        return lambda: records.aggregate(**aggregates)

    aliases = [f"c{index}" for index, part in enumerate(parts) if not part.grouped]
    found = []
    if aliases:
        # A base whose parts are all counted by its `grouped` query sends no
        # aggregate of its own.
        key = ("parts", base.key, tuple(part.name for part in parts))
        found = compiled.rows(key, context, build)
    result = dict(zip(aliases, found[0], strict=True)) if found else {}
    grouped = base.grouped(context) if base.grouped else {}
    if extras is not None:
        names = {part.name for part in parts}
        extras.update(
            (f"{base.key}.{name}", value)
            for name, value in grouped.items()
            if name not in names
        )
    return {
        f"{base.key}.{part.name}": (
            grouped.get(part.name, 0) if part.grouped else result.get(f"c{index}") or 0
        )
        for index, part in enumerate(parts)
    }


def count_expressions(base: Base, parts: list[Part]) -> dict[str, Count]:
    """The aggregates counting a base's parts (but its grouped ones), "c<index>"."""
    field = base.distinct or "pk"
    return {
        f"c{index}": Count(
            field, distinct=base.distinct is not None, filter=part.where() or None
        )
        for index, part in enumerate(parts)
        if not part.grouped
    }
