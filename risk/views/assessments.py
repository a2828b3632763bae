from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from participants.models import Participant
from risk import services
from risk.forms import AssessmentForm
from risk.models import RiskAssessment, RiskInstrument


@permission_required("risk.view_riskassessment", raise_exception=True)
@require_GET
def assessment_list(request):
    """Assessments of the men the user may see, newest first."""
    assessments = (
        RiskAssessment.objects.visible_to(request.user)
        .select_related("participant", "assessed_by", "instrument")
        .order_by("-assessed_on", "-pk")
    )
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        assessments = assessments.review_overdue(services.today())
    page = Paginator(assessments, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "risk/assessment_list.html",
        {
            "page_obj": page,
            "overdue": overdue,
            "today": services.today(),
            "query_string": "overdue=1" if overdue else "",
        },
    )


@permission_required("risk.view_riskassessment", raise_exception=True)
@require_GET
def assessment_detail(request, assessment_uuid):
    assessment = RiskAssessment.objects.select_related(
        "participant", "assessed_by", "instrument"
    ).visible_or_404(request.user, assessment_uuid)
    answers = assessment.answers.select_related("item__instrument")  # country
    return TemplateResponse(
        request,
        "risk/assessment_detail.html",
        {"assessment": assessment, "answers": answers},
    )


@permission_required("risk.add_riskassessment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def assessment_create(request, participant_uuid):
    """Answer every item of the active instrument for one man."""
    participant = Participant.objects.visible_or_404(request.user, participant_uuid)
    instrument = (  # country: the organisation's own version, or the shipped one
        RiskInstrument.objects.offered_to(request.user.organisation_id)
        .order_by("name")
        .first()
    )
    if instrument is None:
        messages.error(
            request, gettext("No risk instrument is active; ask an administrator.")
        )
        return redirect("risk:assessment_list")
    items = services.instrument_items(instrument)
    form = AssessmentForm(
        request.POST or None,
        items=items,
        thresholds=instrument.thresholds_for(participant.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assess_participant(
                participant=participant,
                instrument=instrument,
                assessed_by=request.user,
                assessed_on=form.cleaned_data["assessed_on"],
                answers=form.answers(),
                sources=form.cleaned_data["sources"],
                judgement_level=form.cleaned_data["judgement_level"],
                judgement_reason=form.cleaned_data["judgement_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext(
                    "Assessment saved: %(level)s risk (%(yes)s yes). Next review by "
                    "%(date)s."
                )
                % {
                    "level": assessment.get_level_display().lower(),
                    "yes": assessment.yes_count,
                    "date": date_format(assessment.next_review_on, "DATE_FORMAT"),
                },
            )
            return redirect(assessment)
    if form.errors:
        messages.error(
            request, gettext("The assessment was not saved: see the marked items.")
        )
    return TemplateResponse(
        request,
        "risk/assessment_form.html",
        {"form": form, "participant": participant, "instrument": instrument},
        status=400 if form.errors else 200,
    )
