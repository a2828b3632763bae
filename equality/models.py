"""Equality monitoring: the organisation's lists of answers, and each person's
answers, for him and (behind the firewall) for her.

Every question is optional. A person with no answer to a question was "not
asked"; "prefer not to say" is an answer of its own, so the two are never
mixed up in a report. Options belong to an organisation (lists differ by
country) and are retired, never deleted, so old answers keep their label.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TenantQuerySet
from accounts.roles import CASE_ROLES, FIREWALL_ROLES
from participants.models import Participant
from partner_contact.models import Partner


class Characteristic(models.TextChoices):
    """The questions of the monitoring form, in the order they are asked."""

    AGE_BAND = "age_band", _("Age band")
    GENDER = "gender", _("Gender")
    ETHNICITY = "ethnicity", _("Ethnicity")
    DISABILITY = "disability", _("Disability")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    RELIGION = "religion", _("Religion or belief")
    FIRST_LANGUAGE = "first_language", _("First language")
    INTERPRETER = "interpreter", _("Interpreter need")
    NATIONALITY = "nationality", _("Nationality or migration status")


# The two answers every question has besides the organisation's options; the
# keys of a breakdown for them (the option labels are the other keys).
PREFER_NOT_TO_SAY = _("Prefer not to say")
NOT_ASKED = _("Not asked")


class MonitoringOptionQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """The organisation's lists, for everyone who records or reads answers."""
        return self.in_organisation_of(user, roles=(*CASE_ROLES, *FIREWALL_ROLES))

    def in_use(self):
        return self.filter(retired=False)

    def for_characteristic(self, characteristic: str):
        return self.filter(characteristic=characteristic).order_by("position", "pk")

    def next_position(self, organisation, characteristic: str) -> int:
        found = self.filter(
            organisation=organisation, characteristic=characteristic
        ).aggregate(Max("position"))["position__max"]
        return 0 if found is None else found + 1


class MonitoringOption(models.Model):
    """One answer an organisation offers to one monitoring question."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="monitoring_options"
    )
    characteristic = models.CharField(
        _("question"), max_length=24, choices=Characteristic.choices
    )
    label = models.CharField(_("label"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Retired options are no longer offered, but old answers keep showing them.
    retired = models.BooleanField(_("retired"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MonitoringOptionQuerySet.as_manager()

    class Meta:
        ordering = ["characteristic", "position", "pk"]
        verbose_name = _("monitoring option")
        verbose_name_plural = _("monitoring options")
        permissions = [
            ("manage_monitoring_options", _("Add, rename, reorder and retire options"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "characteristic", "label"],
                name="monitoring_option_label_unique",
            )
        ]

    def __str__(self):
        if self.retired:
            return _("%(label)s (retired)") % {"label": self.label}
        return self.label


class EqualityAnswerQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """His answers to caseworkers and managers; hers behind the firewall only
        (partner-support workers and managers), never to a facilitator."""
        mine = self.in_organisation_of(user, roles=(*CASE_ROLES, *FIREWALL_ROLES))
        his = Q(participant__isnull=False) if user.role in CASE_ROLES else Q(pk__in=[])
        hers = (
            Q(partner__in=Partner.objects.visible_to(user).values("pk"))
            if user.role in FIREWALL_ROLES
            else Q(pk__in=[])
        )
        return mine.filter(his | hers)

    def about_men(self):
        return self.filter(participant__isnull=False)

    def breakdown(self, men) -> dict[str, dict[str, int]]:
        """{characteristic: {answer label: men}} for a queryset of men.

        Each question lists every option of the men's organisation(s) in order
        (retired ones only when someone gave them), then "Prefer not to say" and
        "Not asked" (the men with no answer). Three queries, whatever the number
        of men. Call it on `EqualityAnswer.objects` (men's answers only); small
        numbers are the report's to suppress.
        """
        ids = men.order_by().values("pk")
        total = men.order_by().count()
        counted = (
            self.about_men()
            .filter(participant__in=ids)
            .order_by()
            .values("characteristic", "answer", "option_id")
            .annotate(men=Count("participant_id", distinct=True))
        )
        rows = list(counted)
        organisations = (
            men.order_by().values("organisation_id").distinct()
            if total
            else Organisation.objects.none().values("pk")
        )
        options = list(
            MonitoringOption.objects.filter(organisation_id__in=organisations)
            .order_by("characteristic", "position", "pk")
            .only("pk", "characteristic", "label", "retired")
        )
        return _tally(rows, options, total)


def _tally(rows, options, total) -> dict[str, dict[str, int]]:
    """Counts per option from grouped rows (characteristic, answer, option_id,
    men), with "Prefer not to say" and "Not asked" (the rest of `total`)."""
    by_option = {(r["characteristic"], r["option_id"]): r["men"] for r in rows}
    refused = {
        r["characteristic"]: r["men"]
        for r in rows
        if r["answer"] == EqualityAnswer.Answer.PREFER_NOT_TO_SAY
    }
    result: dict[str, dict[str, int]] = {}
    for characteristic in Characteristic.values:
        counts: dict[str, int] = {}
        for option in options:
            if option.characteristic != characteristic:
                continue
            found = by_option.get((characteristic, option.pk), 0)
            if option.retired and not found:
                continue
            # Two organisations may share a label: add them up.
            counts[option.label] = counts.get(option.label, 0) + found
        answered = sum(
            r["men"]
            for r in rows
            if r["characteristic"] == characteristic
            and r["answer"] == EqualityAnswer.Answer.ANSWERED
        )
        counts[str(PREFER_NOT_TO_SAY)] = refused.get(characteristic, 0)
        counts[str(NOT_ASKED)] = total - answered - refused.get(characteristic, 0)
        result[characteristic] = counts
    return result


class EqualityAnswer(models.Model):
    """One person's answer to one monitoring question: an option of the
    organisation's list, or "prefer not to say". No row means "not asked"."""

    class Answer(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        PREFER_NOT_TO_SAY = "prefer_not_to_say", PREFER_NOT_TO_SAY

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    # About him or about her: exactly one (a CheckConstraint).
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="equality_answers",
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="equality_answers",
    )
    characteristic = models.CharField(max_length=24, choices=Characteristic.choices)
    answer = models.CharField(max_length=20, choices=Answer.choices)
    option = models.ForeignKey(
        MonitoringOption, on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EqualityAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("equality monitoring answer")
        verbose_name_plural = _("equality monitoring answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False, partner__isnull=True)
                | Q(participant__isnull=True, partner__isnull=False),
                name="equality_answer_about_one_person",
            ),
            models.CheckConstraint(
                condition=Q(answer="answered", option__isnull=False)
                | Q(answer="prefer_not_to_say", option__isnull=True),
                name="equality_answer_option_iff_answered",
            ),
            models.UniqueConstraint(
                fields=["participant", "characteristic"],
                condition=Q(participant__isnull=False),
                name="equality_answer_once_per_man",
            ),
            models.UniqueConstraint(
                fields=["partner", "characteristic"],
                condition=Q(partner__isnull=False),
                name="equality_answer_once_per_woman",
            ),
        ]

    def __str__(self):
        if self.answer == self.Answer.PREFER_NOT_TO_SAY:
            return str(PREFER_NOT_TO_SAY)
        return str(self.option)
