import datetime

from accounts.forms import DateInput


def test_date_picker_shows_a_saved_date():
    """Browsers drop a date input's value unless it is ISO; the locale is d/m/Y."""
    html = DateInput().render("on", datetime.date(2026, 11, 24))
    assert 'type="date"' in html
    assert 'value="2026-11-24"' in html
