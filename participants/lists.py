"""The reasons for each move of a man's case, as lists each organisation's
managers edit; found and imported by localisation (LocalisationConfig.ready)."""

import functools

from django.utils.translation import gettext_lazy as _

from localisation import lists
from participants import lifecycle

for status in lifecycle.REASONS:
    lists.register_list(
        lifecycle.reason_list(status),
        title=lifecycle.Status(status).label,
        shipped=functools.partial(lifecycle.REASONS.get, status, []),
        group=_("Reasons for each move of a man's case"),
    )
