"""Letters to referrers: a drafted letter (edit, send by e-mail, record as
posted, print), and the manager's templates with a preview."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.printing import pdf_download, print_view
from referrals import letters, placeholders
from referrals.forms import LetterTemplateForm, ReferrerLetterForm
from referrals.models import LetterEvent, LetterTemplate, ReferrerLetter


def _posted(request):
    """The posted data, or None on a GET: an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def _letter_or_404(request, letter_uuid) -> ReferrerLetter:
    return ReferrerLetter.objects.select_related(
        "referral", "referral__agency", "sent_by"
    ).visible_or_404(request.user, letter_uuid)


@permission_required("referrals.view_referrerletter", raise_exception=True)
@require_http_methods(["GET", "POST"])
def letter_detail(request, letter_uuid):
    """The letter as it will be sent; while a draft, the form to edit it."""
    letter = _letter_or_404(request, letter_uuid)
    may_edit = letter.is_draft and request.user.has_perm(
        "referrals.change_referrerletter"
    )
    form = ReferrerLetterForm(_posted(request), instance=letter) if may_edit else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This letter can no longer be changed."))
            return TemplateResponse(
                request,
                "referrals/letter_detail.html",
                {"letter": letter, "form": None},
                status=409,
            )
        if form.is_valid():
            letter = form.save(commit=False)
            letter._history_user = request.user
            letter.save()
            messages.success(request, _("Letter saved. Check it, then send it."))
            return redirect(letter)
    return TemplateResponse(
        request,
        "referrals/letter_detail.html",
        {"letter": letter, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@permission_required("referrals.change_referrerletter", raise_exception=True)
@require_POST
def letter_send(request, letter_uuid):
    """Send by e-mail, record as posted, or decide not to send (`how`)."""
    letter = _letter_or_404(request, letter_uuid)
    how = request.POST.get("how", "")
    actions = {
        "email": letters.send_letter_by_email,
        "post": letters.mark_letter_posted,
        "discard": letters.discard_letter,
    }
    if how not in actions:
        messages.error(request, _("Choose how the letter goes: e-mail or post."))
        return redirect(letter)
    try:
        letter = actions[how](letter=letter, by=request.user)
    except letters.LetterNotSendable as refusal:
        messages.error(request, str(refusal))
        return TemplateResponse(
            request,
            "referrals/letter_detail.html",
            {"letter": letter, "form": None},
            status=409,
        )
    done = {
        "email": _("Letter e-mailed to %(to)s."),
        "post": _("Letter recorded as sent by post to %(to)s."),
        "discard": _("Letter marked as not sent."),
    }[how]
    messages.success(request, done % {"to": letter.sent_to.replace("\n", ", ")})
    return redirect(letter.referral)


@permission_required("referrals.view_referrerletter", raise_exception=True)
@require_GET
def letter_print(request, letter_uuid):
    """The letter to print and post."""
    letter = _letter_or_404(request, letter_uuid)
    return print_view(
        request,
        "referrals/letter_print.html",
        {"letter": letter},
        record=letter,
        what="letter to referrer",
    )


@permission_required("referrals.view_referrerletter", raise_exception=True)
@require_GET
def letter_pdf(request, letter_uuid):
    letter = _letter_or_404(request, letter_uuid)
    return pdf_download(
        request,
        "referrals/letter_print.html",
        {"letter": letter},
        record=letter,
        what="letter to referrer",
        filename=f"letter-{placeholders.referral_reference(letter.referral)}.pdf",
    )


@permission_required("referrals.change_lettertemplate", raise_exception=True)
@require_GET
def letter_template_list(request):
    """Each event's wording: the organisation's own, or the default."""
    organisation = request.user.organisation
    saved = {t.event: t for t in LetterTemplate.objects.visible_to(request.user)}
    rows = [
        {
            "event": value,
            "label": label,
            "template": saved.get(value),
            "subject": placeholders.parts(
                saved[value].subject
                if value in saved
                else letters.template_for(organisation, value)[0]
            ),
        }
        for value, label in LetterEvent.choices
    ]
    return TemplateResponse(
        request, "referrals/letter_template_list.html", {"rows": rows}
    )


@permission_required("referrals.change_lettertemplate", raise_exception=True)
@require_http_methods(["GET", "POST"])
def letter_template_update(request, event):
    """Edit one event's wording; "Preview" shows it filled with sample values
    without saving, "Save" keeps it, "Use the default" goes back to ours."""
    if event not in LetterEvent.values:
        raise Http404
    organisation = request.user.organisation
    if request.method == "POST" and request.POST.get("action") == "reset":
        letters.reset_letter_template(organisation=organisation, event=event)
        messages.success(request, _("The default wording is used again."))
        return redirect("referrals:letter_template_update", event=event)
    subject, body = letters.template_for(organisation, event)
    form = LetterTemplateForm(
        _posted(request), initial={"subject": subject, "body": body}
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "save":
            letters.save_letter_template(
                organisation=organisation,
                event=event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
            messages.success(request, _("Letter template saved."))
            return redirect("referrals:letter_template_list")
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
    if not form.errors:
        values = {
            **placeholders.sample_values(),
            "organisation_name": organisation.name,
        }
        preview = {
            "subject": placeholders.substitute(subject, values),
            "body": placeholders.substitute(body, values),
        }
    return TemplateResponse(
        request,
        "referrals/letter_template_form.html",
        {
            "form": form,
            "event_label": LetterEvent(event).label,
            "event": event,
            "preview": preview,
            "placeholders": placeholders.PLACEHOLDERS,
            "is_custom": LetterTemplate.objects.filter(
                organisation=organisation, event=event
            ).exists(),
        },
        status=400 if form.errors else 200,
    )
