"""Equality monitoring in the security suite's seeded world
(tests/security/conftest.py build_world): his answers, and hers behind the
firewall, whose option carries a marker so the sweep proves it stays inside."""

from equality.models import Characteristic, EqualityAnswer
from equality.services import ensure_default_options
from tests.equality.factories import MonitoringOptionFactory


def add_equality_records(o, *, org, cw, ps, marker) -> None:
    """The organisation's lists; his ethnicity; her answer, an option retired
    since (so only her record and the managers' list show its marked label)."""
    ensure_default_options(org)
    o.monitoring_option = MonitoringOptionFactory(
        organisation=org, characteristic=Characteristic.RELIGION, label="Quaker"
    )
    o.his_answer = EqualityAnswer.objects.create(
        organisation=org,
        participant=o.man,
        characteristic=Characteristic.RELIGION,
        answer=EqualityAnswer.Answer.ANSWERED,
        option=o.monitoring_option,
        recorded_by=cw,
    )
    her_option = MonitoringOptionFactory(
        organisation=org,
        characteristic=Characteristic.ETHNICITY,
        label=marker("equalityoption"),
        retired=True,
    )
    o.her_answer = EqualityAnswer.objects.create(
        organisation=org,
        partner=o.woman,
        characteristic=Characteristic.ETHNICITY,
        answer=EqualityAnswer.Answer.ANSWERED,
        option=her_option,
        recorded_by=ps,
    )
