"""The pages the hostile-input sweep covers (tests/security/test_hostile_input.py):
each form, the pages that only show something, and the query parameters views read.

A new form or page is added here; `test_every_form_is_covered` fails until it is.
"""

from tests.reports.hostile import PERIOD_PARAMS  # reports

# url name -> who uses the form ("role"; None: anonymous), the page that shows it
# ("host", when not its own), "fields": [] for a form of no fields (a button,
# or a page that shows no form for an invalid link), "ids" to fill the URL
# with another record of the seeded world than url_ids gives, and "valid": values
# that make a plausible submission where guessing from the page is not enough
# ("record.attribute" names a value of the seeded world).
FORMS = {
    # outcomes: his questionnaire, and its "declined" form on the same page.
    "outcomes:record": {"role": "caseworker"},
    "outcomes:settle": {"role": "caseworker", "host": "outcomes:record"},
    "outcomes:draft": {"role": "caseworker", "host": "outcomes:record"},
    "accounts:login": {"role": None},
    # reports: asking for a file again, on the page of one that failed.
    "reports:export_start": {
        "role": "manager",
        "host": "reports:export_status",
        "ids": {"export_uuid": "failed_report_export"},
    },
    "accounts:logout": {"role": "facilitator", "host": "home"},
    "accounts:password_change": {"role": "caseworker"},
    "accounts:password_reset": {"role": None},
    "accounts:password_reset_confirm": {"role": None, "fields": []},
    "accounts:two_factor_verify": {"role": "caseworker"},
    "accounts:two_factor_setup": {"role": "caseworker"},
    "accounts:recovery_codes_regenerate": {
        "role": "caseworker",
        "host": "accounts:two_factor_setup",
        "fields": [],
    },
    "accounts:user_create": {"role": "org_admin"},
    "accounts:user_update": {"role": "org_admin"},
    # A button on a colleague's account page.
    "accounts:user_two_factor_reset": {
        "role": "org_admin",
        "host": "accounts:user_update",
        "fields": [],
    },
    "accounts:organisation_settings": {"role": "org_admin"},
    # The list's filter form is posted, so that names stay out of URLs.
    "casefile:list": {"role": "caseworker"},
    "accounts:profile": {"role": "caseworker"},  # languages: her own language
    "participants:create": {"role": "caseworker"},
    "participants:update": {"role": "caseworker"},
    "participants:move": {"role": "caseworker"},
    "participants:approve": {"role": "manager", "host": "participants:approvals"},
    "participants:reject": {"role": "manager", "host": "participants:approvals"},
    "participants:child_create": {
        "role": "caseworker",
        "valid": {"birth_year": "2018", "age": ""},
    },
    "participants:child_update": {"role": "caseworker"},
    "participants:child_delete": {"role": "caseworker"},
    "participants:child_orders": {"role": "caseworker"},  # her_case: orders
    "participants:child_order_update": {"role": "caseworker"},  # her_case
    "participants:child_order_delete": {  # her_case
        "role": "caseworker",
        "host": "participants:child_orders",
        "fields": [],
    },
    "participants:casenote_create": {"role": "caseworker"},
    "participants:casenote_draft": {
        "role": "caseworker",
        "host": "participants:casenote_create",
    },
    "programmes:programme_create": {"role": "manager"},
    "programmes:programme_update": {"role": "manager"},
    "programmes:module_create": {"role": "manager"},
    "programmes:module_update": {"role": "manager"},
    "programmes:group_create": {"role": "caseworker"},
    "programmes:group_update": {"role": "caseworker"},
    "programmes:group_generate_sessions": {
        "role": "caseworker",
        "host": "programmes:group_detail",
    },
    "programmes:session_detail": {"role": "facilitator"},
    "programmes:session_cancel": {
        "role": "facilitator",
        "ids": {"session_uuid": "today_session"},
    },
    "programmes:one_to_one_create": {"role": "caseworker"},
    "programmes:enrol": {"role": "caseworker"},
    "programmes:enrolment_end": {"role": "caseworker"},
    "programmes:exit_report": {"role": "caseworker"},
    "partner_contact:partner_list": {"role": "partner_support"},
    "partner_contact:partner_create": {
        "role": "partner_support",
        "valid": {"phone": "07700 900555", "safe_until": "18:00", "reference": ""},
    },
    "partner_contact:partner_update": {
        "role": "partner_support",
        "valid": {"safe_until": "18:00"},
    },
    "partner_contact:relationship_create": {
        "role": "partner_support",
        "valid": {"reference": "man_b.reference"},
    },
    "partner_contact:contact_create": {
        "role": "partner_support",
        "valid": {"risk_events": ""},
    },
    "partner_contact:consent_create": {"role": "partner_support"},
    # her_case: her status, checklist, children (and the buttons on her page).
    "partner_contact:partner_move": {"role": "partner_support"},  # her_case
    "partner_contact:checklist_create": {"role": "partner_support"},  # her_case
    "partner_contact:child_link_create": {"role": "partner_support"},  # her_case
    "partner_contact:child_link_delete": {  # her_case
        "role": "partner_support",
        "host": "partner_contact:partner_detail",
        "fields": [],
    },
    "partner_contact:safety_plan_create": {"role": "partner_support"},
    "partner_contact:consent_withdraw": {"role": "partner_support"},
    "partner_contact:separation_create": {
        "role": "partner_support",
        "ids": {"relationship_uuid": "second_relationship"},
    },
    # enquiries: the queue's forms, and the public page anyone may post.
    "enquiries:public_contact": {"role": None},  # enquiries
    "enquiries:create": {  # enquiries
        "role": "partner_support",  # enquiries
        "valid": {"phone": "07700 900555", "follow_up_on": ""},  # enquiries
    },  # enquiries
    "enquiries:update": {"role": "partner_support"},  # enquiries
    "enquiries:first_contact": {  # enquiries
        "role": "partner_support",  # enquiries
        "host": "enquiries:detail",  # enquiries
    },  # enquiries
    "enquiries:reopen": {  # enquiries
        "role": "partner_support",  # enquiries
        "host": "enquiries:detail",  # enquiries
        "ids": {"enquiry_uuid": "closed_enquiry"},  # enquiries
        "fields": [],  # enquiries
    },  # enquiries
    "enquiries:link": {  # enquiries
        "role": "partner_support",  # enquiries
        "valid": {"reference": "man_b.reference"},  # enquiries
    },  # enquiries
    "referrals:referral_create": {"role": "caseworker"},
    "referrals:referral_update": {"role": "caseworker"},
    "referrals:referral_screen": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
    },
    "referrals:referral_accept": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
        "ids": {"referral_uuid": "screening_referral"},
    },
    "referrals:referral_decline": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
        "ids": {"referral_uuid": "screening_referral"},
    },
    "referrals:referral_withdraw": {
        "role": "caseworker",
        "host": "referrals:referral_detail",
    },
    "referrals:agency_create": {"role": "caseworker"},
    "referrals:agency_update": {"role": "caseworker"},
    "referrals:onward_outcome": {
        "role": "caseworker",
        "host": "referrals:onward_detail",
    },
    "casefile:onward_create": {
        "role": "caseworker",
        "valid": {"kind": "other", "legal_basis": "vital_interests"},
    },
    "referrals:partner_onward_create": {
        "role": "partner_support",
        "valid": {"legal_basis": "vital_interests"},
    },
    "referrals:participant_share_create": {
        "role": "caseworker",
        "valid": {"legal_basis": "vital_interests"},
    },
    "referrals:partner_share_create": {
        "role": "partner_support",
        "valid": {"legal_basis": "vital_interests"},
    },
    # data_rights: a request about him or her, and the steps on its page.
    "data_rights:request_create": {"role": "manager"},
    "data_rights:request_identity": {
        "role": "manager",
        "host": "data_rights:request_detail",
        "ids": {"request_uuid": "open_request"},
        "fields": [],
    },
    "data_rights:request_decide": {
        "role": "manager",
        "host": "data_rights:request_detail",
        "ids": {"request_uuid": "open_request"},
    },
    "data_rights:request_export": {
        "role": "manager",
        "host": "data_rights:request_detail",
        "ids": {"request_uuid": "review_request"},
        "fields": [],
    },
    "data_rights:request_release": {
        "role": "manager",
        "host": "data_rights:request_detail",
        "ids": {"request_uuid": "review_request"},
        "fields": [],
    },
    "data_rights:request_lift": {
        "role": "manager",
        "host": "data_rights:request_detail",
        "ids": {"request_uuid": "restriction_request"},
        "fields": [],
    },
    # equality: his and her monitoring forms, the managers' lists.
    "equality:participant_monitoring": {"role": "caseworker"},
    "equality:partner_monitoring": {"role": "partner_support"},
    "equality:option_create": {"role": "manager"},
    "equality:option_update": {"role": "manager"},
    "equality:option_move": {"role": "manager", "host": "equality:option_list"},
    "equality:option_retire": {"role": "manager", "host": "equality:option_list"},
    # complaints: record and edit.
    "complaints:complaint_create": {"role": "caseworker"},
    "complaints:complaint_update": {"role": "caseworker"},
    # letters to referrers: the draft's edit form, sending, the templates.
    "referrals:letter_detail": {"role": "caseworker"},
    "referrals:letter_send": {
        "role": "caseworker",
        "host": "referrals:letter_detail",
    },
    "referrals:letter_template_update": {"role": "manager"},
    "retention:rule_update": {"role": "manager"},  # retention
    "retention:hold_create": {  # retention
        "role": "manager",  # retention
        "valid": {"reference": "held_man.reference"},  # retention
    },  # retention
    "retention:hold_lift": {"role": "manager"},  # retention
    # retention: the buttons of a batch under review.
    "retention:batch_prepare": {  # retention
        "role": "manager",  # retention
        "host": "retention:batch_list",  # retention
        "fields": [],  # retention
    },  # retention
    "retention:batch_approve": {  # retention
        "role": "manager",  # retention
        "host": "retention:batch_detail",  # retention
        "fields": [],  # retention
    },  # retention
    "retention:item_hold": {"role": "manager", "host": "retention:batch_detail"},
    "retention:item_release": {  # retention: shown once an item is held back
        "role": "manager",  # retention
        "host": "retention:batch_detail",  # retention
        "fields": [],  # retention
    },  # retention
    "risk:settings": {"role": "manager"},
    # localisation: a country's preset is applied from the terms page.
    "risk:country_preset": {"role": "manager", "host": "localisation:terms"},
    # localisation: the draft's edit page; the shipped version's button makes it.
    "risk:version_start": {
        "role": "manager",
        "host": "risk:instrument_list",
        "fields": [],
    },
    "risk:version_edit": {"role": "manager"},  # localisation
    "risk:version_publish": {"role": "manager", "host": "risk:version_preview"},
    "localisation:time": {"role": "manager"},
    "localisation:holiday_add": {"role": "manager", "host": "localisation:time"},
    "localisation:holiday_remove": {"role": "manager", "host": "localisation:time"},
    "localisation:terms": {"role": "org_admin"},
    "localisation:list_detail": {"role": "manager"},
    "localisation:entry_change": {
        "role": "manager",
        "host": "localisation:list_detail",
    },
    "risk:assessment_create": {
        "role": "caseworker",
        "valid": {"judgement_level": ""},
    },
    "risk:note_create": {"role": "facilitator"},
    "risk:event_create": {"role": "caseworker"},
    "risk:event_close": {"role": "caseworker", "host": "casefile:detail"},
    # Her contact already shared is offered no second share (issue 14, item 13):
    # the form is posted from the attempt, not yet shared.
    "risk:share_from_contact": {
        "role": "partner_support",
        "ids": {"contact_uuid": "attempt"},
    },
    "risk:alert_acknowledge": {"role": "caseworker", "host": "risk:alert_detail"},
    "risk:alert_resolve": {"role": "caseworker", "host": "risk:alert_detail"},
    "risk:alert_acknowledge_many": {"role": "caseworker", "host": "risk:alert_list"},
}


# Pages that only show something: they must refuse POST with a 405 (STYLE.md:
# explicit `require_http_methods`), so they are not forms to cover.
SHOW_ONLY = {
    "home",
    "accounts:user_list",
    "enquiries:list",  # enquiries
    "partner_contact:checklist_detail",  # her_case
    "partner_contact:safety_plan_detail",  # her_case
    "enquiries:detail",  # enquiries
    "localisation:list_index",  # localisation
    "risk:instrument_list",  # localisation: instrument versions
    "risk:version_preview",  # localisation
    "accounts:access_log",
    "javascript_catalogue",  # languages: the JavaScript strings, a file
    "accounts:access_log_export",
    "data_rights:request_list",  # data_rights
    "data_rights:request_detail",  # data_rights
    "data_rights:request_download",  # data_rights: the released export
    "data_rights:history",  # data_rights: a record's change history
    "casefile:print",
    "casefile:pdf",
    "programmes:exit_report_print",
    "programmes:exit_report_pdf",
    "referrals:onward_print",
    "referrals:onward_pdf",
    "referrals:letter_print",  # letters
    "referrals:letter_pdf",  # letters
    "referrals:letter_template_list",  # letters
    "equality:option_list",  # equality
    "complaints:complaint_list",  # complaints
    "complaints:complaint_detail",  # complaints
    "outcomes:dataset_export_xlsx",
    "outcomes:data_dictionary",
    "outcomes:data_dictionary_csv",
    "retention:schedule",  # retention
    "retention:hold_list",  # retention
    "retention:batch_list",  # retention
    "retention:batch_detail",  # retention
    "retention:erasure_log",  # retention
    "retention:processing",  # retention
    "reports:period_report",
    "reports:figure_records",
    "reports:export_csv",
    "reports:export_xlsx",
    "reports:print",
    "reports:pdf",
    "reports:export_status",
    "reports:export_progress",
    "reports:export_download",
}


# Query parameters that views read (request.GET), on pages about a record or not.
QUERY_PARAMS = {
    "outcomes:programme_outcomes": ["programme", "date_from", "date_to"],
    # The language her (his) questions are asked in.
    "outcomes:record": ["ask_in"],
    "outcomes:dataset_export": ["programme", "date_from", "date_to"],
    "outcomes:dataset_export_xlsx": ["programme", "date_from", "date_to"],
    # The dictionary passes its query on to its export links.
    "outcomes:data_dictionary": ["programme", "date_from", "date_to"],
    "accounts:user_list": ["page"],
    "localisation:list_detail": ["list"],  # localisation
    "accounts:access_log": ["user", "kind", "action", "date_from", "date_to", "page"],
    "accounts:access_log_export": ["user", "kind", "action", "date_from", "date_to"],
    "home": ["language"],  # languages: any page may be asked for in a language
    "participants:approvals": ["page"],
    "retention:hold_list": ["page"],  # retention
    "retention:batch_list": ["page"],  # retention
    "retention:batch_detail": ["page"],  # retention
    "retention:erasure_log": ["page"],  # retention
    "referrals:referral_detail": ["reference"],
    "casefile:list": [
        "q",
        "search",
        "status",
        "programme",
        "group",
        "caseworker",
        "page",
    ],
    "partner_contact:worklist": ["all"],
    "enquiries:list": ["show", "mine", "page"],  # enquiries
    "partner_contact:partner_list": ["q", "search", "page"],
    "partner_contact:partner_create": ["reference"],
    "partner_contact:partner_detail": ["page"],
    "casefile:onward_create": ["kind"],
    "referrals:onward_list": ["kind", "awaiting", "page"],
    "referrals:agency_list": ["kind", "page"],
    "referrals:referral_funnel": ["year"],
    "complaints:complaint_list": [  # complaints: the filters
        "kind",
        "source",
        "status",
        "outcome",
        "received_from",
        "received_to",
        "page",
    ],
    "reports:period_report": PERIOD_PARAMS,
    "reports:figure_records": [*PERIOD_PARAMS, "figure", "page"],  # reports
    "reports:export_csv": PERIOD_PARAMS,
    "reports:export_xlsx": PERIOD_PARAMS,
    "reports:print": PERIOD_PARAMS,
    "reports:pdf": PERIOD_PARAMS,
    "risk:note_create": ["session", "next"],
    "risk:event_create": ["next"],
    "risk:assessment_list": ["overdue", "page"],
    "risk:note_list": ["severity", "page"],
    "risk:alert_list": ["status", "scope", "kind", "man", "age", "page"],
}
