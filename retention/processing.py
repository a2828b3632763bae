"""The record of processing (GDPR article 30), declared beside the code.

Every model of the project's apps is either in one category of personal data
below, with its purpose, lawful basis and retention rule, or in
NO_PERSONAL_DATA with the reason it holds none. tests/retention/
test_processing.py fails when a model is in neither, so the page cannot drift
from the code. Who may see each category is not declared here: it is read from
the role permissions (accounts/roles.py), the same table the pages obey.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, ROLES
from retention import kinds
from retention.models import RecordKind, RetentionRule

PUBLIC_TASK_AND_SAFEGUARDING = _(
    "Art. 6(1)(e) public task or 6(1)(f) legitimate interests; special-category "
    "and offence data under art. 9(2)(g) and art. 10 (safeguarding, substantial "
    "public interest, as national law provides)"
)
HER_SUPPORT = _(
    "Art. 6(1)(e) or (f), and her consent where she gives it; special-category "
    "data under art. 9(2)(g) (safeguarding of individuals at risk)"
)
SHARING = _(
    "Her or his consent, or art. 6(1)(e) with the organisation's legal basis for "
    "sharing without consent where there is a risk of serious harm"
)
LEGITIMATE_INTERESTS = _("Art. 6(1)(f) legitimate interests")
LEGAL_OBLIGATION = _("Art. 6(1)(c) legal obligation (accountability, art. 5(2))")


@dataclass(frozen=True)
class Category:
    """One category of personal data: what it is for, on what basis, how long
    it is kept, and the models that hold it."""

    name: str
    subjects: str
    purpose: str
    lawful_basis: str
    retention: tuple[str, ...]
    models: tuple[str, ...]
    # Behind the information firewall (DESIGN.md section 3).
    firewalled: bool = False


CATEGORIES: tuple[Category, ...] = (
    Category(
        name=_("The man's case"),
        subjects=_("Men referred to or attending the programme"),
        purpose=_(
            "Run the programme with him, assess and manage his risk, keep his "
            "(ex-)partner and children safe"
        ),
        lawful_basis=PUBLIC_TASK_AND_SAFEGUARDING,
        retention=(RecordKind.CLOSED_CASE,),
        models=(
            "participants.Participant",
            "participants.StatusChange",
            "participants.CaseNote",
            "programmes.Enrolment",
            "programmes.Attendance",
            "programmes.Session",
            "programmes.ExitReport",
        ),
    ),
    Category(
        name=_("Children"),
        subjects=_("Children of the man or living with him, or of the woman"),
        purpose=_("Safeguard the children; work with child services"),
        lawful_basis=PUBLIC_TASK_AND_SAFEGUARDING,
        retention=(RecordKind.CLOSED_CASE,),
        models=(
            "participants.Child",
            "participants.ChildOrder",
            "partner_contact.ChildLink",
        ),
    ),
    Category(
        name=_("Risk"),
        subjects=_("Men, and through them their (ex-)partners and children"),
        purpose=_("Assess risk, notice what raises it, alert the right people"),
        lawful_basis=PUBLIC_TASK_AND_SAFEGUARDING,
        retention=(RecordKind.CLOSED_CASE,),
        models=(
            "risk.RiskAssessment",
            "risk.RiskAnswer",
            "risk.RiskNote",
            "risk.RiskEvent",
            "risk.MonitoringPeriod",
            "risk.Alert",
        ),
    ),
    Category(
        name=_("The woman's record"),
        subjects=_("Current and former partners of the men"),
        purpose=_(
            "Offer her proactive, independent support and safety planning; "
            "tell her what she needs to know about his programme"
        ),
        lawful_basis=HER_SUPPORT,
        retention=(RecordKind.PARTNER_RECORD,),
        models=(
            "partner_contact.Partner",
            "partner_contact.PartnerContact",
            "partner_contact.SafetyPlan",
            "partner_contact.Consent",
            "partner_contact.Relationship",
            "partner_contact.PartnerStatusChange",
            "partner_contact.PartnerChecklist",
            "partner_contact.PartnerChecklistAnswer",
        ),
        firewalled=True,
    ),
    Category(
        name=_("Enquiries from women"),
        subjects=_("Women who ask for contact, themselves or through someone"),
        purpose=_("Answer her and offer support, safely"),
        lawful_basis=HER_SUPPORT,
        retention=(RecordKind.PARTNER_RECORD,),
        models=("enquiries.Enquiry",),
        firewalled=True,
    ),
    Category(
        name=_("Referrals in"),
        subjects=_("Men referred, and the professionals who refer them"),
        purpose=_("Screen and decide on referrals; keep referrers informed"),
        lawful_basis=PUBLIC_TASK_AND_SAFEGUARDING,
        retention=(RecordKind.CLOSED_CASE, RecordKind.DECLINED_REFERRAL),
        models=(
            "referrals.Referral",
            "referrals.ReferralDecision",
            "referrals.ReferrerLetter",
        ),
    ),
    Category(
        name=_("Sharing with other agencies"),
        subjects=_("Men and women whose information is shared; agency contacts"),
        purpose=_("Refer onwards and share information to keep people safe"),
        lawful_basis=SHARING,
        retention=(RecordKind.CLOSED_CASE, RecordKind.PARTNER_RECORD),
        models=(
            "referrals.OnwardReferral",
            "referrals.InformationShare",
            "referrals.Agency",
        ),
    ),
    Category(
        name=_("Outcome questionnaires"),
        subjects=_("Men and their (ex-)partners"),
        purpose=_("Measure what changed, for the programme and its funders"),
        lawful_basis=PUBLIC_TASK_AND_SAFEGUARDING,
        # A questionnaire autosaved but never completed is a draft like a
        # case note's, and goes under the drafts rule.
        retention=(
            RecordKind.CLOSED_CASE,
            RecordKind.PARTNER_RECORD,
            RecordKind.DRAFT,
        ),
        models=(
            "outcomes.TimePoint",
            "outcomes.Response",
            "outcomes.Answer",
            # Derived from a completed response, and deleted with it.
            "outcomes.ResponseSummary",
        ),
    ),
    Category(
        name=_("Equality monitoring"),
        subjects=_("Men and women who choose to answer"),
        purpose=_("See who the programme fails to reach or keep"),
        lawful_basis=_(
            "Art. 6(1)(e); special-category data under art. 9(2)(g) (equality of "
            "opportunity); always optional"
        ),
        retention=(RecordKind.CLOSED_CASE, RecordKind.PARTNER_RECORD),
        models=("equality.EqualityAnswer",),
    ),
    Category(
        name=_("Complaints and feedback"),
        subjects=_("Whoever complains or compliments"),
        purpose=_("Answer complaints and learn from them"),
        lawful_basis=LEGAL_OBLIGATION,
        retention=(RecordKind.CLOSED_CASE,),
        models=("complaints.Complaint",),
    ),
    Category(
        name=_("Data-protection requests"),
        subjects=_("People who exercise their rights"),
        purpose=_("Answer requests of access, rectification, erasure, restriction"),
        lawful_basis=LEGAL_OBLIGATION,
        retention=(RecordKind.ACCESS_LOG,),
        models=("data_rights.RightsRequest", "data_rights.DeadlineNotice"),
    ),
    Category(
        name=_("Drafts"),
        subjects=_("Men and women the draft is about"),
        purpose=_("Never lose a long note while it is typed"),
        lawful_basis=PUBLIC_TASK_AND_SAFEGUARDING,
        retention=(RecordKind.DRAFT,),
        models=("participants.CaseNoteDraft",),
    ),
    Category(
        name=_("Staff accounts and the access log"),
        subjects=_("The organisation's workers"),
        purpose=_(
            "Sign-in, roles, and a record of who read or exported sensitive records"
        ),
        lawful_basis=LEGITIMATE_INTERESTS,
        retention=(RecordKind.ACCESS_LOG,),
        # reports: a report file names the manager who asked for it; its
        # figures are counts with small numbers suppressed. Deleted after a day.
        models=(
            "accounts.User",
            "accounts.AccessLog",
            "accounts.LoginThrottle",
            "reports.ReportExport",
        ),
    ),
    Category(
        name=_("Legal holds and erasure"),
        subjects=_("Men whose case is held; nobody once erased"),
        purpose=_("Keep what the law requires, erase the rest on time"),
        lawful_basis=LEGAL_OBLIGATION,
        retention=(RecordKind.CLOSED_CASE,),
        models=(
            "retention.LegalHold",
            "retention.ErasureBatch",
            "retention.ErasureItem",
            "retention.ErasureLog",
        ),
    ),
)

# Models of the project that hold no personal data, and why.
NO_PERSONAL_DATA: dict[str, str] = {
    "health.Heartbeat": _("a timestamp written by the scheduler"),
    "accounts.Organisation": _("the organisation's own settings"),
    "accounts.PublicHoliday": _("the organisation's calendar"),
    "localisation.Terms": _("the organisation's terms"),
    "localisation.ListEntry": _("the organisation's lists"),
    "programmes.Programme": _("the programme's description"),
    "programmes.Module": _("the curriculum"),
    "programmes.Group": _("a group's name, venue and dates"),
    "risk.RiskInstrument": _("an instrument's definition"),
    "risk.InstrumentItem": _("an instrument's questions"),
    "risk.InstrumentThreshold": _("the organisation's thresholds"),
    "risk.RiskSettings": _("the organisation's settings"),
    "outcomes.Questionnaire": _("a questionnaire's definition"),
    "outcomes.VersionPart": _("a questionnaire's definition"),
    "outcomes.AnswerScale": _("a questionnaire's definition"),
    "outcomes.Domain": _("a questionnaire's definition"),
    "outcomes.Item": _("a questionnaire's definition"),
    "outcomes.OutcomeSettings": _("the organisation's settings"),
    "partner_contact.ChecklistVersion": _("a checklist's definition"),
    "partner_contact.ChecklistQuestion": _("a checklist's questions"),
    "equality.MonitoringOption": _("the organisation's lists"),
    "retention.RetentionRule": _("the organisation's schedule"),
    "referrals.LetterTemplate": _("the organisation's letter templates"),
}


def project_models() -> list:
    """Every model of the project's own apps, history tables left out (they
    belong to the model they record, and to the "history rows" rule)."""
    local = set(settings.LOCAL_APPS)
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in local
        and not model.__name__.startswith("Historical")
    ]


def _existing(labels) -> list:
    found = []
    for label in labels:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def roles_that_see(model) -> list[str]:
    """The roles granted `view_<model>` in accounts/roles.py."""
    codename = f"view_{model._meta.model_name}"
    by_role = ROLE_PERMISSIONS.get(model._meta.app_label, {})
    return [
        str(User.Role(role).label)
        for role in ROLES
        if codename in by_role.get(role, [])
    ]


def record_of_processing(rules: dict[str, RetentionRule]) -> list[dict]:
    """One row per category, with the models that exist, the periods from the
    organisation's own schedule and the roles that may see each model."""
    rows = []
    for category in CATEGORIES:
        models = _existing(category.models)
        if not models:
            continue
        rows.append(
            {
                "category": category,
                "models": [
                    {
                        "name": model._meta.verbose_name_plural,
                        "roles": roles_that_see(model),
                    }
                    for model in models
                ],
                "retention": [
                    {
                        "label": RecordKind(code).label,
                        "months": rules[code].months,
                        "clock": kinds.kind(code).clock,
                    }
                    for code in category.retention
                ],
            }
        )
    return rows


def models_without_personal_data() -> list[dict]:
    return [
        {"name": model._meta.verbose_name_plural, "why": NO_PERSONAL_DATA[label]}
        for label in sorted(NO_PERSONAL_DATA)
        for model in _existing([label])
    ]


def undeclared_models() -> list[str]:
    """Labels of project models neither in a category nor in NO_PERSONAL_DATA."""
    declared = {label for c in CATEGORIES for label in c.models}
    declared |= set(NO_PERSONAL_DATA)
    return sorted(
        model._meta.label
        for model in project_models()
        if model._meta.label not in declared
    )
