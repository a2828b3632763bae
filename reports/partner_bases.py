"""The partners' figures' records, behind the firewall: the women linked to the
men of the report and their safety plans (see `reports.scope`)."""

from __future__ import annotations

from functools import partial

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partner_contact.models import Partner, PartnerContact, Relationship, SafetyPlan
from reports import compiled
from reports.scope import Context, Part, of_men


def _contacts_in_period(context: Context, **conditions) -> Exists:
    first, after = context.period.moments(context.organisation)
    return Exists(
        PartnerContact.objects.filter(
            partner=OuterRef("pk"),
            occurred_at__gte=first,
            occurred_at__lt=after,
            **conditions,
        )
    )


def _contacted(context: Context, **conditions) -> Q:
    """Women with a contact of these conditions in the period."""
    return Q(_contacts_in_period(context, **conditions))


def _unreachable(context: Context) -> Q:
    """Women attempted in the period but never reached in it."""
    return _contacted(context) & ~_contacted(context, contact_made=True)


def _links(context: Context) -> QuerySet:
    """Her links to the men of the scope. A link is its organisation's
    (partner_contact.services.link_partner links only a man and a woman of
    one organisation), so the links are read by the organisation's index
    (`of_men`: matched to the men of a programme or group as a whole) rather
    than probed woman by woman, each link's man read again for his
    organisation (12 ms against 4 for the women identified at 2,000 men)."""
    return of_men(Relationship.objects.all(), context.scope)


def partner_records(context: Context) -> QuerySet:
    return (
        Partner.objects.filter(organisation=context.organisation)
        .without_secrets()
        .filter(pk__in=_links(context).values("partner"))
        .order_by("name", "pk")
    )


def partner_parts(context: Context) -> list[Part]:
    start, end = context.period.start, context.period.end
    identified = _links(context).filter(linked_on__range=(start, end))
    Outcome = PartnerContact.Outcome
    return [
        Part(
            "identified",
            _("Partners identified"),
            Q(pk__in=identified.values("partner")),
        ),
        Part(
            "offered",
            _("Offered support (contacted proactively)"),
            partial(_contacted, context, direction=PartnerContact.Direction.OUTBOUND),
            grouped=True,
        ),
        Part(
            "engaged",
            _("Engaged (spoke with a worker)"),
            partial(_contacted, context, outcome=Outcome.SPOKE),
            grouped=True,
        ),
        Part(
            "declined",
            _("Declined support"),
            partial(_contacted, context, outcome=Outcome.DECLINED),
            grouped=True,
        ),
        Part(
            "unreachable",
            _("Not reached despite attempts"),
            partial(_unreachable, context),
            grouped=True,
        ),
    ]


def contact_counts(context: Context) -> dict[str, int]:
    """The parts about her contacts in the period, counted from the contacts
    (the women of the base with one of each kind) in one query, rather than
    with an EXISTS per woman and part. A contact that reached her is an
    attempt, so those never reached are the attempted less the reached."""
    found = compiled.rows(("contacts",), context, _contact_query)
    row = found[0] if found else (0,) * len(CONTACT_COUNTS)
    counts = dict(zip(CONTACT_COUNTS, row, strict=True))
    counts["unreachable"] = counts.pop("attempted") - counts.pop("reached")
    return counts


# The women counted by her contacts in the period: those with one of each kind.
CONTACT_COUNTS = {
    "offered": Q(direction=PartnerContact.Direction.OUTBOUND),
    "engaged": Q(outcome=PartnerContact.Outcome.SPOKE),
    "declined": Q(outcome=PartnerContact.Outcome.DECLINED),
    "attempted": None,
    "reached": Q(contact_made=True),
}


def _contact_query(context: Context):
    first, after = context.period.moments(context.organisation)
    contacts = PartnerContact.objects.filter(
        partner__in=partner_records(context).values("pk"),
        occurred_at__gte=first,
        occurred_at__lt=after,
    )
    counts = {name: _women(condition) for name, condition in CONTACT_COUNTS.items()}
    return lambda: contacts.aggregate(**counts)


def _women(condition: Q | None) -> Count:
    return Count("partner", distinct=True, filter=condition)


def safety_plan_records(context: Context) -> QuerySet:
    first, after = context.period.moments(context.organisation)
    return (
        SafetyPlan.objects.filter(
            organisation=context.organisation,
            created_at__gte=first,
            created_at__lt=after,
        )
        .filter(partner__in=_links(context).values("partner"))
        .order_by("-created_at", "-pk")
    )


def safety_plan_parts(context: Context) -> list[Part]:
    return [
        Part("made", _("Safety plans made"), Q(version=1)),
        Part("updated", _("Safety plans reviewed or updated"), Q(version__gt=1)),
    ]
