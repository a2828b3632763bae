"""The whole period report: the figures' sections, the complaints and the
equality breakdowns, as the page, the exports and the background task build it."""

from __future__ import annotations

from collections.abc import Callable

from reports.bases import Context
from reports.figures import Report, build_report
from reports.monitoring import (
    complaints_section,
    equality_breakdowns,
    monitoring_options,
    partner_equality_breakdowns,
)


def _no_progress(percent: int) -> None:
    return None


def full_report(
    context: Context,
    threshold: int,
    *,
    outcomes_threshold: int | None = None,
    progress: Callable[[int], None] = _no_progress,
) -> Report:
    """Every section, the complaints and the equality breakdowns included
    (their small cells under `threshold`, the outcomes' under
    `outcomes_threshold`); the women's only inside the firewall. `progress` is
    told how far the work has come (0-100), for a file prepared in the
    background."""
    report = build_report(context, threshold=outcomes_threshold)
    progress(50)
    report.sections.append(complaints_section(context))
    options = monitoring_options(context)
    progress(60)
    report.equality = equality_breakdowns(context, threshold, options)
    progress(70)
    report.partner_equality = partner_equality_breakdowns(
        context, threshold, options, report.counts
    )
    progress(80)
    return report
