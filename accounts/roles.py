"""What each role may do, as Django permissions on role groups.

DESIGN.md section 3 holds the capability table; this module is its executable form.
Each role is a Django group of the same name (created by a data migration) and every
user is in exactly the group of their role (see accounts.services.set_role).
Permissions say what a role may do with a kind of record; which records it may see
is decided by each model's `visible_to(user)`.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from accounts.models import User

FACILITATOR = User.Role.FACILITATOR
CASEWORKER = User.Role.CASEWORKER
PARTNER_SUPPORT = User.Role.PARTNER_SUPPORT
MANAGER = User.Role.MANAGER
ORG_ADMIN = User.Role.ORG_ADMIN
ROLES = [FACILITATOR, CASEWORKER, PARTNER_SUPPORT, MANAGER, ORG_ADMIN]

# The role sets every app's scoping and pages use, defined once here.
# Behind the information firewall: they read partners' records.
FIREWALL_ROLES = (PARTNER_SUPPORT, MANAGER)
# Outside it: they read only what a partner-support worker shares as "programme".
PROGRAMME_ROLES = (FACILITATOR, CASEWORKER)
# Who own men's cases (intake, lifecycle, referrals in).
CASE_ROLES = (CASEWORKER, MANAGER)
# Who see programmes, groups, sessions and enrolments.
GROUP_ROLES = (FACILITATOR, CASEWORKER, MANAGER)
# Everyone who does case work: every role but the organisation administrator.
CASE_WORK_ROLES = (FACILITATOR, CASEWORKER, PARTNER_SUPPORT, MANAGER)

# app label -> role -> permission codenames. One section per app.
ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    "accounts": {
        ORG_ADMIN: ["manage_users", "change_organisation", "view_accesslog"],
        MANAGER: ["view_accesslog"],
    },
    "localisation": {  # localisation: time zone, terms, lists
        ORG_ADMIN: ["change_terms"],  # localisation
        MANAGER: ["change_terms", "change_listentry"],  # localisation
    },  # localisation
    "participants": {
        FACILITATOR: [
            "view_participant",
            "view_child",
            "view_casenote",
            "add_casenote",
        ],
        CASEWORKER: [
            "view_participant",
            "add_participant",
            "change_participant",
            "view_child",
            "add_child",
            "change_child",
            "delete_child",
            "view_casenote",
            "add_casenote",
        ],
        PARTNER_SUPPORT: ["view_participant_summary"],
        MANAGER: [
            "view_participant",
            "add_participant",
            "change_participant",
            "approve_status_change",
            "view_child",
            "add_child",
            "change_child",
            "delete_child",
            "view_casenote",
            "add_casenote",
        ],
    },
    "programmes": {
        FACILITATOR: [
            "view_programme",
            "view_module",
            "view_group",
            "view_session",
            "change_session",
            "view_attendance",
            "record_attendance",
            "view_enrolment",
            "view_exitreport",
        ],
        CASEWORKER: [
            "view_programme",
            "view_module",
            "view_group",
            "add_group",
            "change_group",
            "view_session",
            "add_session",
            "change_session",
            "view_attendance",
            "record_attendance",
            "view_enrolment",
            "add_enrolment",
            "change_enrolment",
            "view_exitreport",
            "change_exitreport",
        ],
        MANAGER: [
            "view_programme",
            "add_programme",
            "change_programme",
            "view_module",
            "add_module",
            "change_module",
            "view_group",
            "add_group",
            "change_group",
            "view_session",
            "add_session",
            "change_session",
            "view_attendance",
            "record_attendance",
            "view_enrolment",
            "add_enrolment",
            "change_enrolment",
            "view_exitreport",
            "change_exitreport",
        ],
    },
    "partner_contact": {
        PARTNER_SUPPORT: [
            "view_partner",
            "add_partner",
            "change_partner",
            "view_relationship",
            "add_relationship",
            "change_relationship",
            "view_partnercontact",
            "add_partnercontact",
            "view_safetyplan",
            "add_safetyplan",
            "view_consent",
            "add_consent",
            "change_consent",
            "view_partnerchecklist",
            "add_partnerchecklist",
        ],
        MANAGER: [
            "view_partner",
            "view_relationship",
            "view_partnercontact",
            "view_safetyplan",
            "view_consent",
            "view_partnerchecklist",
            "export_partner",
        ],
    },
    # enquiries: behind the firewall (enquiries.models), recorded by partner support.
    "enquiries": {
        PARTNER_SUPPORT: ["view_enquiry", "add_enquiry", "change_enquiry"],  # enquiries
        MANAGER: ["view_enquiry"],  # enquiries
    },  # enquiries
    "referrals": {
        FACILITATOR: ["view_referral", "view_onwardreferral"],
        CASEWORKER: [
            "view_agency",
            "add_agency",
            "change_agency",
            "view_referral",
            "add_referral",
            "change_referral",
            "view_onwardreferral",
            "add_onwardreferral",
            "change_onwardreferral",
            "view_informationshare",
            "add_informationshare",
            "export_informationshare",
            "view_referrerletter",
            "change_referrerletter",
        ],
        PARTNER_SUPPORT: [
            "view_agency",
            "view_onwardreferral",
            "add_onwardreferral",
            "change_onwardreferral",
            "view_informationshare",
            "add_informationshare",
            "export_informationshare",
        ],
        MANAGER: [
            "view_agency",
            "add_agency",
            "change_agency",
            "view_referral",
            "add_referral",
            "change_referral",
            "view_onwardreferral",
            "add_onwardreferral",
            "change_onwardreferral",
            "view_informationshare",
            "add_informationshare",
            "export_informationshare",
            "view_referral_funnel",
            "view_referrerletter",
            "change_referrerletter",
            "change_lettertemplate",
        ],
    },
    # equality: his monitoring with his case's roles, hers behind the firewall
    # (equality.models.EqualityAnswer.visible_to); the lists are managers'.
    "equality": {
        CASEWORKER: ["view_equalityanswer", "change_equalityanswer"],
        PARTNER_SUPPORT: ["view_equalityanswer", "change_equalityanswer"],
        MANAGER: [
            "view_equalityanswer",
            "change_equalityanswer",
            "manage_monitoring_options",
        ],
    },
    # complaints: recorded and handled by case workers; those about the partner
    # service or from her behind the firewall (complaints.models.Complaint).
    "complaints": {
        CASEWORKER: ["view_complaint", "add_complaint", "change_complaint"],
        PARTNER_SUPPORT: ["view_complaint", "add_complaint", "change_complaint"],
        MANAGER: ["view_complaint", "add_complaint", "change_complaint"],
    },
    "risk": {
        FACILITATOR: [
            "view_riskassessment",
            "view_risknote",
            "add_risknote",
            "view_riskevent",
            "view_alert",
        ],
        CASEWORKER: [
            "view_riskassessment",
            "add_riskassessment",
            "view_risknote",
            "add_risknote",
            "view_riskevent",
            "add_riskevent",
            "view_alert",
            "view_risk_dashboard",
        ],
        PARTNER_SUPPORT: [
            "view_riskassessment",
            "view_risknote",
            "add_risknote",
            "view_partner_support_risknote",
            "view_riskevent",
            "add_riskevent",
            "view_alert",
            "view_risk_dashboard",
        ],
        MANAGER: [
            "view_riskassessment",
            "add_riskassessment",
            "view_risknote",
            "add_risknote",
            "view_partner_support_risknote",
            "view_riskevent",
            "add_riskevent",
            "view_alert",
            "view_risk_dashboard",
            "change_riskinstrument",
        ],
    },
    "data_rights": {MANAGER: ["manage_rights_requests"]},  # data_rights requests
    # outcomes: his questionnaire with his caseworker, hers behind the firewall
    # (outcomes.models.TimePoint.visible_to), figures and export for managers.
    "outcomes": {
        CASEWORKER: ["view_timepoint", "view_response", "add_response"],
        PARTNER_SUPPORT: ["view_timepoint", "view_response", "add_response"],
        MANAGER: [
            "view_timepoint",
            "view_response",
            "add_response",
            "view_programme_outcomes",
            "export_outcomes",
        ],
    },
    # retention: the schedule, legal holds and erasure batches are managers';
    "retention": {  # retention
        MANAGER: [  # retention
            "view_retentionrule",  # retention
            "change_retentionrule",  # retention
            "view_legalhold",  # retention
            "add_legalhold",  # retention
            "change_legalhold",  # retention
            "view_erasurebatch",  # retention
            "approve_erasurebatch",  # retention
            "view_erasurelog",  # retention
            "view_processing_record",  # retention
        ],  # retention
        # retention: the record of processing is the administrator's too.
        ORG_ADMIN: ["view_processing_record"],  # retention
    },  # retention
}


def permissions_for(role: str) -> list[tuple[str, str]]:
    """Every (app_label, codename) pair the role is granted."""
    return [
        (app_label, codename)
        for app_label, by_role in ROLE_PERMISSIONS.items()
        for codename in by_role.get(role, [])
    ]


def sync_role_permissions(sender=None, apps=global_apps, verbosity=0, **kwargs):
    """Make every role group hold exactly the permissions of ROLE_PERMISSIONS.

    Runs after migrate. Permissions are created first for every app, since Django
    creates them app by app and some may not exist yet when this runs.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = permissions_for(role)
        found = list(
            Permission.objects.filter(
                content_type__app_label__in={a for a, _ in wanted},
                codename__in={c for _, c in wanted},
            ).select_related("content_type")
        )
        found = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
        group.permissions.set(found)
