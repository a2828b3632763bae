"""LongSelect renders what Django's Select renders, without a template per option."""

from django import forms

from accounts.widgets import LongSelect


class Pick(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "Any"), ("red", "Red & <b>bold</b>"), ("blue", "Blue")],
        required=False,
        widget=LongSelect(attrs={"class": "form-select"}),
    )


def test_long_select_marks_the_chosen_option_and_escapes_labels():
    html = str(Pick({"colour": "blue"})["colour"])
    assert html.startswith('<select name="colour" class="form-select" id="id_colour">')
    assert '<option value="blue" selected>Blue</option>' in html
    assert '<option value="red">Red &amp; &lt;b&gt;bold&lt;/b&gt;</option>' in html
    assert '<option value="">Any</option>' in html


def test_long_select_renders_as_djangos_select_does():
    class Both(forms.Form):
        long = forms.ChoiceField(
            choices=[("", "Any"), ("a", "A <1>"), ("b", "B"), ("b", "B again")],
            widget=LongSelect(attrs={"class": "form-select"}),
        )
        plain = forms.ChoiceField(
            choices=[("", "Any"), ("a", "A <1>"), ("b", "B"), ("b", "B again")],
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    form = Both({"long": "b", "plain": "b"})
    ours = str(form["long"]).replace("long", "NAME")
    djangos = str(form["plain"]).replace("plain", "NAME")
    assert "".join(ours.split()) == "".join(djangos.split())
