"""The period form: its programme and group options, read as names, are drawn
exactly as Django's model choice field draws them."""

from django import forms

from reports.periods import PeriodForm
from tests.programmes.factories import GroupFactory


def test_the_options_are_drawn_as_the_model_choice_field_draws_them(manager, org):
    chosen = GroupFactory(programme__organisation=org, organisation=org, name="A & B")
    GroupFactory(programme=chosen.programme, organisation=org, name="Tuesday")
    GroupFactory(programme__organisation=org, organisation=org, name="<Monday>")
    data = {"programme": str(chosen.programme.uuid), "group": str(chosen.uuid)}
    form = PeriodForm(data, user=manager)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["group"] == chosen
    assert form.cleaned_data["programme"] == chosen.programme
    drawn_plainly = PeriodForm(data, user=manager)
    for name in ("programme", "group"):
        field = form.fields[name]
        drawn_plainly.fields[name] = forms.ModelChoiceField(
            queryset=field.queryset,
            to_field_name="uuid",
            required=False,
            empty_label=field.empty_label,
            widget=field.widget,
        )
    assert drawn_plainly.is_valid()
    for name in ("programme", "group"):
        drawn = str(form[name])
        assert drawn == str(drawn_plainly[name])
        assert drawn.count("<option") == form.fields[name].queryset.count() + 1
        assert drawn.count("selected") == 1
    assert "A &amp; B" in str(form["group"])


def test_the_selects_are_drawn_as_the_form_renderer_draws_them(manager, org):
    """Every select of the form, valid or not, as Django's own Select draws it
    (the form renderer's templates): the same attributes, options, selection
    and escaping."""
    chosen = GroupFactory(programme__organisation=org, organisation=org, name="A & B")
    GroupFactory(programme=chosen.programme, organisation=org, name='"O\'Neil"')
    for data in (
        {"period": "quarter", "year": "2025", "quarter": "3"},
        {"group": str(chosen.uuid), "programme": str(chosen.programme.uuid)},
        {"period": "nonsense", "quarter": "9", "group": "not-a-uuid"},
    ):
        form = PeriodForm(data, user=manager)
        form.is_valid()
        selects = [
            name
            for name, field in form.fields.items()
            if isinstance(field.widget, forms.Select)
        ]
        assert selects == ["period", "quarter", "programme", "group"]
        for name in selects:
            widget = form.fields[name].widget
            plain = forms.Select(attrs=widget.attrs)
            plain.choices = widget.choices
            drawn = str(form[name])
            assert drawn == form[name].as_widget(widget=plain), name
    invalid = str(PeriodForm({"quarter": "9"}, user=manager)["quarter"])
    assert 'aria-invalid="true"' in invalid
    assert "&#34;O&#39;Neil&#34;" in str(PeriodForm({}, user=manager)["group"])
