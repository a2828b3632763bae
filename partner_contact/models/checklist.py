"""Her risk identification checklist: versioned questions, and each one completed.

The structure follows the most used victim checklist in the UK (24 questions
answered yes / no / don't know, here with "not asked"; 14 or more "yes" meets the
multi-agency risk conference threshold; DOMAIN.md "Her risk checklist"), in our
own words. It is a sibling of the man's instrument in risk/ (RiskInstrument,
InstrumentItem), not a use of it: risk sits above this app, and her checklist
must stay behind the firewall whatever risk's pages show.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import label_of
from accounts.models import Organisation
from participants.models import RiskLevel
from partner_contact.fields import EncryptedTextField
from partner_contact.models.firewall import FirewalledQuerySet


class ChecklistVersion(models.Model):
    """One version of her checklist: its questions and thresholds."""

    code = models.SlugField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    # Only the active version of a code is offered; older ones stay for the
    # checklists completed with them.
    is_active = models.BooleanField(default=True)
    medium_from = models.PositiveSmallIntegerField()
    high_from = models.PositiveSmallIntegerField()
    conference_from = models.PositiveSmallIntegerField(
        help_text=_("Yes answers at which the conference criteria are met.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="checklist_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_active=True),
                name="one_active_checklist_version",
            ),
            models.CheckConstraint(
                condition=Q(medium_from__gte=1)
                & Q(high_from__gt=models.F("medium_from"))
                & Q(conference_from__gte=1),
                name="checklist_bands_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.version})"

    def level_for(self, yes_count: int) -> str:
        if yes_count >= self.high_from:
            return RiskLevel.HIGH
        if yes_count >= self.medium_from:
            return RiskLevel.MEDIUM
        return RiskLevel.STANDARD


class ChecklistQuestion(models.Model):
    """One question of her checklist, in our own words, under its topic."""

    class Topic(models.TextChoices):
        ABUSE = "abuse", _("The abuse")
        HIS_BEHAVIOUR = "his_behaviour", _("His behaviour")
        CHILDREN = "children", _("Children")
        PREGNANCY = "pregnancy", _("Pregnancy")
        SEPARATION = "separation", _("Separation")
        HER_FEAR = "her_fear", _("Her fear and situation")

    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    text = models.CharField(max_length=300)
    guidance = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="checklist_question_order_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "code"], name="checklist_question_code_unique"
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"


class ChecklistAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DONT_KNOW = "dont_know", _("Don't know")
    NOT_ASKED = "not_asked", _("Not asked")


class PartnerChecklist(models.Model):
    """Her checklist completed with her on a date: answers, count and level."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        "partner_contact.Partner", on_delete=models.CASCADE, related_name="checklists"
    )
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(_("completed on"))
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Counted on the server from the answers, with the version's thresholds.
    yes_count = models.PositiveSmallIntegerField()
    dont_know_count = models.PositiveSmallIntegerField(default=0)
    not_asked_count = models.PositiveSmallIntegerField(default=0)
    computed_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    # Professional judgement may raise the computed level, never lower it.
    judgement_level = models.CharField(
        max_length=10, choices=RiskLevel.choices, blank=True
    )
    judgement_reason = EncryptedTextField(blank=True)
    level = models.CharField(_("level"), max_length=10, choices=RiskLevel.choices)
    meets_conference_criteria = models.BooleanField(default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FirewalledQuerySet.as_manager()

    class Meta:
        verbose_name = _("her checklist")
        verbose_name_plural = _("her checklists")
        ordering = ["-completed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(judgement_level="") | ~Q(judgement_reason=""),
                name="checklist_judgement_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.version} {self.completed_on}"

    def get_absolute_url(self):
        return reverse("partner_contact:checklist_detail", args=[self.uuid])

    # Named without Django's per-call dict of every choice (accounts.choices;
    # 7 us a name against Django's 33-67 us, translating each label):
    # her page names the level of the latest and of each of her last ten.
    def get_level_display(self) -> str:
        return label_of(RiskLevel, self.level)


class PartnerChecklistAnswer(models.Model):
    """Her answer to one question of a completed checklist."""

    checklist = models.ForeignKey(
        PartnerChecklist, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ChecklistQuestion, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(max_length=10, choices=ChecklistAnswer.choices)

    class Meta:
        verbose_name = _("answer of her checklist")
        verbose_name_plural = _("answers of her checklists")
        ordering = ["checklist", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return self.answer
