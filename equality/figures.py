"""Equality breakdowns for reports: who is referred, starts and completes, by
each monitoring question (issue 17, item 2); and, behind the firewall, the
women identified, offered support and engaged.

Each returns {characteristic: {answer label: count}}: every option of the
organisation in its order (retired ones only where counted), then "Prefer not to
say" and "Not asked". Counts are raw: suppressing small numbers is the report's
job. Three queries each, whatever the number of rows.
"""

from django.db.models import Count

from accounts.models import Organisation
from equality.models import EqualityAnswer, MonitoringOption, _tally
from referrals.models import Referral


def breakdown_of_men(men) -> dict[str, dict[str, int]]:
    """Men (a Participant queryset: those who started, completed, ...) by their
    answers; a man never asked a question counts as "Not asked"."""
    return EqualityAnswer.objects.breakdown(men)


def breakdown_of_women(partners) -> dict[str, dict[str, int]]:
    """Women (a Partner queryset: those identified, offered support, engaged...)
    by their own answers; a woman never asked counts as "Not asked".

    Her answers are behind the firewall: the caller shows this only to a reader
    who may see the women's figures.
    """
    ids = partners.order_by().values("pk")
    total = partners.order_by().count()
    rows = list(
        EqualityAnswer.objects.filter(partner__in=ids)
        .order_by()
        .values("characteristic", "answer", "option_id")
        # _tally reads each group's count as "men": here, women.
        .annotate(men=Count("partner_id", distinct=True))
    )
    organisations = (
        partners.order_by().values("organisation_id").distinct()
        if total
        else Organisation.objects.none().values("pk")
    )
    options = list(
        MonitoringOption.objects.filter(organisation_id__in=organisations)
        .order_by("characteristic", "position", "pk")
        .only("pk", "characteristic", "label", "retired")
    )
    return _tally(rows, options, total)


def breakdown_of_referrals(referrals) -> dict[str, dict[str, int]]:
    """Referrals (a Referral queryset) by the answers of the man each became; a
    referral with no case yet (not accepted) counts as "Not asked"."""
    ids = referrals.order_by().values("pk")
    total = referrals.order_by().count()
    rows = [
        {**row, "men": row["n"]}
        for row in EqualityAnswer.objects.about_men()
        .filter(participant__referrals__in=ids)
        .order_by()
        .values("characteristic", "answer", "option_id")
        .annotate(n=Count("participant__referrals", distinct=True))
    ]
    options = list(
        MonitoringOption.objects.filter(
            organisation_id__in=Referral.objects.filter(pk__in=ids)
            .order_by()
            .values("organisation_id")
        )
        .order_by("characteristic", "position", "pk")
        .only("pk", "characteristic", "label", "retired")
    )
    return _tally(rows, options, total)
