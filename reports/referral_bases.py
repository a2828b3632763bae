"""The referrals' figures' records: the referrals received in the period, by
source, where they stand now, and the reasons of those declined or withdrawn
(see `reports.scope` for how a base is counted)."""

from __future__ import annotations

from functools import partial

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from localisation import lists  # AGENCY_KINDS
from referrals.models import AGENCY_KINDS, Referral, ReferralDecision
from reports import compiled
from reports.scope import Context, Part, of_men


def referral_records(context: Context) -> QuerySet:
    start, end = context.period.start, context.period.end
    received = Referral.objects.filter(received_on__range=(start, end))
    return of_men(received, context.scope).order_by("-received_on", "-pk")


def _decided(status: str, reason: str) -> Q:
    decisions = ReferralDecision.objects.filter(
        referral=OuterRef("pk"), to_status=status, reason=reason
    )
    return Q(status=status) & Q(Exists(decisions))


def _by_reason(status: str) -> list[Part]:
    """The parts of `status` (a key of `DECIDED`), one per reason for it."""
    return [
        Part(
            f"{status}.{reason.value}",
            reason.label,
            partial(_decided, status, reason.value),
            parent=status,
            grouped=True,
        )
        for reason in ReferralDecision.REASONS_FOR[status]
    ]


# The referrals whose status is one of these are broken down by the reason of
# the decision that put them there (`_decided`).
DECIDED = (Referral.Status.DECLINED, Referral.Status.WITHDRAWN)


def decided_counts(context: Context) -> dict[str, int]:
    """The `_decided` parts counted together: the referrals of the period with
    a decision to their own (closed) status, by its reason. One GROUP BY over
    the decisions costs less than a correlated EXISTS per reason and row."""
    rows = compiled.rows(("decided",), context, _decided_query)
    return {f"{status}.{reason}": n for status, reason, n in rows}


def _decided_query(context: Context):
    rows = (
        ReferralDecision.objects.filter(
            referral__in=referral_records(context).values("pk"),
            to_status__in=DECIDED,
            referral__status=F("to_status"),
        )
        .order_by()
        .values("to_status", "reason")
        .annotate(n=Count("referral", distinct=True))
    )
    return lambda: list(rows)


def referral_parts(context: Context) -> list[Part]:
    RS = Referral.Status
    parts = [
        Part("received", _("Referrals received"), Q()),
        Part(
            "source.self",
            _("Self-referrals"),
            Q(is_self_referral=True),
            parent="received",
        ),
    ]
    # The organisation's kinds of agency (AGENCY_KINDS), retired ones too: a
    # referral of the period may come from an agency of one.
    parts += [
        Part(
            f"source.{kind.code}",
            _("From %(kind)s") % {"kind": kind.label},
            Q(agency__kind=kind.code),
            parent="received",
        )
        for kind in lists.entries(context.organisation.pk, AGENCY_KINDS)
    ]
    parts += [
        Part(
            "screened",
            _("Screened"),
            Q(status__in=[RS.SCREENING, RS.ACCEPTED, RS.DECLINED]),
        ),
        Part("accepted", _("Accepted"), Q(status=RS.ACCEPTED)),
        Part("declined", _("Declined"), Q(status=RS.DECLINED)),
    ]
    parts += _by_reason(RS.DECLINED)
    parts.append(Part("withdrawn", _("Withdrawn"), Q(status=RS.WITHDRAWN)))
    parts += _by_reason(RS.WITHDRAWN)
    parts.append(
        Part("open", _("Still awaiting a decision"), Q(status__in=Referral.OPEN))
    )
    return parts
