"""CSV cells that a spreadsheet must show as text."""

import pytest

from accounts.exports import csv_safe


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        # Full-width and small forms, read as their ASCII twins in some locales.
        ('＝HYPERLINK("x")', '\'＝HYPERLINK("x")'),
        ("＋1", "'＋1"),
        ("－2", "'－2"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("﹦1+1", "'﹦1+1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("全角", "全角"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_csv_cells_never_run_as_formulas(value, expected):
    """A cell starting with a formula sign, ASCII or full-width, gets a quote."""
    assert csv_safe(value) == expected
