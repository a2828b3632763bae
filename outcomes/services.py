"""Writes of the outcomes app: scheduling time points, recording responses,
publishing questionnaire versions."""

from datetime import date, datetime
from functools import lru_cache

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from outcomes.models import (
    Answer,
    OutcomeSettings,
    Questionnaire,
    Respondent,
    Response,
    TimePoint,
)
from outcomes.scoring import check_answers, score_domains
from outcomes.summaries import refresh_summaries
from partner_contact.models import Consent


class RecordingRefused(Exception):
    """A response cannot be recorded; `message` says why, `status` is the HTTP
    status a view answers with (400 bad input, 409 a state that forbids it)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def now() -> datetime:
    return timezone.now()


# Versions ---------------------------------------------------------------------


@transaction.atomic
def publish_new_version(*, questionnaire: Questionnaire) -> Questionnaire:
    """Copy a version (domains, scales, items) as the next, active one, and
    retire the old one; the copy may then be edited until it has answers."""
    old = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    latest = Questionnaire.objects.filter(code=old.code).order_by("-version").first()
    Questionnaire.objects.filter(code=old.code, is_active=True).update(is_active=False)
    new = Questionnaire.objects.create(
        code=old.code,
        version=latest.version + 1,
        name=old.name,
        respondent=old.respondent,
        time_points=old.time_points,
        recall_periods=old.recall_periods,
        introduction=old.introduction,
        language=old.language,
        translations=old.translations,
        is_active=True,
    )
    scales = {
        scale.pk: new.scales.create(
            code=scale.code, name=scale.name, options=scale.options
        )
        for scale in old.scales.all()
    }
    domains = {
        domain.pk: new.domains.create(
            code=domain.code,
            name=domain.name,
            order=domain.order,
            scoring=domain.scoring,
            min_answered=domain.min_answered,
            higher_is_better=domain.higher_is_better,
            translations=domain.translations,
        )
        for domain in old.domains.all()
    }
    for item in old.items.all():
        new.items.create(
            domain=domains[item.domain_id],
            scale=scales[item.scale_id],
            order=item.order,
            code=item.code,
            text=item.text,
            translations=item.translations,
        )
    return new


def questionnaire_for(time_point: TimePoint) -> Questionnaire | None:
    """The version a time point is answered with: its draft's, or the active one."""
    response = Response.objects.filter(time_point=time_point).first()
    if response is not None:
        return response.questionnaire
    for candidate in Questionnaire.objects.active().for_respondent(
        time_point.respondent
    ):
        if time_point.kind in candidate.time_points:
            return candidate
    return None


# Languages --------------------------------------------------------------------


@lru_cache(maxsize=256)  # pure; the demo asks it for every response it seeds
def language_code(name: str) -> str | None:
    """The code of settings.LANGUAGES that a language written as free text means
    ("German", "Deutsch", "de", "en-GB"), or None for one the system has not."""
    wanted = name.strip().lower()
    if not wanted:
        return None
    for code, local_name in settings.LANGUAGES:
        known = {code.lower(), code[:2], str(local_name).lower()}
        for info in (LANG_INFO.get(code, {}), LANG_INFO.get(code[:2], {})):
            known |= {info.get("name", "").lower(), info.get("name_local", "").lower()}
        # "en-us" for "en-gb": the same language, another country's variant.
        if wanted in known or (len(wanted) == 5 and wanted[:3] == code[:2] + "-"):
            return code
    return None


def default_language(time_point: TimePoint) -> str:
    """The language a questionnaire is asked in unless the worker chooses
    another: the respondent's own (her record's language for hers, his for his)
    when the system has it, else the organisation's."""
    person = time_point.partner if time_point.is_hers else time_point.participant
    return language_code(person.language or "") or time_point.organisation.language


# Recording --------------------------------------------------------------------


def her_consent_in_force(*, partner, on: date) -> bool:
    """Whether she has a recorded consent to answer outcome questionnaires."""
    return (
        Consent.objects.filter(
            partner=partner, kind=Consent.Kind.OUTCOME_QUESTIONNAIRES
        )
        .in_force(on)
        .exists()
    )


def refuse_unless_open(time_point: TimePoint, *, today: date) -> None:
    """Raise RecordingRefused unless answers may be recorded at this time point."""
    if time_point.status == TimePoint.Status.COMPLETED:
        raise RecordingRefused(
            _("A questionnaire is already recorded for this time point."), 409
        )
    refuse_unless_open_or_draft(time_point, today=today)
    if time_point.respondent == Respondent.PARTNER and not her_consent_in_force(
        partner=time_point.partner, on=today
    ):
        raise RecordingRefused(
            _(
                "She has no consent to answer outcome questionnaires in force "
                "(none recorded, or it was withdrawn or has expired)."
            ),
            409,
        )


@transaction.atomic
def record_response(
    *,
    time_point: TimePoint,
    questionnaire: Questionnaire,
    answers: dict[int, str],
    mode: str,
    actor: User,
    complete: bool,
    today: date | None = None,
    language: str = "",
) -> Response:
    """Save a draft or complete response with its domain scores, and the language
    it was asked in (default: the draft's, else `default_language`); a complete
    one settles the time point. Refused (RecordingRefused) with nothing written."""
    today = today or timezone.localdate()
    if language and language not in dict(settings.LANGUAGES):
        raise RecordingRefused(_("Choose a language the system offers."))
    time_point = TimePoint.objects.select_for_update().get(pk=time_point.pk)
    refuse_unless_open(time_point, today=today)
    if questionnaire.respondent != time_point.respondent:
        raise RecordingRefused(_("This questionnaire is not for this respondent."))
    if mode not in Response.Mode.values:
        raise RecordingRefused(_("Choose how the questionnaire was completed."))
    response = Response.objects.filter(time_point=time_point).first()
    if response is not None and response.questionnaire_id != questionnaire.pk:
        raise RecordingRefused(
            _("This time point's draft uses another questionnaire version."), 409
        )
    items = list(questionnaire.items.select_related("scale").order_by("order"))
    domains = list(questionnaire.domains.order_by("order"))
    try:
        checked = check_answers(items, answers, complete=complete)
    except ValidationError as error:
        raise RecordingRefused(" ".join(error.messages)) from error
    at = now()
    if response is None:
        response = Response(
            organisation_id=time_point.organisation_id,
            time_point=time_point,
            questionnaire=questionnaire,
            recorded_by=actor,
            started_at=at,
            mode=mode,
        )
    response.mode = mode
    response.language = language or response.language or default_language(time_point)
    response.recorded_by = actor
    response.domain_scores = score_domains(domains, checked)
    response.status = Response.Status.COMPLETE if complete else Response.Status.DRAFT
    response.completed_at = at if complete else None
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise RecordingRefused(
            _("A questionnaire is already recorded for this time point."), 409
        ) from error
    write_answers(response, checked)
    if complete:
        time_point.settle(status=TimePoint.Status.COMPLETED, by=actor, at=at)
        # The programme figures read the summaries, not the responses.
        refresh_summaries(time_point=time_point)
    return response


def write_answers(response: Response, checked) -> None:
    """Replace the response's answers with these (a draft is saved many times)."""
    Answer.objects.filter(response=response).delete()
    Answer.objects.bulk_create(
        Answer(response=response, item=a.item, value=a.value, score=a.score)
        for a in checked
    )


@transaction.atomic
def record_declined(*, time_point: TimePoint, actor: User, today: date) -> TimePoint:
    """The person declined the questionnaire at this time point; drafts stay."""
    time_point = TimePoint.objects.select_for_update().get(pk=time_point.pk)
    refuse_unless_open_or_draft(time_point, today=today)
    time_point.settle(status=TimePoint.Status.DECLINED, by=actor, at=now())
    return time_point


@transaction.atomic
def record_not_safe(*, time_point: TimePoint, actor: User, today: date) -> TimePoint:
    """Not safe to ask her now: the time point is due again a few days later."""
    time_point = TimePoint.objects.select_for_update().get(pk=time_point.pk)
    if time_point.respondent != Respondent.PARTNER:
        raise RecordingRefused(_("'Not safe to ask now' is for her questionnaire."))
    refuse_unless_open_or_draft(time_point, today=today)
    settings = outcome_settings_for(time_point.organisation_id)
    time_point.postpone(today=today, days=settings.not_safe_retry_days)
    return time_point


def refuse_unless_open_or_draft(time_point: TimePoint, *, today: date) -> None:
    """Declining and postponing need an open window, but no consent: asking
    whether she agrees is itself part of the call."""
    if time_point.status != TimePoint.Status.PENDING:
        raise RecordingRefused(
            _("This time point is %(status)s: nothing more can be recorded.")
            % {"status": time_point.get_status_display().lower()},
            409,
        )
    if not time_point.opens_on <= today <= time_point.closes_on:
        raise RecordingRefused(
            _("This time point is open from %(opens)s to %(closes)s, not today.")
            % {"opens": time_point.opens_on, "closes": time_point.closes_on},
            409,
        )


def outcome_settings_for(organisation_id: int) -> OutcomeSettings:
    return OutcomeSettings.by_organisation([organisation_id])[organisation_id]
