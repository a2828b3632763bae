"""Helpers shared by the programme views."""

from django.core.exceptions import ValidationError


def posted_data(request):
    """The posted data, even when empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)
