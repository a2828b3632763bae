"""Outcome questionnaires' records in the security suite's seeded world
(tests/security/conftest.py build_world)."""

import datetime

from outcomes import services as outcome_services
from outcomes.models import Respondent, Response, TimePoint, TimePointKind
from partner_contact import services as partner_services
from partner_contact.models import Consent


def add_outcome_records(o, *, ps, today, marker) -> None:
    """Outcome questionnaires (issue 15): his open intake point, her open intake
    point under her consent with a draft of her answers, and her half-way point
    whose window closed (for the missed-questionnaire detector)."""
    partner_services.record_consent(
        partner=o.woman,
        kind=Consent.Kind.OUTCOME_QUESTIONNAIRES,
        given_on=today - datetime.timedelta(days=10),
        how_given=Consent.HowGiven.VERBAL_PHONE,
        scope=marker("outcomescope"),
        actor=ps,
    )
    window = {
        "organisation": o.man.organisation,
        "participant": o.man,
        "enrolment": o.enrolment,
        "opens_on": today - datetime.timedelta(days=5),
        "due_on": today,
        "closes_on": today + datetime.timedelta(days=20),
    }
    o.his_outcome = TimePoint.objects.create(
        respondent=Respondent.MAN, kind=TimePointKind.INTAKE, **window
    )
    o.her_outcome = TimePoint.objects.create(
        respondent=Respondent.PARTNER,
        partner=o.woman,
        kind=TimePointKind.INTAKE,
        **window,
    )
    questionnaire = outcome_services.questionnaire_for(o.her_outcome)
    outcome_services.record_response(
        time_point=o.her_outcome,
        questionnaire=questionnaire,
        answers={questionnaire.items.order_by("order").first().pk: "weekly"},
        mode=Response.Mode.PHONE,
        actor=ps,
        complete=False,
        today=today,
    )
    window.update(
        opens_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    o.her_missed_outcome = TimePoint.objects.create(
        respondent=Respondent.PARTNER,
        partner=o.woman,
        kind=TimePointKind.HALF_WAY,
        **window,
    )
