"""The navigation badge's open-alert count is cached but never stale after a change."""

from risk import services
from risk.badge import open_alert_count_for
from tests.risk.factories import AlertFactory


def test_the_badge_counts_a_new_alert_and_drops_an_acknowledged_one(
    client, caseworker, django_capture_on_commit_callbacks
):
    first = AlertFactory(recipient=caseworker, organisation=caseworker.organisation)
    assert open_alert_count_for(caseworker) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge_alert(alert=first, user=caseworker)
    assert open_alert_count_for(caseworker) == 0
