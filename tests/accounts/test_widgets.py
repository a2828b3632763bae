"""The widgets written straight from Python say what Django's own would."""

import html

from django import forms

from accounts.widgets import InlineRadioSelect, LongSelect, PlainHiddenInput


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


def test_plain_hidden_input_renders_as_djangos_hidden_input_does():
    class Both(forms.Form):
        ours = forms.CharField(widget=PlainHiddenInput, required=False)
        theirs = forms.CharField(widget=forms.HiddenInput, required=False)

    for value in ['say "no" & <leave>', ""]:
        form = Both(initial={"ours": value, "theirs": value})
        ours = html.unescape(str(form["ours"])).replace("ours", "NAME")
        theirs = html.unescape(str(form["theirs"])).replace("theirs", "NAME")
        assert ours == theirs
    assert "&lt;leave&gt;" in str(Both(initial={"ours": "<leave>"})["ours"])


def test_inline_radio_select_checks_the_chosen_button_and_labels_each():
    class Mark(forms.Form):
        status = forms.ChoiceField(
            choices=[("here", "Here"), ("away", "Away & <i>ill</i>")],
            widget=InlineRadioSelect(attrs={"class": "form-check-input"}),
        )

    page = str(Mark(initial={"status": "away"})["status"])
    assert page.count('class="form-check form-check-inline"') == 2
    assert (
        '<input type="radio" name="status" value="here" class="form-check-input" '
        'required id="id_status_0"><label class="form-check-label" '
        'for="id_status_0">Here</label>'
    ) in page
    assert (
        'value="away" class="form-check-input" required id="id_status_1" checked>'
        in (page)
    )
    assert "Away &amp; &lt;i&gt;ill&lt;/i&gt;" in page
    bound = str(Mark({"status": "here"})["status"])
    assert 'id="id_status_0" checked>' in bound and 'id="id_status_1">' in bound


def test_plain_text_and_number_inputs_render_as_djangos_do():
    from accounts.widgets import PlainNumberInput, PlainTextInput

    class Both(forms.Form):
        ours = forms.CharField(
            widget=PlainTextInput(attrs={"class": "form-control"}), max_length=30
        )
        theirs = forms.CharField(
            widget=forms.TextInput(attrs={"class": "form-control"}), max_length=30
        )
        our_n = forms.IntegerField(widget=PlainNumberInput, min_value=1, max_value=9)
        their_n = forms.IntegerField(min_value=1, max_value=9)

    def same(form, ours, theirs):
        # The same markup, but for how a quotation mark is escaped (&quot; or &#34;).
        assert html.unescape(str(form[ours])).replace(ours, "NAME") == html.unescape(
            str(form[theirs])
        ).replace(theirs, "NAME")

    for data in [
        {"ours": 'say "no" & <leave>', "theirs": 'say "no" & <leave>'},
        {"ours": "", "theirs": "", "our_n": "12", "their_n": "12"},
    ]:
        form = Both(data)
        form.is_valid()  # the second is refused: both say aria-invalid
        same(form, "ours", "theirs")
        same(form, "our_n", "their_n")
    same(Both(), "ours", "theirs")
    assert "&lt;leave&gt;" in str(Both({"ours": "<leave>"})["ours"])


def test_bootstrap_classes_by_kind_of_input_keeping_one_given():
    from accounts.widgets import with_bootstrap_classes

    class Mixed(forms.Form):
        name = forms.CharField()
        agreed = forms.BooleanField(required=False)
        channel = forms.ChoiceField(
            choices=[("phone", "Phone")], widget=forms.RadioSelect
        )
        note = forms.CharField(widget=forms.Textarea(attrs={"class": "own"}))

    form = Mixed()
    with_bootstrap_classes(form.fields, control="form-control form-control-sm")
    classes = {name: f.widget.attrs["class"] for name, f in form.fields.items()}
    assert classes == {
        "name": "form-control form-control-sm",
        "agreed": "form-check-input",
        "channel": "form-check-input",
        "note": "own",
    }
