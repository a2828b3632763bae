"""Outcome questionnaires for the demo men and women: a time point at every
window of each place (outcomes.windows), his answered by his caseworker and hers
by her worker, some missed, some declined, some first "not safe to ask now".

Answers follow a story the charts can show: abuse falls over the programme for
men who complete it and less for those who stop; his own account reports less
than hers. Scores are computed by outcomes.scoring, as the service does.
"""

from datetime import date, timedelta

from demo import outcome_answers
from demo.context import DemoContext, Man
from outcomes.models import (
    SPECIAL_ANSWERS,
    Answer,
    OutcomeSettings,
    Questionnaire,
    Respondent,
    Response,
    TimePoint,
    TimePointKind,
)
from outcomes.scoring import CheckedAnswer, score_domains
from outcomes.services import language_code
from outcomes.summaries import rebuild_summaries
from outcomes.windows import windows_for
from partner_contact.models import Consent
from programmes.models import Enrolment

S = TimePoint.Status
# Where on the scale (0: never / best, 1: worst) answers centre at each point.
SEVERITY = {
    TimePointKind.INTAKE: 0.6,
    TimePointKind.HALF_WAY: 0.45,
    TimePointKind.END: 0.3,
    TimePointKind.FOLLOW_UP_6: 0.25,
    TimePointKind.FOLLOW_UP_12: 0.25,
}
# How much less a man reports than the woman, on the same scale.
UNDER_REPORTING = 0.2
SPECIAL = sorted(SPECIAL_ANSWERS)
# Share of answers "not answered" or "declined".
SPECIAL_SHARE = 0.03


class Version:
    """One shipped questionnaire as the demo answers it, read once."""

    def __init__(self, questionnaire: Questionnaire):
        self.questionnaire = questionnaire
        self.domains = list(questionnaire.domains.all())
        self.items = list(questionnaire.items.select_related("scale", "domain"))


def seed(ctx: DemoContext) -> None:
    """His and her questionnaires at every time point of every place."""
    versions = {
        q.respondent: Version(q)
        for q in Questionnaire.objects.active().prefetch_related("domains")
    }
    if set(versions) != {Respondent.MAN, Respondent.PARTNER}:
        return
    settings = OutcomeSettings()
    # On PostgreSQL the answers are made by the database (demo.outcome_answers).
    answers = (
        outcome_answers.Answers(ctx, SPECIAL, SPECIAL_SHARE, versions.values())
        if ctx.loader.is_postgresql
        else None
    )
    for staff in ctx.staff:
        for man in ctx.men.get(staff.organisation.pk, []):
            for place in man.places:
                _place(ctx, man, place, versions, settings, answers)
    if answers:
        # The last answers are made behind the write queue like the others;
        # they are scored by `finish`, once the risk step has made its rows
        # while the database made these.
        answers.queue_rest()
        ctx.outcome_answers = answers


def finish(ctx: DemoContext) -> None:
    """The domain scores of every answered questionnaire, then their summaries."""
    if ctx.outcome_answers is not None:
        ctx.outcome_answers.score()
        ctx.outcome_answers = None
    # The programme figures read the responses' summaries, kept by the service
    # that records a response: built here for all at once.
    ctx.loader.flush()
    rebuild_summaries()


def _place(ctx, man: Man, place, versions, settings, answers) -> None:
    enrolment, start, end, outcome, weeks = place
    stopped = outcome in (Enrolment.Outcome.DROPPED_OUT, Enrolment.Outcome.EXCLUDED)
    windows = windows_for(start=start, end=end, duration_weeks=weeks, settings=settings)
    consented = set()
    for window in windows:
        if window.opens > ctx.today + timedelta(days=14):
            continue
        _time_point(
            ctx,
            man,
            enrolment,
            window,
            versions[Respondent.MAN],
            stopped=stopped,
            answers=answers,
        )
        for partner, worker in man.women:
            done = _time_point(
                ctx,
                man,
                enrolment,
                window,
                versions[Respondent.PARTNER],
                stopped=stopped,
                partner=partner,
                worker=worker,
                answers=answers,
            )
            if done and partner not in consented:
                consented.add(partner)
                _consent(ctx, man, partner, worker, window.opens)


def _time_point(
    ctx, man, enrolment, window, version, *, stopped, answers, partner=None, worker=None
) -> bool:
    """One time point and, if answered, its response; True if answered."""
    loader = ctx.loader
    collector = worker or man.caseworker_id
    status, not_safe = _status(ctx, window, hers=partner is not None)
    due, closes = window.due, window.closes
    if not_safe:
        due = min(due + timedelta(days=7 * not_safe), max(ctx.today, due))
        closes = max(closes, due + timedelta(days=7))
    settled = _settled_on(ctx, window, due) if status != S.PENDING else None
    point = loader.add(
        TimePoint,
        uuid=loader.uuid(),
        organisation_id=man.organisation_id,
        participant_id=man.id,
        enrolment_id=enrolment,
        partner_id=partner,
        respondent=Respondent.PARTNER if partner else Respondent.MAN,
        kind=window.kind,
        opens_on=window.opens,
        due_on=due,
        closes_on=closes,
        status=status,
        not_safe_count=not_safe,
        settled_at=ctx.during(settled) if settled else None,
        settled_by_id=collector if status in (S.COMPLETED, S.DECLINED) else None,
        created_at=ctx.at(min(window.opens, ctx.today) - timedelta(days=1), 2, 30),
    )
    if status != S.COMPLETED:
        return False
    severity = SEVERITY[window.kind] + (0.15 if stopped else 0.0)
    severity -= 0.0 if partner else UNDER_REPORTING
    _response(ctx, man, point, version, collector, settled, severity, answers)
    return True


def _status(ctx, window, *, hers: bool) -> tuple[str, int]:
    """(status, times she said it was not safe to ask) for a time point."""
    rng, today = ctx.rng, ctx.today
    not_safe = 1 if hers and rng.random() < 0.12 else 0
    if window.closes < today:
        roll = rng.random()
        if roll < 0.68:
            return S.COMPLETED, not_safe
        if roll < 0.84:
            return S.MISSED, not_safe
        return S.DECLINED, not_safe
    if window.opens <= today and rng.random() < 0.3:
        return S.COMPLETED, not_safe
    return S.PENDING, not_safe


def _settled_on(ctx, window, due: date) -> date:
    day = window.closes + timedelta(days=1)
    if day > ctx.today:
        day = ctx.today
    answered = due + timedelta(days=ctx.rng.randint(-5, 10))
    return min(max(answered, window.opens), day, ctx.today)


def _response(ctx, man, point, version, collector, on, severity, answers) -> None:
    rng, loader = ctx.rng, ctx.loader
    response = loader.pk(Response)
    # Asked in his language when the system has it (hers is not in the demo's
    # context), else in the organisation's, as the form would default.
    language = (
        version.questionnaire.respondent == Respondent.MAN
        and language_code(man.language)
    ) or next(o.language for o in ctx.organisations if o.pk == man.organisation_id)
    if answers:
        # Answers and scores come later, from the database.
        answers.add(response, version.questionnaire.pk, severity)
        scores = {}
    else:
        scores = _answers(ctx, response, version, severity)
    when = ctx.during(on)
    loader.add(
        Response,
        id=response,
        uuid=loader.uuid(),
        organisation_id=man.organisation_id,
        time_point_id=point,
        questionnaire_id=version.questionnaire.pk,
        status=Response.Status.COMPLETE,
        mode=rng.choice(list(Response.Mode.values)),
        language=language,
        domain_scores=scores,
        recorded_by_id=collector,
        started_at=when,
        updated_at=when,
        completed_at=when,
    )


def _answers(ctx, response: int, version, severity: float) -> dict:
    """His or her answers, row by row; the domain scores they make."""
    checked = []
    for item in version.items:
        value = _answer(ctx.rng, item, severity)
        score = item.scale.scores().get(value)
        checked.append(CheckedAnswer(item, value, None if score is None else score))
        ctx.loader.add(
            Answer,
            response_id=response,
            item_id=item.pk,
            value=value,
            score=None if score is None else float(score),
        )
    return score_domains(version.domains, checked)


def _answer(rng, item, severity: float) -> str:
    """A value of the item's scale near the severity (reversed where a higher
    score is better), now and then "not answered" or "declined"."""
    if rng.random() < SPECIAL_SHARE:
        return rng.choice(SPECIAL)
    options = item.scale.options
    level = severity + rng.uniform(-0.25, 0.25)
    if item.domain.higher_is_better:
        level = 1 - level
    index = round(min(max(level, 0.0), 1.0) * (len(options) - 1))
    return options[index]["value"]


def _consent(ctx, man, partner, worker, given: date) -> None:
    ctx.loader.add(
        Consent,
        history_user=worker,
        organisation_id=man.organisation_id,
        partner_id=partner,
        kind=Consent.Kind.OUTCOME_QUESTIONNAIRES,
        given_on=min(given, ctx.today),
        how_given=Consent.HowGiven.VERBAL_PHONE,
        scope="Outcome questionnaires by phone at her safe times.",
        recorded_by_id=worker,
        created_at=ctx.during(min(given, ctx.today)),
    )
