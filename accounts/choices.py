"""Names of stored choice values, read without Django's per-call choices dict."""

from django.db import models


def label_of(choices: type[models.Choices], value: str) -> str:
    """The name of `value` among `choices`, in the reader's language, in one lookup.

    Django's get_FOO_display builds a dict of every choice of the field on each
    call, hashing (so translating) every lazy name: on lists of many rows, such as
    the manager's dashboard and an erasure batch, that was a third to a half of
    the page's time (docs/performance-findings.md). A value that is no choice
    reads as itself, as with get_FOO_display.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value
