"""Period report files prepared by a Celery task, for large organisations.

At a few thousand men a year's export is written while the manager waits; at
tens of thousands it takes longer than a request should (7 s for ten years at
20,000 men on the bench). Above settings.REPORT_EXPORT_BACKGROUND_ABOVE men the
report page offers "Prepare the file" instead of a download: start_export()
records what she asked for, build_export() (the task) writes the file with its
progress, and the status page offers it to her alone until drop_old_exports()
removes it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation

from accounts.calendar import organisation_zone
from accounts.models import Organisation, User
from config.celery import app
from participants.models import Participant
from partner_contact.models import may_see_partners
from reports import exports
from reports.assembly import full_report
from reports.bases import Context
from reports.charts import build_charts
from reports.models import EXPORT_ROLES, ReportExport
from reports.periods import PeriodForm

logger = logging.getLogger(__name__)
BUILD_EXPORT = "reports.tasks.build_report_export"
Status = ReportExport.Status


def runs_in_background(organisation: Organisation) -> bool:
    """Whether this organisation's report files are prepared by a task: it has
    more men than settings.REPORT_EXPORT_BACKGROUND_ABOVE (0: always)."""
    limit = settings.REPORT_EXPORT_BACKGROUND_ABOVE
    if limit <= 0:
        return True
    men = Participant.objects.filter(organisation=organisation)
    return men[limit : limit + 1].exists()


def start_export(*, user: User, form: PeriodForm, fmt: str) -> ReportExport:
    """Record her request for the report's file and queue its task; the same
    file already waiting or being prepared for her is given back instead of a
    second one."""
    query = form.query()
    waiting = (
        ReportExport.objects.of_requester(user)
        .filter(format=fmt, query=query, status__in=(Status.QUEUED, Status.RUNNING))
        .first()
    )
    if waiting is not None:
        return waiting
    export = ReportExport.objects.create(
        organisation_id=user.organisation_id,
        requested_by=user,
        format=fmt,
        query=query,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    app.tasks[BUILD_EXPORT].delay_on_commit(export.pk)
    return export


def _set(export_id: int, **fields) -> None:
    # Each step is written at once (outside any transaction), so the status
    # page sees it while the task goes on.
    ReportExport.objects.filter(pk=export_id).update(**fields)


def build_export(*, export_id: int) -> bool:
    """Write the file of a queued export, telling its progress as it goes;
    False if there was nothing to do (already taken by another run, or gone).
    A failure is recorded on the export (the status page says so and offers
    to try again) and logged, never shown."""
    taken = ReportExport.objects.filter(pk=export_id, status=Status.QUEUED).update(
        status=Status.RUNNING, progress=5
    )
    if not taken:
        return False
    export = ReportExport.objects.select_related("requested_by__organisation").get(
        pk=export_id
    )
    try:
        with translation.override(export.language):
            content, filename = _write(export)
    except Exception:
        logger.exception("report export %s failed", export.uuid)
        _set(export_id, status=Status.FAILED, finished_at=timezone.now())
        return False
    _set(
        export_id,
        status=Status.READY,
        progress=100,
        content=content,
        filename=filename,
        finished_at=timezone.now(),
    )
    return True


def _write(export: ReportExport) -> tuple[bytes, str]:
    user = export.requested_by
    # Her rights now, not when she asked: a manager moved to another role since
    # gets nothing, and the scope is checked again against what she may see.
    if (
        user.organisation_id != export.organisation_id
        or not user.is_active
        or user.role not in EXPORT_ROLES
    ):
        raise PermissionError("the requester may no longer export this report")
    form = PeriodForm(export.query, user=user)
    if not form.is_valid():
        raise ValueError(f"the period is no longer valid: {form.errors.as_json()}")
    context = Context(
        scope=form.scope,
        period=form.chosen_period,
        sees_partners=may_see_partners(user),
    )
    threshold = user.organisation.small_numbers_external

    def progress(percent: int) -> None:
        _set(export.pk, progress=percent)

    progress(10)
    report = full_report(
        context, threshold, outcomes_threshold=threshold, progress=progress
    )
    charts = build_charts(context)
    progress(90)
    filename = exports.filename(form.chosen_period, export.format)
    if export.format == ReportExport.Format.PDF:
        # Printed on her organisation's clock, as the print view says it.
        with timezone.override(organisation_zone(user.organisation)):
            context = exports.print_context(
                organisation=user.organisation,
                printed_by=user,
                query=export.query,
                report=report,
                charts=charts,
            )
            return exports.pdf_bytes(context), filename
    if export.format == ReportExport.Format.XLSX:
        return exports.xlsx_bytes(report, charts, threshold), filename
    return exports.csv_bytes(report, charts, threshold), filename


def drop_old_exports(*, now: datetime) -> int:
    """Delete the files asked for more than settings.REPORT_EXPORT_KEEP_HOURS
    ago, whatever became of them; a second run finds nothing more."""
    kept_since = now - timedelta(hours=settings.REPORT_EXPORT_KEEP_HOURS)
    deleted, _ = ReportExport.objects.filter(created_at__lt=kept_since).delete()
    return deleted
