from django.utils.functional import SimpleLazyObject

from localisation.models import Terms


def terms(request):
    """`org_terms`: the signed-in user's organisation's terms (England and Wales's
    for anyone else), read only by a page that uses them."""
    user = getattr(request, "user", None)
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return {"org_terms": Terms()}
    return {"org_terms": SimpleLazyObject(lambda: Terms.of(organisation_id))}
