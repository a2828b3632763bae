"""Programmes and their modules: the list, a programme's page, and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from programmes.forms import ModuleForm, ProgrammeForm
from programmes.models import Group, Module, Programme
from programmes.views.common import posted_data


@permission_required("programmes.view_programme", raise_exception=True)
@require_http_methods(["GET"])
def programme_list(request):
    programmes = (
        Programme.objects.visible_to(request.user)
        .annotate(
            group_count=Count("groups", distinct=True),
            module_count=Count("modules", distinct=True),
        )
        .order_by("name")
    )
    return TemplateResponse(
        request, "programmes/programme_list.html", {"programmes": programmes}
    )


@permission_required("programmes.add_programme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeForm(posted_data(request), organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        programme.organisation = request.user.organisation
        programme.save()
        messages.success(
            request, gettext("Programme %(name)s created.") % {"name": programme.name}
        )
        return redirect(programme)
    return TemplateResponse(
        request,
        "programmes/programme_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.change_programme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def programme_update(request, programme_uuid):
    programme = Programme.objects.visible_or_404(request.user, programme_uuid)
    form = ProgrammeForm(
        posted_data(request), instance=programme, organisation=programme.organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Programme saved."))
        return redirect(programme)
    return TemplateResponse(
        request,
        "programmes/programme_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.view_programme", raise_exception=True)
@require_http_methods(["GET"])
def programme_detail(request, programme_uuid):
    programme = Programme.objects.visible_or_404(request.user, programme_uuid)
    groups = Group.objects.visible_to(request.user).filter(programme=programme)
    return TemplateResponse(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "modules": programme.modules.all(),
            "groups": groups,
        },
    )


@permission_required("programmes.add_module", raise_exception=True)
@require_http_methods(["GET", "POST"])
def module_create(request, programme_uuid):
    programme = Programme.objects.visible_or_404(request.user, programme_uuid)
    initial = {"order": programme.modules.count() + 1}
    form = ModuleForm(posted_data(request), programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        module = form.save(commit=False)
        module.programme = programme
        module.organisation_id = programme.organisation_id
        module.save()
        messages.success(
            request, gettext("Module %(title)s added.") % {"title": module.title}
        )
        return redirect(programme)
    return TemplateResponse(
        request,
        "programmes/module_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@permission_required("programmes.change_module", raise_exception=True)
@require_http_methods(["GET", "POST"])
def module_update(request, module_uuid):
    module = Module.objects.select_related("programme").visible_or_404(
        request.user, module_uuid
    )
    form = ModuleForm(posted_data(request), instance=module, programme=module.programme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Module saved."))
        return redirect(module.programme)
    return TemplateResponse(
        request,
        "programmes/module_form.html",
        {"form": form, "programme": module.programme, "module": module},
        status=400 if form.errors else 200,
    )
