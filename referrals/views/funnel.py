"""The referral funnel for managers: how many referrals became a completed
programme, per quarter and per source."""

from django.contrib.auth.decorators import permission_required
from django.db.models.functions import ExtractYear, TruncQuarter
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from referrals.models import Referral


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


def _with_rates(rows):
    for row in rows:
        if row.get("quarter"):
            quarter = row["quarter"]
            row["quarter_label"] = f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"
        row["accepted_rate"] = _rate(row["accepted"], row["received"])
        row["started_rate"] = _rate(row["started"], row["accepted"])
        row["completed_rate"] = _rate(row["completed"], row["started"])
    return rows


@permission_required("referrals.view_referral_funnel", raise_exception=True)
@require_GET
def referral_funnel(request):
    referrals = Referral.objects.visible_to(request.user)
    years = list(
        referrals.annotate(year=ExtractYear("received_on"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    year = request.GET.get("year", "")
    if year.isdigit() and int(year) in years:
        referrals = referrals.filter(received_on__year=int(year))
    else:
        year = ""
    quartered = referrals.annotate(quarter=TruncQuarter("received_on"))
    by_quarter = _with_rates(list(quartered.funnel_counts("quarter")))
    by_source = _with_rates(
        list(referrals.funnel_counts("is_self_referral", "agency__name"))
    )
    by_both = _with_rates(
        list(quartered.funnel_counts("quarter", "is_self_referral", "agency__name"))
    )
    # Newest quarter first; sources by name within a quarter (the sort is stable).
    by_both.sort(key=lambda row: row["agency__name"] or "")
    by_both.sort(key=lambda row: row["quarter"], reverse=True)
    totals = {
        key: sum(row[key] for row in by_quarter)
        for key in ("received", "accepted", "started", "completed")
    }
    _with_rates([totals])
    return TemplateResponse(
        request,
        "referrals/referral_funnel.html",
        {
            "by_quarter": list(reversed(by_quarter)),
            "by_source": by_source,
            "by_both": by_both,
            "totals": totals,
            "years": years,
            "year": year,
        },
    )
