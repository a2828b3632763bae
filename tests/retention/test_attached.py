"""The newer apps' records attached to a person are named by label in
retention/attached.py: each label must name a model and a field path that exist."""

from django.apps import apps

from retention import attached


def test_every_label_names_a_model_with_those_fields():
    for entry in (*attached.HIS, *attached.HERS):
        model = apps.get_model(entry.label)
        first = entry.path.split("__")[0].removesuffix("_id")
        model._meta.get_field(first)
        for name in (*entry.blank, *entry.only, *entry.exclude):
            model._meta.get_field(name)
    for label in attached.HISTORY_LABELS:
        assert hasattr(apps.get_model(label), "history"), label
