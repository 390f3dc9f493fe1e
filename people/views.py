"""Web UI of the list of affected people: upload (loaded by a task, its progress shown), the imports with their error
reports, the people a message cannot reach (a DPO corrects or excludes them), the list by keyset pages, and its
purge."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from datalek.csv_files import CONTENT_TYPE
from datalek.errors import DomainError
from datalek.web_errors import domain_errors
from incidents.forms import add_service_errors
from incidents.models import Incident
from incidents.pagination import keyset_page
from incidents.roles import is_dpo
from incidents.views import incident_view
from people import selectors, services
from people.forms import (
    SubjectCorrectForm,
    SubjectExcludeForm,
    SubjectGroupForm,
    SubjectsGroupBlankForm,
    SubjectsUploadForm,
)
from people.groups import audience_of
from people.models import AffectedSubject


def _people_page(request: HttpRequest, incident: Incident, *args, **kwargs) -> str:
    """Where a refused change to the list goes back to (datalek.web_errors): the people page."""
    return reverse("people:subjects", args=[incident.pk])


@incident_view
def subjects(request: HttpRequest, incident: Incident) -> HttpResponse:
    """The list of affected people: upload (loaded by a task, its progress shown), the imports with their error
    reports, the people a message cannot reach (a DPO corrects or excludes them), the list itself by keyset pages,
    and — for a DPO, after closure — its purge."""
    form = SubjectsUploadForm()
    if request.method == "POST":
        form = SubjectsUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.subjects_import_start(
                    actor=request.user,
                    incident_id=incident.pk,
                    name=upload.name,
                    size=upload.size,
                    stream=upload,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The list is being checked and loaded."))
                return redirect("people:subjects", pk=incident.pk)
    return _subjects_page(request, incident, form)


def _subjects_page(
    request: HttpRequest, incident: Incident, form: SubjectsUploadForm, bound: dict | None = None
) -> HttpResponse:
    """The people page; ``bound`` holds a person's correction, exclusion or group form sent back with its errors.
    ``?group=`` shows one group of the list (empty: those without a group)."""
    group = request.GET.get("group")
    page = keyset_page(
        selectors.subjects_of(incident, group=group),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=100,
    )
    dpo = is_dpo(incident, request.user) and incident.status != Incident.Status.CLOSED
    audience = audience_of(incident)
    labels = [g.label for g in audience.groups] if len(audience.groups) > 1 else []
    problems = []
    for person, field, message in selectors.subject_problems(incident):
        row = {"person": person, "field": _field_label(field), "message": message}
        if dpo:
            initial = {name: getattr(person, name) for name in services.EDITABLE}
            row["correct"] = (bound or {}).get(("correct", person.pk)) or SubjectCorrectForm(
                initial=initial, auto_id=f"p{person.pk}_%s"
            )
            row["exclude"] = (bound or {}).get(("exclude", person.pk)) or SubjectExcludeForm(
                auto_id=f"x{person.pk}_%s"
            )
        problems.append(row)
    return render(
        request,
        "people/subjects.html",
        {
            "incident": incident,
            "form": form,
            "page": page,
            "imports": selectors.imports_of(incident),
            "problems": problems,
            "can_purge": is_dpo(incident, request.user) and incident.status == Incident.Status.CLOSED,
            "rows": [
                {
                    "person": person,
                    "group_form": (bound or {}).get(("group", person.pk))
                    or SubjectGroupForm(initial={"group": person.group}, auto_id=f"g{person.pk}_%s"),
                }
                for person in page
            ]
            if dpo
            else [{"person": person} for person in page],
            "group": group,
            "group_labels": labels,
            "audience": audience,
            "group_blank_form": (bound or {}).get(("group_blank", 0))
            or (SubjectsGroupBlankForm(labels=labels) if dpo and audience.by_group else None),
        },
        status=400 if form.errors or bound else 200,
    )


def _field_label(name: str) -> str:
    return str(AffectedSubject._meta.get_field(name).verbose_name) if name else ""


def _subject_act(request: HttpRequest, incident: Incident, subject_id: int, act: str) -> HttpResponse:
    """A DPO's correction or exclusion of one person on the list (the same form handling for both)."""
    form_class, prefix, service, done = {
        "correct": (
            SubjectCorrectForm,
            "p",
            services.subject_correct,
            _("The person is corrected."),
        ),
        "exclude": (
            SubjectExcludeForm,
            "x",
            services.subject_exclude,
            _("The person is excluded from the sending, and stays on the list."),
        ),
        "group": (
            SubjectGroupForm,
            "g",
            services.subject_correct,
            _("The person's group is changed."),
        ),
    }[act]
    form = form_class(request.POST, auto_id=f"{prefix}{subject_id}_%s")
    if form.is_valid():
        try:
            service(actor=request.user, incident_id=incident.pk, subject_id=subject_id, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("people:subjects", pk=incident.pk)
    return _subjects_page(request, incident, SubjectsUploadForm(), {(act, subject_id): form})


@require_POST
@incident_view
@domain_errors(back=_people_page)
def subject_correct(request: HttpRequest, incident: Incident, subject_id: int) -> HttpResponse:
    return _subject_act(request, incident, subject_id, "correct")


@require_POST
@incident_view
@domain_errors(back=_people_page)
def subject_exclude(request: HttpRequest, incident: Incident, subject_id: int) -> HttpResponse:
    return _subject_act(request, incident, subject_id, "exclude")


@require_POST
@incident_view
@domain_errors(back=_people_page)
def subject_group(request: HttpRequest, incident: Incident, subject_id: int) -> HttpResponse:
    return _subject_act(request, incident, subject_id, "group")


@require_POST
@incident_view
@domain_errors(back=_people_page)
def subjects_group_blank(request: HttpRequest, incident: Incident) -> HttpResponse:
    """A DPO puts everyone without a group into one of the assessment's groups."""
    labels = [g.label for g in audience_of(incident).groups]
    form = SubjectsGroupBlankForm(request.POST, labels=labels)
    if form.is_valid():
        try:
            count = services.subjects_group_blank(
                actor=request.user, incident_id=incident.pk, group=form.cleaned_data["group"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            said = ngettext(
                "%(n)d person without a group is now in “%(group)s”.",
                "%(n)d people without a group are now in “%(group)s”.",
                count,
            )
            messages.success(request, said % {"n": count, "group": form.cleaned_data["group"]})
            return redirect("people:subjects", pk=incident.pk)
    return _subjects_page(request, incident, SubjectsUploadForm(), {("group_blank", 0): form})


@incident_view
def subjects_imports(request: HttpRequest, incident: Incident) -> HttpResponse:
    return render(
        request,
        "people/_imports.html",
        {"incident": incident, "imports": selectors.imports_of(incident)},
    )


@incident_view
def subjects_import_errors(request: HttpRequest, incident: Incident, job_id: int) -> HttpResponse:
    job = get_object_or_404(incident.subject_imports.exclude(error_report=""), pk=job_id)
    response = FileResponse(
        job.error_report.open("rb"),
        as_attachment=True,
        filename=f"{incident.reference}-import-{job.pk}-errors.csv",
        content_type=CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@incident_view
@domain_errors(back=_people_page)
def subjects_purge(request: HttpRequest, incident: Incident) -> HttpResponse:
    purged = services.subjects_purge(actor=request.user, incident_id=incident.pk)
    messages.success(request, _("The list is purged (%(n)d people).") % {"n": purged})
    return redirect("people:subjects", pk=incident.pk)
