"""The language a page is written in: the reader's own, else her organisation's.

Django's LocaleMiddleware picks a language from the browser (Accept-Language) for
everyone; for a signed-in user `UserLanguageMiddleware` then replaces it with
the language she chose in her profile, else her organisation's default, else
settings.LANGUAGE_CODE. Both come with the user row that
accounts.backends.OrganisationUserBackend loads with its organisation in one
query, so choosing the language costs no query of its own.

A URL may ask for one page in another language (`?language=de`, for a colleague
or a test); a code that is not one of settings.LANGUAGES is refused with 400 and
the list of codes there are, rather than silently showing English.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import trans_real

# The query parameter that shows one page in another language.
URL_PARAMETER = "language"


def language_codes() -> list[str]:
    """The codes of the languages the service is shipped in, English first."""
    return [code for code, _name in settings.LANGUAGES]


def language_of(user) -> str:
    """The language a signed-in user reads: hers, her organisation's, the default."""
    if user.language in language_codes():
        return user.language
    organisation = user.organisation
    return organisation_language(organisation.language if organisation else "")


def organisation_language(code: str) -> str:
    """An organisation's language as the service reads it: its own, if the
    service is shipped in it, else the default. Also the language of what the
    system writes into its records (risk.words)."""
    return code if code in language_codes() else settings.LANGUAGE_CODE


def in_language(texts: dict, language: str | None, original: str) -> str:
    """The text in `language` (default: the reader's), else in `original`, else
    any, from {language: text}; languages match on their first two letters, so
    "en-gb" reads an "en" text. Instruments, questionnaires and their items keep
    their texts per language so."""
    by_language = {code[:2]: text for code, text in texts.items() if text}
    for wanted in (language or translation.get_language() or "", original):
        if wanted and wanted[:2] in by_language:
            return by_language[wanted[:2]]
    return next(iter(by_language.values()), "")


def unknown_language(request: HttpRequest, code: str) -> HttpResponse:
    """400: the page names the code it did not know and the ones it does."""
    # Rendered here: a middleware's own answer is not rendered by the handler.
    return render(
        request,
        "accounts/unknown_language.html",
        {"code": code, "languages": settings.LANGUAGES},
        status=400,
    )


def drop_empty_fallbacks() -> None:
    """Unlink the empty catalogues Django chains behind each language's own.

    For British English, Django's contrib apps each ship an "en" catalogue that
    holds only its header; their plural rule differs from en_GB's, so each is kept
    as a separate fallback, and every English message missed all seven before it
    came back untranslated. A choice label is looked up on every hash of it
    (get_FOO_display hashes every choice of the field), so the dashboard spent
    about half its time there (docs/performance-findings.md). An empty catalogue
    translates nothing: unlinking it changes no text.
    """
    for code in language_codes():
        node = trans_real.translation(code)
        while node._fallback is not None:
            fallback = node._fallback
            catalogue = getattr(fallback, "_catalog", None)
            if isinstance(catalogue, dict) and set(catalogue) <= {""}:
                node._fallback = fallback._fallback
            else:
                node = fallback


class UserLanguageMiddleware:
    """Activate the signed-in user's language (after the authentication middleware).

    Runs after django.middleware.locale.LocaleMiddleware, whose answer (from the
    browser's Accept-Language) stays for anonymous pages such as the sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        drop_empty_fallbacks()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked = None
        if request.method in ("GET", "HEAD"):
            asked = request.GET.get(URL_PARAMETER)
        if asked and asked not in language_codes():
            return unknown_language(request, asked)
        if asked:
            language = asked
        elif request.user.is_authenticated:
            language = language_of(request.user)
        else:
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
