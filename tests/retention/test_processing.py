"""The record of processing cannot drift from the code: every model of the
project is declared, and the page lists what is declared with the
organisation's own periods and the roles that may see each kind of record."""

import pytest
from django.apps import apps
from django.urls import reverse

from retention import kinds, processing
from retention.models import RecordKind, RetentionRule
from tests.accounts.factories import ManagerFactory, OrgAdminFactory


def test_every_model_of_the_project_is_declared():
    """A new model holding personal data fails here until it is declared in
    retention/processing.py (a category) or listed as holding none."""
    assert processing.undeclared_models() == []


def test_declarations_name_no_model_twice():
    labels = [label for c in processing.CATEGORIES for label in c.models]
    assert len(labels) == len(set(labels))
    assert not set(labels) & set(processing.NO_PERSONAL_DATA)


def test_every_history_table_of_personal_data_is_pruned_by_the_history_rule():
    """The "history rows" rule (retention/kinds.py) covers every history table
    of a model declared as holding personal data."""
    declared = {label for c in processing.CATEGORIES for label in c.models}
    pruned = {model._meta.label for model in kinds.history_models()}
    missing = sorted(
        model.instance_type._meta.label
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and hasattr(model, "instance_type")
        and model.instance_type._meta.label in declared
        and model.instance_type._meta.label not in pruned
    )
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [ManagerFactory, OrgAdminFactory])
def test_the_page_lists_categories_bases_periods_and_roles(client, factory):
    user = factory()
    RetentionRule.objects.create(
        organisation=user.organisation, kind=RecordKind.CLOSED_CASE, months=97
    )
    client.force_login(user)
    response = client.get(reverse("retention:processing"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "The man&#x27;s case" in text or "The man's case" in text
    assert "97 months" in text
    assert "Art. 6(1)(e)" in text
    # Who may see her record is read from the role permissions.
    her_row = text.split("The woman")[1].split("</section>")[0]
    assert "Partner-support worker" in her_row
    assert "Facilitator" not in her_row


@pytest.mark.django_db
def test_the_page_keeps_a_constant_query_count(client, django_assert_max_num_queries):
    user = ManagerFactory()
    client.force_login(user)
    client.get(reverse("retention:processing"))
    with django_assert_max_num_queries(8):
        client.get(reverse("retention:processing"))
