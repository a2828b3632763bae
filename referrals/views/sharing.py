"""The information-sharing log of one man or one woman, for an accountability or
subject-access request: a page, a CSV export, and a form for other disclosures."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.exports import csv_safe
from accounts.models import AccessLog
from accounts.services import log_access
from participants.models import Participant
from partner_contact.models import Partner
from referrals import onward_services
from referrals.models import InformationShare
from referrals.onward_forms import InformationShareForm


def _subject(request, *, participant_uuid=None, partner_uuid=None):
    """The man (from case-file visibility) or the woman (behind the firewall)."""
    if participant_uuid is not None:
        participant = Participant.objects.case_file_or_404(
            request.user, participant_uuid
        )
        return participant, {"participant": participant}
    partner = Partner.objects.visible_or_404(request.user, partner_uuid)
    return partner, {"partner": partner}


def _shares(request, about):
    return (
        InformationShare.objects.visible_to(request.user)
        .filter(**about)
        .select_related("agency", "shared_by", "onward_referral")
    )


def _log(request, subject, about, *, export=False):
    """Log who read or exported the log of a woman, and every export."""
    if export or "partner" in about:
        log_access(
            user=request.user,
            obj=subject,
            action=AccessLog.Action.EXPORT if export else AccessLog.Action.VIEW,
            detail="information-sharing log",
        )


@permission_required("referrals.view_informationshare", raise_exception=True)
@require_GET
def sharing_log(request, participant_uuid=None, partner_uuid=None):
    subject, about = _subject(
        request, participant_uuid=participant_uuid, partner_uuid=partner_uuid
    )
    _log(request, subject, about)
    return TemplateResponse(
        request,
        "referrals/informationshare_list.html",
        {"subject": subject, "shares": _shares(request, about), **about},
    )


@permission_required("referrals.export_informationshare", raise_exception=True)
@require_GET
def sharing_log_export(request, participant_uuid=None, partner_uuid=None):
    """The log as CSV; the export itself is logged."""
    subject, about = _subject(
        request, participant_uuid=participant_uuid, partner_uuid=partner_uuid
    )
    _log(request, subject, about, export=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    kind = "man" if "participant" in about else "woman"
    response["Content-Disposition"] = (
        f'attachment; filename="information-sharing-{kind}-{subject.uuid}-{stamp}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            gettext("Date shared"),
            gettext("Shared with"),
            gettext("Agency kind"),
            gettext("What was shared"),
            gettext("Legal basis"),
            gettext("Consent recorded"),
            gettext("Reason for sharing without consent"),
            gettext("Shared by"),
            gettext("Onward referral"),
        ]
    )
    for share in _shares(request, about):
        writer.writerow(
            csv_safe(cell)
            for cell in [
                share.shared_on.isoformat(),
                share.agency.name,
                share.agency.get_kind_display(),
                share.what_shared,
                share.get_legal_basis_display(),
                "yes" if share.consent_recorded else "no",
                share.reason_without_consent,
                share.shared_by,
                share.onward_referral.get_kind_display()
                if share.onward_referral
                else "",
            ]
        )
    return response


@permission_required("referrals.add_informationshare", raise_exception=True)
@require_http_methods(["GET", "POST"])
def share_create(request, participant_uuid=None, partner_uuid=None):
    """Record a disclosure to an agency that was not an onward referral."""
    subject, about = _subject(
        request, participant_uuid=participant_uuid, partner_uuid=partner_uuid
    )
    form = InformationShareForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            onward_services.record_information_share(
                actor=request.user, **about, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Added to the information-sharing log."))
            if "participant" in about:
                return redirect(
                    "referrals:participant_sharing_log", participant_uuid=subject.uuid
                )
            return redirect("referrals:partner_sharing_log", partner_uuid=subject.uuid)
    return TemplateResponse(
        request,
        "referrals/informationshare_form.html",
        {"form": form, "subject": subject, **about},
        status=400 if form.errors else 200,
    )
