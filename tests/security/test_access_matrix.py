"""Every URL of the site, tried by every role of two organisations and anonymously.

The URL patterns come from the URLconf itself (tests/security/site.py walks it,
namespaces included, leaving out only the Django admin; static files are served by
WhiteNoise, outside the URLconf). Each is filled with the records of a seeded
organisation ("ours", tests/security/conftest.py) and requested with GET by each
role of ours, each role of another organisation ("theirs") and anonymously.

What each of our roles must get is the TABLE below: one row per URL name. What
theirs must get follows from it by one rule (see `expected_for_outsider`): on a
page about one of our records, a 404, never a 200 (a 403 only where their role
may not open that kind of page at all, a 405 where the page only takes POST);
on a page about no record, what the same role of ours gets (their own data).
POST-only pages (405 to GET) and every page about a record are also POSTed empty
by theirs: 403, 404 or 405, never a success and never a 500.

A URL pattern without a row fails `test_every_url_pattern_has_a_row`.
"""

import pytest

from tests.security.conftest import (
    OUR_PREFIX,
    ROLES,
    THEIR_PREFIX,
    url_ids,
)
from tests.security.site import Route, body_of, routes

# Outcomes: 200, 403, 404, 405 (only POST allowed), "login" (302 to the login
# page), "home" (302 to the start page). Columns: our facilitator, caseworker,
# partner-support worker, manager, organisation admin, then an anonymous visitor.
# A name followed by [variant] is the same URL filled with another record.
TABLE = """
url name                                 fac   cw    ps    mgr   admin anon
home                                     200   200   200   200   200   login
healthz                                  200   200   200   200   200   200
accounts:profile                         200   200   200   200   200   login
javascript_catalogue                     200   200   200   200   200   200
accounts:login                           home  home  home  home  home  200
accounts:logout                          405   405   405   405   405   login
accounts:password_change                 200   200   200   200   200   login
accounts:password_change_done            200   200   200   200   200   login
accounts:password_reset                  200   200   200   200   200   200
accounts:password_reset_done             200   200   200   200   200   200
accounts:password_reset_confirm          200   200   200   200   200   200
accounts:password_reset_complete         200   200   200   200   200   200
accounts:two_factor_verify               200   200   200   200   200   login
accounts:two_factor_setup                200   200   200   200   200   login
accounts:recovery_codes_regenerate       405   405   405   405   405   login
accounts:user_list                       403   403   403   403   200   login
accounts:user_create                     403   403   403   403   200   login
accounts:user_update                     403   403   403   403   200   login
accounts:user_two_factor_reset           403   403   403   403   405   login
accounts:organisation_settings           403   403   403   403   200   login
accounts:access_log                      403   403   403   200   200   login
accounts:access_log_export               403   403   403   200   200   login
casefile:list                            200   200   403   200   403   login
participants:create                      403   200   403   200   403   login
participants:approvals                   403   403   403   200   403   login
participants:approve                     403   403   403   405   403   login
participants:reject                      403   403   403   405   403   login
casefile:detail                          200   200   403   200   403   login
casefile:print                           200   200   403   200   403   login
casefile:pdf                             200   200   403   200   403   login
participants:update                      403   200   403   200   403   login
participants:move                        403   200   403   200   403   login
participants:child_create                403   200   403   200   403   login
participants:child_update                403   200   403   200   403   login
participants:child_delete                403   200   403   200   403   login
participants:child_orders                200   200   403   200   403   login
participants:child_order_update          403   200   403   200   403   login
participants:child_order_delete          403   405   403   405   403   login
participants:casenote_create             200   200   403   200   403   login
participants:casenote_draft              405   405   403   405   403   login
programmes:programme_list                200   200   403   200   403   login
programmes:programme_create              403   403   403   200   403   login
programmes:programme_detail              200   200   403   200   403   login
programmes:programme_update              403   403   403   200   403   login
programmes:module_create                 403   403   403   200   403   login
programmes:module_update                 403   403   403   200   403   login
programmes:group_list                    200   200   403   200   403   login
programmes:group_create                  403   200   403   200   403   login
programmes:group_detail                  200   200   403   200   403   login
programmes:group_detail [not his group]  404   200   403   200   403   login
programmes:group_update                  403   200   403   200   403   login
programmes:group_generate_sessions       403   405   403   405   403   login
programmes:my_sessions                   200   200   403   200   403   login
programmes:session_detail                200   200   403   200   403   login
programmes:session_detail [not his]      404   200   403   200   403   login
programmes:session_cancel                200   200   403   200   403   login
programmes:one_to_one_create             403   200   403   200   403   login
programmes:enrol                         403   200   403   200   403   login
programmes:enrolment_end                 403   200   403   200   403   login
programmes:exit_report                   200   200   403   200   403   login
programmes:exit_report_print             200   200   403   200   403   login
programmes:exit_report_pdf               200   200   403   200   403   login
partner_contact:partner_list             404   404   200   200   404   login
partner_contact:worklist                 404   404   200   200   404   login
partner_contact:worklist_section         404   404   200   200   404   login
partner_contact:partner_create           404   404   200   403   404   login
partner_contact:partner_detail           404   404   200   200   404   login
partner_contact:partner_move             404   404   200   403   404   login
partner_contact:checklist_create         404   404   200   403   404   login
partner_contact:checklist_detail         404   404   200   200   404   login
partner_contact:child_link_create        404   404   200   403   404   login
partner_contact:child_link_delete        404   404   405   403   404   login
partner_contact:safety_plan_detail       404   404   200   200   404   login
partner_contact:partner_update           404   404   200   403   404   login
partner_contact:relationship_create      404   404   200   403   404   login
partner_contact:contact_create           404   404   200   403   404   login
partner_contact:consent_create           404   404   200   403   404   login
partner_contact:safety_plan_list         404   404   200   200   404   login
partner_contact:safety_plan_create       404   404   200   403   404   login
partner_contact:partner_export           404   404   403   200   404   login
partner_contact:contact_detail           404   404   200   200   404   login
partner_contact:consent_withdraw         404   404   200   403   404   login
partner_contact:separation_create        404   404   200   403   404   login
enquiries:public_contact                 200   200   200   200   200   200
enquiries:list                           404   404   200   200   404   login
enquiries:create                         404   404   200   403   404   login
enquiries:detail                         404   404   200   200   404   login
enquiries:update                         404   404   200   403   404   login
enquiries:first_contact                  404   404   405   403   404   login
enquiries:reopen                         404   404   405   403   404   login
enquiries:link                           404   404   200   403   404   login
referrals:referral_list                  200   200   403   200   403   login
referrals:referral_create                403   200   403   200   403   login
referrals:referral_detail                404   200   403   200   403   login
referrals:referral_detail [his]          200   200   403   200   403   login
referrals:referral_update                403   200   403   200   403   login
referrals:referral_screen                403   405   403   405   403   login
referrals:referral_accept                403   405   403   405   403   login
referrals:referral_decline               403   405   403   405   403   login
referrals:referral_withdraw              403   405   403   405   403   login
referrals:referral_funnel                403   403   403   200   403   login
referrals:agency_list                    403   200   200   200   403   login
referrals:agency_create                  403   200   403   200   403   login
referrals:agency_update                  403   200   403   200   403   login
referrals:onward_list                    200   200   200   200   403   login
referrals:onward_detail                  200   200   404   200   403   login
referrals:onward_detail [hers]           404   404   200   200   403   login
referrals:onward_print                   200   200   404   200   403   login
referrals:onward_print [hers]            404   404   200   200   403   login
referrals:onward_pdf                     200   200   404   200   403   login
referrals:onward_pdf [hers]              404   404   200   200   403   login
referrals:onward_outcome                 403   405   405   405   403   login
casefile:onward_create                   403   200   404   200   403   login
referrals:partner_onward_create          403   404   200   200   403   login
referrals:participant_sharing_log        403   200   404   200   403   login
referrals:participant_sharing_export     403   200   404   200   403   login
referrals:participant_share_create       403   200   404   200   403   login
referrals:partner_sharing_log            403   404   200   200   403   login
referrals:partner_sharing_export         403   404   200   200   403   login
referrals:partner_share_create           403   404   200   200   403   login
referrals:letter_detail                  403   200   403   200   403   login
referrals:letter_send                    403   405   403   405   403   login
referrals:letter_print                   403   200   403   200   403   login
referrals:letter_pdf                     403   200   403   200   403   login
referrals:letter_template_list           403   403   403   200   403   login
referrals:letter_template_update         403   403   403   200   403   login
equality:participant_monitoring          403   200   404   200   403   login
equality:partner_monitoring              404   404   200   200   404   login
equality:option_list                     403   403   403   200   403   login
equality:option_create                   403   403   403   200   403   login
equality:option_update                   403   403   403   200   403   login
equality:option_move                     403   403   403   405   403   login
equality:option_retire                   403   403   403   405   403   login
complaints:complaint_list                403   200   200   200   403   login
complaints:complaint_create              403   200   200   200   403   login
complaints:complaint_detail              403   200   200   200   403   login
complaints:complaint_update              403   200   200   200   403   login
data_rights:request_list                 403   403   403   200   403   login
data_rights:request_create               403   403   403   200   403   login
data_rights:request_create [her]         403   403   403   200   403   login
data_rights:request_detail               403   403   403   200   403   login
data_rights:request_identity             403   403   403   405   403   login
data_rights:request_export               403   403   403   405   403   login
data_rights:request_release              403   403   403   405   403   login
data_rights:request_download             403   403   403   200   403   login
data_rights:request_decide               403   403   403   405   403   login
data_rights:request_lift                 403   403   403   405   403   login
data_rights:history                      200   200   404   200   403   login
data_rights:history [her record]         404   404   200   200   403   login
data_rights:history [referral]           404   200   404   200   403   login
data_rights:history [assessment]         200   200   200   200   403   login
risk:dashboard                           403   200   200   200   403   login
risk:settings                            403   403   403   200   403   login
risk:country_preset                      403   403   403   405   405   login
risk:instrument_list                     403   403   403   200   403   login
risk:version_preview                     403   403   403   200   403   login
risk:version_start                       403   403   403   405   403   login
risk:version_edit                        403   403   403   200   403   login
risk:version_publish                     403   403   403   405   403   login
localisation:time                        403   403   403   200   200   login
localisation:holiday_add                 403   403   403   405   405   login
localisation:holiday_remove              403   403   403   405   405   login
localisation:terms                       403   403   403   200   200   login
localisation:list_index                  403   403   403   200   403   login
localisation:list_detail                 403   403   403   200   403   login
localisation:entry_change                403   403   403   405   403   login
risk:assessment_list                     200   200   200   200   403   login
risk:note_list                           200   200   200   200   403   login
risk:assessment_detail                   200   200   200   200   403   login
risk:assessment_create                   403   200   403   200   403   login
risk:note_create                         200   200   200   200   403   login
risk:event_create                        403   200   200   200   403   login
risk:event_close                         403   405   405   405   403   login
risk:share_from_contact                  403   403   200   403   403   login
risk:alert_list                          200   200   200   200   403   login
risk:alert_acknowledge_many              405   405   405   405   403   login
risk:alert_detail                        404   200   404   200   403   login
risk:alert_detail [own]                  200   200   200   200   403   login
risk:alert_acknowledge                   405   405   405   405   403   login
risk:alert_resolve                       405   405   405   405   403   login
retention:schedule                       403   403   403   200   403   login
retention:rule_update                    403   403   403   200   403   login
retention:hold_list                      403   403   403   200   403   login
retention:hold_create                    403   403   403   200   403   login
retention:hold_lift                      403   403   403   200   403   login
retention:batch_list                     403   403   403   200   403   login
retention:batch_prepare                  403   403   403   405   403   login
retention:batch_detail                   403   403   403   200   403   login
retention:batch_approve                  403   403   403   405   403   login
retention:item_hold                      403   403   403   405   403   login
retention:item_release                   403   403   403   405   403   login
retention:erasure_log                    403   403   403   200   403   login
retention:processing                     403   403   403   200   200   login
outcomes:due                             403   200   200   200   403   login
outcomes:record                          403   200   200   200   403   login
outcomes:record [hers outcome]           403   404   200   200   403   login
complaints:complaint_detail [partner service]  403   404   200   200   403   login
complaints:complaint_update [partner service]  403   404   200   200   403   login
outcomes:settle                          403   405   405   405   403   login
outcomes:programme_outcomes              403   403   403   200   403   login
outcomes:dataset_export                  403   403   403   200   403   login
outcomes:draft                           403   405   405   405   403   login
outcomes:dataset_export_xlsx             403   403   403   200   403   login
outcomes:data_dictionary                 403   403   403   200   403   login
outcomes:data_dictionary_csv             403   403   403   200   403   login
reports:period_report                    403   200   403   200   403   login
reports:figure_records                   403   200   403   200   403   login
reports:export_csv                       403   403   403   200   403   login
reports:export_xlsx                      403   403   403   200   403   login
reports:print                            403   403   403   200   403   login
reports:pdf                              403   403   403   200   403   login
reports:export_start                     403   403   403   405   403   login
reports:export_status                    403   403   403   200   403   login
reports:export_progress                  403   403   403   200   403   login
reports:export_download                  403   403   403   200   403   login
"""

COLUMNS = ["facilitator", "caseworker", "partner_support", "manager", "org_admin"]
# enquiries: pages for anyone about an organisation, not a record (its public
# contact page): the same page whoever asks (enquiries).
PUBLIC_PAGES = {"enquiries:public_contact"}  # enquiries
ANON = "anon"


def _variant_ids(world, variant: str, role: str | None) -> dict:
    """URL kwargs of a [variant] row: the same page about another record."""
    o = world.o
    variants = {
        "not his group": {"group_uuid": o.other_group.uuid},
        "not his": {"session_uuid": o.other_session.uuid},
        "his": {"referral_uuid": o.his_referral.uuid},
        "hers": {"onward_uuid": o.her_onward.uuid},
        # Each role's own alert (org admins have none: any will do).
        "own": {"alert_uuid": o.alerts.get(role, o.alerts["caseworker"]).uuid},
        "hers outcome": {"time_point_uuid": o.her_outcome.uuid},
        # complaints: one about partner support, from her (firewalled).
        "partner service": {"complaint_uuid": o.partner_complaint.uuid},
        # data_rights: a request about her, and History pages of other records.
        "her": {"subject": "woman", "subject_uuid": o.woman.uuid},
        "her record": {"kind": "partner", "record_uuid": o.woman.uuid},
        "referral": {"kind": "referral", "record_uuid": o.referral.uuid},
        "assessment": {"kind": "assessment", "record_uuid": o.assessment.uuid},
    }
    return variants[variant]


def _parse(table: str) -> dict[str, dict[str, str]]:
    rows = {}
    lines = [line for line in table.strip().splitlines()[1:] if line.strip()]
    for line in lines:
        head, _, rest = line.partition("[")
        if rest:
            variant, _, cells = rest.partition("]")
            key = f"{head.strip()} [{variant}]"
        else:
            key, _, cells = line.partition(" ")
        values = cells.split()
        assert len(values) == len(COLUMNS) + 1, f"bad row: {line!r}"
        assert key not in rows, f"two rows for {key}"
        rows[key] = dict(zip([*COLUMNS, ANON], values, strict=True))
    return rows


EXPECTED = _parse(TABLE)


def _route_name(key: str) -> tuple[str, str]:
    name, _, variant = key.partition(" [")
    return name, variant.rstrip("]")


def _routes_by_name() -> dict[str, Route]:
    return {route.name: route for route in routes()}


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return "login"
        return "home" if location == "/" else f"302 to {location}"
    return str(response.status_code)


# URL keyword arguments that name a kind of page, not a record (equality's
# question, a letter template's event): such a page shows their own records.
NOT_RECORDS = {"characteristic", "event", "rule"}  # retention: a schedule rule


def expected_for_outsider(ours: str, route: Route) -> str:
    """What another organisation's user of the same role must get."""
    if not set(route.kwargs) - NOT_RECORDS or ours in ("403", "405"):
        # A page about no record shows them their own organisation; a page their
        # role may not open, or that takes only POST, says so before any lookup.
        return ours
    # Only the reset link carries no record of ours.
    if route.name == "accounts:password_reset_confirm":
        return ours
    if route.name in PUBLIC_PAGES:  # enquiries
        return ours  # enquiries
    return "404"


def _url(worlds, key: str, role: str | None) -> tuple[Route, str]:
    name, variant = _route_name(key)
    route = _routes_by_name()[name]
    ids = url_ids(worlds.ours)
    if variant:
        ids.update(_variant_ids(worlds.ours, variant, role))
    return route, route.url(ids)


def _leaked(body: str, prefix: str) -> bool:
    return prefix in body.lower()


REQUESTERS = (
    [("ours", role) for role in COLUMNS]
    + [("theirs", role) for role in COLUMNS]
    + [("anon", None)]
)


def _about_a_record(route: Route) -> bool:
    # Only the reset link carries no record of ours; a POST to a page about no
    # record would act on their own organisation.
    return (
        bool(set(route.kwargs) - NOT_RECORDS)
        and route.name != "accounts:password_reset_confirm"
    )


@pytest.mark.parametrize("key", list(EXPECTED))
def test_url(worlds, db, key):
    """GET answers as the table says, for us, for them and for anonymous; their
    empty POSTs about our records get 403, 404 or 405, never a success or a 500.

    Every requester of one URL is tried; all mismatches are reported together.
    """
    failures = []
    for who, role in REQUESTERS:
        route, url = _url(worlds, key, role)
        expected = EXPECTED[key][role or ANON]
        if who == "theirs":
            expected = expected_for_outsider(expected, route)
        response = worlds.clients[(who, role)].get(url)
        got = outcome(response)
        if got != expected:
            failures.append(f"GET {url} as {who} {role}: {got}, expected {expected}")
        foreign = THEIR_PREFIX if who == "ours" else OUR_PREFIX
        if _leaked(body_of(response), foreign):
            failures.append(f"GET {url} as {who} {role}: the other side's data")
        if route.name in PUBLIC_PAGES:  # enquiries: posted in tests/enquiries
            continue  # enquiries
        if who != "theirs" or not _about_a_record(route):
            continue
        # A POST-only page their role may use must still not find our record.
        allowed = {"404"} if EXPECTED[key][role] == "405" else {"403", "404", "405"}
        response = worlds.clients[(who, role)].post(url, {})
        got = outcome(response)
        if got not in allowed:
            failures.append(f"POST {url} as {who} {role}: {got}, expected {allowed}")
        if _leaked(body_of(response), OUR_PREFIX):
            failures.append(f"POST {url} as {who} {role}: our data in the answer")
    assert not failures, f"{key}:\n" + "\n".join(failures)


def test_anonymous_post_goes_to_login(worlds, db):
    """Anonymous POSTs to every non-public page are sent to the login page."""
    failures = []
    for key, row in EXPECTED.items():
        if row[ANON] != "login":
            continue
        _, url = _url(worlds, key, None)
        got = outcome(worlds.clients[("anon", None)].post(url, {}))
        if got != "login":
            failures.append(f"POST {url}: {got}")
    assert not failures, "\n".join(failures)


def test_every_url_pattern_has_a_row():
    """A new URL pattern must be added to TABLE, and every row must name one."""
    names = {route.name for route in routes()}
    rows = {_route_name(key)[0] for key in EXPECTED}
    missing = sorted(names - rows)
    assert not missing, (
        "URL patterns without a row in tests/security/test_access_matrix.py TABLE: "
        + ", ".join(missing)
    )
    assert not sorted(rows - names), f"rows naming no URL pattern: {rows - names}"


def test_table_covers_every_role():
    """The table's columns are exactly the roles there are (no role forgotten)."""
    assert COLUMNS == ROLES
