"""Places on a lower app's page that a higher app fills, without the lower app
importing it (docs/decisions/0008-page-slots.md).

The page's app owns the slot and names what its providers receive; a higher
app registers a provider in its `AppConfig.ready()`. A provider returns
(template, context) or None (nothing to show this user); the page renders each
with the request, so it keeps the site's context processors.
"""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

Provider = Callable[..., tuple[str, dict] | None]


class Slot:
    """A named place on one page, filled by the providers registered for it."""

    def __init__(self, name: str):
        self.name = name
        self.providers: list[Provider] = []

    def __repr__(self):
        return f"Slot({self.name!r})"

    def register(self, provider: Provider) -> None:
        # ready() can run more than once in tests: register each provider once.
        if provider not in self.providers:
            self.providers.append(provider)

    def render(self, request, **kwargs) -> list[SafeString]:
        sections = []
        for provider in self.providers:
            found = provider(user=request.user, **kwargs)
            if found is not None:
                template, context = found
                sections.append(render_to_string(template, context, request=request))
        return sections
