"""Shared by the list panels that show their first rows and a total."""

from django.db.models import Count, QuerySet, Window


def first_rows_and_total(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows of a queryset and how many it has in all, in one
    query: a window count rides along with the rows instead of a second COUNT."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("*")))[:limit])
    return rows, (rows[0].rows_in_all if rows else 0)
