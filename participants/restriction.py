"""Restriction of processing (GDPR article 18) on a person's record.

A man's Participant and a woman's Partner both carry it. While it is set, the
record can be read but not processed further: services that attach new records
to the person call `refuse_if_restricted()`, detectors raise no alert about the
person, and no export is built. The data_rights app sets and lifts it when a
request for restriction (or an objection) is upheld.

`ProcessingRestricted` is a ValidationError, so a view that already shows a
service's refusal on its form shows this one too; any other view answers with a
409 page that says why (data_rights.middleware).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ProcessingRestricted(ValidationError):
    """A service refused to attach a new record to a restricted person."""


class ProcessingRestriction(models.Model):
    """The three columns of a restriction: when, by whom and why it was set."""

    processing_restricted_at = models.DateTimeField(
        _("processing restricted since"), null=True, blank=True, editable=False
    )
    processing_restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("processing restricted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    processing_restriction_reason = models.CharField(
        _("why processing is restricted"), max_length=300, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_restricted(self) -> bool:
        return self.processing_restricted_at is not None

    def refuse_if_restricted(self) -> None:
        """Raise ProcessingRestricted if the person's record is restricted."""
        if self.is_restricted:
            raise ProcessingRestricted(
                gettext(
                    "Processing of this person's record is restricted (a "
                    "data-protection request): it can be read, but nothing new "
                    "can be added to it until a manager lifts the restriction."
                ),
                code="restricted",
            )
