"""Names of records and of their fields are translated where pages show them.

The record of processing and the erasure pages name every model by its plural,
and a record's change history names each changed field: a name Django made up
from the class or the column would stay in English in every language.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise

from data_rights.history import KINDS, tracked_fields


def _project_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in settings.LOCAL_APPS
        and not model.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", _project_models(), ids=lambda m: m._meta.label)
def test_every_model_has_translated_names(model):
    """Each model's singular and plural names are marked for translation."""
    declared = model._meta.original_attrs
    assert isinstance(declared.get("verbose_name"), Promise), model._meta.label
    assert isinstance(declared.get("verbose_name_plural"), Promise), model._meta.label


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_a_history_names_is_translated(kind):
    """Each field a History page may name has a verbose name marked for
    translation, not one made up from the column's name."""
    model = KINDS[kind].model
    record = model()
    untranslated = [
        f.name
        for f in tracked_fields(record)
        if not isinstance(f.verbose_name, Promise)
    ]
    assert not untranslated, f"{model._meta.label}: {untranslated}"
