"""An organisation's own words and lists: what its country calls things, and the
entries of the lists its forms offer, as data a manager edits without code."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class Terms(models.Model):
    """The names an organisation's country uses for the field's institutions.

    The defaults are England and Wales's; a country preset (localisation.presets)
    fills in another country's. The conference's criteria (threshold, escalation,
    windows) are risk rules and live with them (risk.RiskSettings).
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="terms"
    )
    conference_name = models.CharField(
        _("short name of the multi-agency risk conference"),
        max_length=40,
        default="MARAC",
    )
    conference_full_name = models.CharField(
        _("full name of the multi-agency risk conference"),
        max_length=200,
        default="Multi-agency risk assessment conference",
    )
    child_protection_agency = models.CharField(
        _("child-protection agency"),
        max_length=200,
        default="Children's social care",
    )
    protection_order = models.CharField(
        _("protection order"), max_length=200, default="Non-molestation order"
    )
    # The preset last applied (a country code), shown so a manager knows where the
    # words came from; editing a term afterwards keeps it.
    preset = models.CharField(_("country preset applied"), max_length=2, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("terms of the country")
        verbose_name_plural = _("terms of the country")

    def __str__(self):
        return f"{self.conference_name} ({self.organisation_id})"

    @classmethod
    def of(cls, organisation_id: int) -> "Terms":
        """The organisation's terms, or England and Wales's (unsaved) if none."""
        found = cls.objects.filter(organisation_id=organisation_id).first()
        return found or cls(organisation_id=organisation_id)


class ListEntryQuerySet(models.QuerySet):
    def of_list(self, organisation_id: int, list_key: str):
        return self.filter(organisation_id=organisation_id, list_key=list_key)

    def current(self):
        """Entries offered on new forms: not retired."""
        return self.filter(retired_at__isnull=True)


class ListEntry(models.Model):
    """One entry of one of an organisation's lists (a note category, a reason).

    Records store the entry's `code`, which never changes: renaming or retiring
    an entry changes what forms offer and how records read, never a saved record.
    An empty `label` means the label the system ships with, in the reader's
    language; a manager's own label replaces it (and may carry translations).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="list_entries"
    )
    list_key = models.CharField(_("list"), max_length=60)
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=120, blank=True)
    # The label in other languages: {"de": "...", "es": "..."}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "list_key", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "list_key", "code"],
                name="list_entry_code_once_per_list",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="list_entry_has_code"),
        ]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")

    def __str__(self):
        return f"{self.list_key}: {self.code}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def own_label(self, language: str | None = None) -> str:
        """The organisation's label in this language (default: the active one),
        or "" when the entry keeps the shipped label."""
        language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
        return self.translations.get(language) or self.label
