"""What every CSV and XLSX export of the app shares."""

import unicodedata

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    # Spreadsheets in East Asian locales read a full-width "＝" (and its like) as
    # "="; NFKC folds every such compatibility form onto its ASCII twin.
    first = unicodedata.normalize("NFKC", text[:1])
    return "'" + text if first.startswith(FORMULA_STARTS) else text


def new_workbook():
    """An empty write-only XLSX workbook (openpyxl), for an export to fill."""
    # Imported on first use, as the PDF renderer is (accounts.printing): some
    # 20 MB that every web and Celery process paid at start, for the few that
    # ever write a workbook.
    from openpyxl import Workbook

    return Workbook(write_only=True)
