"""Name searches that stay out of URLs, so out of browser history and server logs.

A list page's filter form is posted; the search term is kept in the session and
the browser is redirected to the list with only the non-personal filters (status,
programme...) and `search=1` in its query string.
"""

from django.http import HttpRequest, HttpResponseRedirect, QueryDict

SESSION_KEY = "private_searches"
MARKER = "search"


def remember_search(
    request: HttpRequest, *, key: str, field: str = "q"
) -> HttpResponseRedirect:
    """Keep a posted search term in the session and redirect to the list (GET)."""
    term = request.POST.get(field, "").strip()[:200]
    searches = dict(request.session.get(SESSION_KEY, {}))
    searches[key] = term
    request.session[SESSION_KEY] = searches
    params = request.POST.copy()
    for name in ("csrfmiddlewaretoken", field, "page", MARKER):
        params.pop(name, None)
    if term:
        params[MARKER] = "1"
    query = params.urlencode()
    return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


def with_remembered_search(
    request: HttpRequest, *, key: str, field: str = "q"
) -> QueryDict:
    """The list's parameters, with the remembered term when the URL asks for it.

    A term typed into the URL itself is ignored: names never travel there.
    """
    data = request.GET.copy()
    data.pop(field, None)
    if data.get(MARKER) == "1":
        data[field] = request.session.get(SESSION_KEY, {}).get(key, "")
    return data
