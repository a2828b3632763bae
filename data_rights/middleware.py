"""A refused write to a restricted record, answered as a page that says why."""

from django.template.response import TemplateResponse

from participants.restriction import ProcessingRestricted


class ProcessingRestrictedMiddleware:
    """Answer ProcessingRestricted with a 409 and its message, from any view that
    does not show it on its own form (participants.restriction)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProcessingRestricted):
            return None
        response = TemplateResponse(
            request,
            "data_rights/refused.html",
            {"error": " ".join(exception.messages)},
            status=409,
        )
        return response.render()
