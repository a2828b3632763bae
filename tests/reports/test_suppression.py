"""The small-number rule (accounts.suppression), shared by the period report and
the outcomes page."""

from accounts.suppression import COMPLEMENT, SHOWN, SMALL, suppress, suppress_line


def states(cells):
    return {key: cell.state for key, cell in cells.items()}


def test_a_small_cell_reads_fewer_than_n_and_takes_its_complement():
    """One cell of 3 among 12 and 20: 'fewer than 5', and the 12 (the smallest
    other) is not shown, so the 3 cannot be worked out from the total."""
    line = suppress_line({"a": 3, "b": 12, "c": 20}, 5)
    assert states(line) == {"a": SMALL, "b": COMPLEMENT, "c": SHOWN}
    assert str(line["a"]) == "fewer than 5"
    assert str(line["b"]) == "not shown"
    assert str(line["c"]) == "20"
    assert line["a"].chart_value is None and line["c"].chart_value == 20


def test_zero_is_shown_and_never_a_complement():
    line = suppress_line({"a": 0, "b": 2, "c": 7}, 5)
    assert states(line) == {"a": SHOWN, "b": SMALL, "c": COMPLEMENT}


def test_two_small_cells_need_no_complement():
    line = suppress_line({"a": 1, "b": 4, "c": 30}, 5)
    assert states(line) == {"a": SMALL, "b": SMALL, "c": SHOWN}


def test_the_threshold_is_the_organisations():
    """At 10 (exports that leave the organisation) a 7 is hidden; at 5 it is not."""
    assert states(suppress_line({"a": 7, "b": 40}, 10)) == {
        "a": SMALL,
        "b": COMPLEMENT,
    }
    assert states(suppress_line({"a": 7, "b": 40}, 5)) == {"a": SHOWN, "b": SHOWN}


def test_columns_too_and_until_nothing_changes():
    """A 2x3 table: the 2 hides the 6 beside it (its row) and the 9 below it
    (its column); hiding the 9 leaves row two with one hidden cell, so its 10
    goes too, and then column two has two hidden cells and column three has
    the 6 and the 10: every line hides none or at least two."""
    table = {
        "one": {"x": 2, "y": 6, "z": 50},
        "two": {"x": 9, "y": 30, "z": 10},
    }
    cells = suppress(table, 5)
    hidden = {
        (r, c) for r, row in cells.items() for c, cell in row.items() if cell.hidden
    }
    for row in cells.values():
        assert sum(cell.hidden for cell in row.values()) != 1
    for column in ("x", "y", "z"):
        assert sum(cells[row][column].hidden for row in cells) != 1
    assert ("one", "x") in hidden and cells["one"]["x"].state == SMALL
    assert cells["one"]["z"].state == SHOWN or cells["two"]["y"].state == SHOWN


def test_rows_only_when_columns_do_not_add_up():
    table = {"one": {"x": 2, "y": 6}, "two": {"x": 9, "y": 30}}
    cells = suppress(table, 5, columns=False)
    assert states(cells["one"]) == {"x": SMALL, "y": COMPLEMENT}
    assert states(cells["two"]) == {"x": SHOWN, "y": SHOWN}


def test_the_outcomes_page_uses_the_same_rule():
    from outcomes import figures

    assert figures.complements({"completed": 3, "declined": 12, "missed": 20}) == {
        "declined"
    }
    assert figures.shown(3, 10) == "fewer than 10"
