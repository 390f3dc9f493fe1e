"""Web UI of the notices: the panel on the incident page, the notice page with its approval road, the list of
affected people, and the public notice page (the only page without a login)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from datalek.csv_files import CONTENT_TYPE
from datalek.errors import DomainError
from datalek.page_cards import cards_for
from incidents import services as incident_services
from incidents import workflow
from incidents.forms import add_service_errors
from incidents.models import Incident
from incidents.pagination import keyset_page
from incidents.roles import Role, is_dpo, is_team_member, role_in
from incidents.views import incident_view, require_team
from inventory.models import ProcessingActivity
from notifications import acknowledgement, delivery, dpa, instructions, profile, selectors, services
from notifications import content as build
from notifications import subjects as services_subjects
from notifications.authorities import by_code
from notifications.forms import (
    AuthoritiesForm,
    ClientCreateForm,
    DpaTermsForm,
    DraftForm,
    EstablishmentForm,
    FileForm,
    InstructionForm,
    NoticeEditForm,
    OrganisationForm,
    RevokeForm,
    SubjectCorrectForm,
    SubjectExcludeForm,
    SubjectGroupForm,
    SubjectsGroupBlankForm,
    SubjectsUploadForm,
)
from notifications.groups import Audience, audience_of
from notifications.models import Notice
from risk import selectors as risk_selectors


def notice_view(view):
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        try:
            notice = selectors.notice_get(request.user, pk)
        except DomainError:
            raise Http404(_("No such notice.")) from None
        return view(request, notice, *args, **kwargs)

    return wrapper


def _back_to_incident(incident: Incident) -> HttpResponse:
    return redirect(incident.get_absolute_url() + "#notifications")


def _done(
    request: HttpRequest, notice: Notice, message: str = "", exc: Exception | None = None
) -> HttpResponse:
    if exc is not None:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message
        if isinstance(exc, DomainError) and exc.status == 404:
            raise Http404(text)
        messages.error(request, text)
    elif message:
        messages.success(request, message)
    return redirect("notifications:notice", pk=notice.pk)


# --- the panel on the incident page --------------------------------------------------------------------------


@incident_view
def panel(request: HttpRequest, incident: Incident) -> HttpResponse:
    resolution = services.authorities_resolution(incident)
    decision = getattr(incident, "authority_decision", None)
    codes = services.authority_codes(incident)
    notices = list(selectors.notices_of(incident))
    context = {
        "incident": incident,
        "resolution": resolution,
        "decision": decision,
        "codes": codes,
        "authorities": [by_code(code) for code in codes],
        "notices": notices,
        "roots": [n for n in notices if n.parent_id is None],
        "clients": incident.client_organisations.all(),
        "subjects": incident.affected_subjects.count(),
        "can_draft": incident.status in services.WORKING_STATES and is_team_member(incident, request.user),
        "is_dpo": is_dpo(incident, request.user),
        "authorities_form": AuthoritiesForm(
            initial={"codes": ", ".join(codes), "justification": decision.justification if decision else ""}
        ),
        "on_behalf": _on_behalf_rows(incident),
        "rationale": risk_selectors.rationale_of(incident),
    }
    template = (
        "notifications/_panel.html" if request.headers.get("HX-Request") else "notifications/panel_page.html"
    )
    return render(request, template, context)


def _on_behalf_rows(incident: Incident) -> list[dict]:
    """For a processor: per affected client, what its written instructions allow us to draft on its behalf."""
    if incident.our_role != Incident.OurRole.PROCESSOR:
        return []
    rows = []
    for client in incident.client_organisations.order_by("name"):
        authority = instructions.instruction_for(incident, client, Notice.Kind.AUTHORITY)
        subjects = instructions.instruction_for(incident, client, Notice.Kind.SUBJECTS)
        codes = instructions.client_authorities(incident, client).codes if authority else ()
        rows.append({"client": client, "authorities": codes, "subjects": subjects is not None})
    return rows


@require_POST
@incident_view
def authorities_decide(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = AuthoritiesForm(request.POST)
    if form.is_valid():
        try:
            services.authorities_decide(
                actor=request.user,
                incident_id=incident.pk,
                codes=form.code_list(),
                justification=form.cleaned_data["justification"],
            )
        except (ValidationError, DomainError) as exc:
            messages.error(
                request, " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message
            )
        else:
            messages.success(request, _("The authorities to notify are recorded."))
    return _back_to_incident(incident)


@require_POST
@incident_view
def draft(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = DraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing changed."))
        return _back_to_incident(incident)
    try:
        notice = services.notice_draft(
            actor=request.user,
            incident_id=incident.pk,
            kind=form.cleaned_data["kind"],
            authority=form.cleaned_data["authority"],
            client_id=form.cleaned_data["client"],
            language=form.cleaned_data["language"],
            on_behalf_of=form.cleaned_data["on_behalf_of"],
        )
    except (ValidationError, DomainError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message)
        return _back_to_incident(incident)
    messages.success(request, _("Notice drafted from the stored facts. Check it, complete it and submit it."))
    return redirect("notifications:notice", pk=notice.pk)


# --- one notice ------------------------------------------------------------------------------------------------


def _notice_steps(notice: Notice, user) -> dict[str, workflow.Option]:
    """The notice's next steps from the workflow driver: those this user may take, and those blocked for a reason
    worth showing (not your role, four eyes, a condition); the steps of other statuses are left out."""
    return {o.name: o for o in workflow.options(notice, user) if o.obstacle != workflow.STATUS}


def _notice_context(request: HttpRequest, notice: Notice, **forms) -> dict:
    previous = notice.previous
    done = notice.status in Notice.DONE
    return {
        "steps": _notice_steps(notice, request.user),
        "send_action": "retry" if notice.status == Notice.Status.FAILED else "send",
        "show_progress": notice.status in (Notice.Status.SENDING, Notice.Status.FAILED) or done,
        "done": done,
        "can_follow_up": done and notice.phase != Notice.Phase.WITHDRAWAL,
        "notice": notice,
        "incident": notice.incident,
        "chain": selectors.chain_of(notice),
        "authority": by_code(notice.authority) if notice.authority else None,
        "missing": selectors.missing_answers(notice),
        "changes": build.changes_between(previous.content if previous else None, notice.content),
        "progress": _progress(request, notice)
        if notice.kind in (Notice.Kind.SUBJECTS, Notice.Kind.CONTROLLER)
        else None,
        "is_dpo": is_dpo(notice.incident, request.user),
        # the required answers missing on an authority notice's form, to acknowledge when it goes on without them
        "required_missing": acknowledgement.missing_required(notice)
        if notice.status in (Notice.Status.DRAFT, Notice.Status.AWAITING_APPROVAL, Notice.Status.APPROVED)
        else [],
        "audience": selectors.notice_audience(notice) if notice.kind == Notice.Kind.SUBJECTS else None,
        "edit_form": forms.get("edit_form")
        or (NoticeEditForm(notice=notice) if notice.status == Notice.Status.DRAFT else None),
        "file_form": forms.get("file_form") or FileForm(),
        "public_url": request.build_absolute_uri(f"/public/notices/{notice.root.public_slug}/")
        if notice.root.public_slug
        else "",
    }


@notice_view
def notice_page(request: HttpRequest, notice: Notice) -> HttpResponse:
    return render(request, "notifications/notice.html", _notice_context(request, notice))


@notice_view
def notice_progress(request: HttpRequest, notice: Notice) -> HttpResponse:
    return render(
        request, "notifications/_progress.html", {"notice": notice, "progress": _progress(request, notice)}
    )


def _progress(request: HttpRequest, notice: Notice) -> dict:
    """The outbox's counts and its throughput: on average since the notice was released, and — when the page
    polls — over the last interval, from the count and time of the previous poll that it sends back."""
    progress: dict = delivery.progress(notice.pk)
    if notice.kind == Notice.Kind.SUBJECTS and notice.status == Notice.Status.FAILED:
        # asked once it has ended (not at every poll while sending): who on the list no message could reach
        progress["unreachable"] = delivery.problem_count(
            notice.incident_id, Audience.from_content(notice.content)
        )
    now = timezone.now()
    progress["per_second"] = delivery.throughput(notice, progress["sent"], now)
    progress["sampled_at"] = f"{now.timestamp():.3f}"
    progress["recent_per_second"] = None
    try:
        before, at = int(request.GET["sent"]), float(request.GET["at"])
    except (KeyError, ValueError):
        return progress  # the first look at the page: no earlier sample
    seconds = now.timestamp() - at
    if 0 < seconds < 600 and 0 <= before <= progress["sent"]:
        progress["recent_per_second"] = (progress["sent"] - before) / seconds
    return progress


@require_POST
@notice_view
def notice_edit(request: HttpRequest, notice: Notice) -> HttpResponse:
    form = NoticeEditForm(request.POST, notice=notice)
    if form.is_valid():
        try:
            services.notice_edit(actor=request.user, notice_id=notice.pk, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            return _done(request, notice, exc=exc)
        else:
            return _done(request, notice, _("Saved."))
    return render(
        request, "notifications/notice.html", _notice_context(request, notice, edit_form=form), status=400
    )


@require_POST
@notice_view
def notice_file(request: HttpRequest, notice: Notice) -> HttpResponse:
    form = FileForm(request.POST)
    if form.is_valid():
        try:
            services.notice_file(actor=request.user, notice_id=notice.pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            return _done(request, notice, exc=exc)
        else:
            return _done(request, notice, _("Filing recorded with the authority's reference."))
    return render(
        request, "notifications/notice.html", _notice_context(request, notice, file_form=form), status=400
    )


ACTIONS = {
    "submit": (services.notice_submit, _("Submitted for approval by a DPO.")),
    "approve": (services.notice_approve, _("Approved. The content is frozen: this is what goes out.")),
    "revise": (services.notice_revise, _("Back to draft; it needs a new approval.")),
    "refresh": (services.notice_refresh, _("The facts in the draft are refreshed from the incident.")),
    "send": (services.notice_send, _("Sending started.")),
    "retry": (services.notice_retry, _("The failed deliveries are tried again.")),
    "publish": (services.notice_publish, _("Done: the public page is updated.")),
    "follow_up": (services.notice_follow_up, _("Follow-up drafted with the facts as they are now.")),
}
ACKNOWLEDGING = ("submit", "approve")  # may go on with missing answers, acknowledged (Art. 33(4))
REASON_ACTIONS = {
    "return": (services.notice_return, _("Returned to the drafter.")),
    "withdraw": (services.notice_withdraw, _("Withdrawal drafted; it is approved and filed like a notice.")),
}


@require_POST
@notice_view
def notice_action(request: HttpRequest, notice: Notice, action: str) -> HttpResponse:
    if action in REASON_ACTIONS:
        service, message = REASON_ACTIONS[action]
        kwargs = {"reason": request.POST.get("reason", "")}
    elif action in ACTIONS:
        service, message = ACTIONS[action]
        kwargs = {}
        if action in ACKNOWLEDGING:
            kwargs["acknowledge_missing"] = request.POST.get("acknowledge_missing") == "1"
    else:
        raise Http404(_("No such action."))
    try:
        result = service(actor=request.user, notice_id=notice.pk, **kwargs)
    except (ValidationError, DomainError) as exc:
        return _done(request, notice, exc=exc)
    return _done(request, result, message)


# --- affected people ---------------------------------------------------------------------------------------------


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
                services_subjects.subjects_import_start(
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
                return redirect("notifications:subjects", pk=incident.pk)
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
            initial = {name: getattr(person, name) for name in services_subjects.EDITABLE}
            row["correct"] = (bound or {}).get(("correct", person.pk)) or SubjectCorrectForm(
                initial=initial, auto_id=f"p{person.pk}_%s"
            )
            row["exclude"] = (bound or {}).get(("exclude", person.pk)) or SubjectExcludeForm(
                auto_id=f"x{person.pk}_%s"
            )
        problems.append(row)
    return render(
        request,
        "notifications/subjects.html",
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
    from notifications.models import AffectedSubject

    return str(AffectedSubject._meta.get_field(name).verbose_name) if name else ""


def _subject_act(request: HttpRequest, incident: Incident, subject_id: int, act: str) -> HttpResponse:
    """A DPO's correction or exclusion of one person on the list (the same form handling for both)."""
    form_class, prefix, service, done = {
        "correct": (
            SubjectCorrectForm,
            "p",
            services_subjects.subject_correct,
            _("The person is corrected."),
        ),
        "exclude": (
            SubjectExcludeForm,
            "x",
            services_subjects.subject_exclude,
            _("The person is excluded from the sending, and stays on the list."),
        ),
        "group": (
            SubjectGroupForm,
            "g",
            services_subjects.subject_correct,
            _("The person's group is changed."),
        ),
    }[act]
    form = form_class(request.POST, auto_id=f"{prefix}{subject_id}_%s")
    if form.is_valid():
        try:
            service(actor=request.user, incident_id=incident.pk, subject_id=subject_id, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            return _refused(request, incident, exc)
        else:
            messages.success(request, done)
            return redirect("notifications:subjects", pk=incident.pk)
    return _subjects_page(request, incident, SubjectsUploadForm(), {(act, subject_id): form})


@require_POST
@incident_view
def subject_correct(request: HttpRequest, incident: Incident, subject_id: int) -> HttpResponse:
    return _subject_act(request, incident, subject_id, "correct")


@require_POST
@incident_view
def subject_exclude(request: HttpRequest, incident: Incident, subject_id: int) -> HttpResponse:
    return _subject_act(request, incident, subject_id, "exclude")


@require_POST
@incident_view
def subject_group(request: HttpRequest, incident: Incident, subject_id: int) -> HttpResponse:
    return _subject_act(request, incident, subject_id, "group")


@require_POST
@incident_view
def subjects_group_blank(request: HttpRequest, incident: Incident) -> HttpResponse:
    """A DPO puts everyone without a group into one of the assessment's groups."""
    labels = [g.label for g in audience_of(incident).groups]
    form = SubjectsGroupBlankForm(request.POST, labels=labels)
    if form.is_valid():
        try:
            count = services_subjects.subjects_group_blank(
                actor=request.user, incident_id=incident.pk, group=form.cleaned_data["group"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            return _refused(request, incident, exc)
        else:
            said = ngettext(
                "%(n)d person without a group is now in “%(group)s”.",
                "%(n)d people without a group are now in “%(group)s”.",
                count,
            )
            messages.success(request, said % {"n": count, "group": form.cleaned_data["group"]})
            return redirect("notifications:subjects", pk=incident.pk)
    return _subjects_page(request, incident, SubjectsUploadForm(), {("group_blank", 0): form})


def _refused(request: HttpRequest, incident: Incident, exc: DomainError) -> HttpResponse:
    if exc.status == 404:
        raise Http404(exc.message)
    messages.error(request, exc.message)
    return redirect("notifications:subjects", pk=incident.pk)


@incident_view
def subjects_imports(request: HttpRequest, incident: Incident) -> HttpResponse:
    return render(
        request,
        "notifications/_imports.html",
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
def subjects_purge(request: HttpRequest, incident: Incident) -> HttpResponse:
    try:
        purged = services_subjects.subjects_purge(actor=request.user, incident_id=incident.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The list is purged (%(n)d people).") % {"n": purged})
    return redirect("notifications:subjects", pk=incident.pk)


# --- the public page ---------------------------------------------------------------------------------------------


def public_notice(request: HttpRequest, slug: str) -> HttpResponse:
    notice = selectors.public_notice(slug)
    if notice is None or notice.status != Notice.Status.PUBLISHED:
        raise Http404(_("No such notice."))
    latest = notice.phases.filter(status=Notice.Status.PUBLISHED).order_by("-id").first() or notice
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    texts = latest.content.get("texts", {})
    chosen = texts.get(language) or texts.get(notice.language) or next(iter(texts.values()), {})
    response = render(
        request,
        "notifications/public.html",
        {
            "notice": notice,
            "latest": latest,
            "texts": chosen,
            "languages": sorted(texts),
            "withdrawal": latest if latest.phase == Notice.Phase.WITHDRAWAL else None,
        },
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- our organisation's details: what every notice needs ------------------------------------------------------


@login_required
def organisation_page(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_for(request.user, pk)
    if organisation is None:
        raise Http404(_("No such organisation."))
    can_edit = role_in(request.user, organisation.pk) == Role.DPO
    form = OrganisationForm(request.POST or None, instance=organisation, prefix="org")
    establishment_form = EstablishmentForm(prefix="est", organisation=organisation)
    if request.method == "POST" and can_edit:
        try:
            if "org-name" in request.POST and form.is_valid():
                incident_services.organisation_update(
                    actor=request.user, organisation_id=organisation.pk, changes=form.cleaned_data
                )
                messages.success(request, _("Saved."))
                return redirect("notifications:organisation", pk=organisation.pk)
            if "est-country" in request.POST:
                establishment_form = EstablishmentForm(request.POST, prefix="est", organisation=organisation)
                if establishment_form.is_valid():
                    services.establishment_save(
                        actor=request.user, organisation_id=organisation.pk, **establishment_form.cleaned_data
                    )
                    return redirect("notifications:organisation", pk=organisation.pk)
            if "remove" in request.POST:
                services.establishment_remove(
                    actor=request.user, organisation_id=organisation.pk, country=request.POST["remove"]
                )
                return redirect("notifications:organisation", pk=organisation.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "notifications/organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "establishment_form": establishment_form,
            "can_edit": can_edit,
            "establishments": organisation.establishments.order_by("-is_main", "country"),
            "profile_missing": profile.missing(organisation),
            "cards": cards_for("organisation", request, organisation=organisation),  # datalek.page_cards
        },
        status=400 if form.errors or establishment_form.errors else 200,
    )


# --- the processor side: our client organisations and the terms of their DPAs ---------------------------------


@login_required
def clients_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The controllers we process for (Art. 28), with the breach terms of each one's agreement."""
    organisation = selectors.organisation_for(request.user, pk)
    if organisation is None:
        raise Http404(_("No such organisation."))
    can_edit = role_in(request.user, organisation.pk) == Role.DPO
    form = ClientCreateForm(request.POST or None)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            client = dpa.client_create(actor=request.user, processor_id=organisation.pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Client added with the default terms (24 hours); set its terms now."))
            return redirect("notifications:client", pk=client.pk)
    clients = [(client, dpa.terms_of(client)) for client in dpa.clients_of(organisation.pk)]
    return render(
        request,
        "notifications/clients.html",
        {"organisation": organisation, "clients": clients, "form": form, "can_edit": can_edit},
        status=400 if form.errors else 200,
    )


@login_required
def client_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        client = dpa.client_get(request.user, pk)
    except DomainError:
        raise Http404(_("No such client organisation.")) from None
    can_edit = role_in(request.user, client.processor_id) == Role.DPO
    ours = ProcessingActivity.objects.active().filter(organisation_id=client.processor_id).order_by("name")
    form = DpaTermsForm(request.POST or None, initial=_terms_initial(client), activities=ours)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            dpa.dpa_terms_save(
                actor=request.user,
                client_id=client.pk,
                changes=form.changes(),
                activity_ids=form.activity_ids(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("notifications:client", pk=client.pk)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "client": client,
        "terms": dpa.terms_of(client),
        "form": form,
        "can_edit": can_edit,
        "activities": dpa.activities_for(client),
    }
    return render(request, "notifications/client.html", context, status=400 if form.errors else 200)


def _terms_initial(client) -> dict:
    terms = dpa.terms_of(client)
    return {
        "name": client.name,
        "alert_hours": terms.alert_hours,
        "contacts": "\n".join(terms.contacts),
        "dpo_name": client.dpo_name,
        "agreement": terms.agreement,
        "language": client.language,
        "sector": client.sector,
        "activities": [str(a.pk) for a in dpa.activities_for(client)],
    }


# --- written instructions of clients (to notify on their behalf) ---------------------------------------------


@incident_view
def instructions_page(request: HttpRequest, incident: Incident) -> HttpResponse:
    clients = incident.client_organisations.order_by("name")
    form = InstructionForm(request.POST or None, request.FILES or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        data, upload = form.cleaned_data, form.cleaned_data["document"]
        try:
            instructions.instruction_record(
                actor=request.user,
                incident_id=incident.pk,
                client_id=data["client"],
                allows=data["allows"],
                given_by=data["given_by"],
                given_at=data["given_at"],
                document_reference=data["document_reference"],
                note=data["note"],
                upload=(upload.name, upload.size, upload) if upload else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The client's written instruction is recorded."))
            return redirect("notifications:instructions", pk=incident.pk)
    context = {
        "incident": incident,
        "instructions": instructions.instructions_of(incident),
        "form": form,
        "revoke_form": RevokeForm(),
        "is_dpo": is_dpo(incident, request.user),
    }
    return render(request, "notifications/instructions.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def instruction_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.instruction_get(request.user, pk)
    if found is None:
        raise Http404(_("No such instruction."))
    form = RevokeForm(request.POST)
    try:
        instructions.instruction_revoke(
            actor=request.user, instruction_id=pk, reason=form.data.get("reason", "")
        )
    except (ValidationError, DomainError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message)
    else:
        messages.success(request, _("The instruction is revoked."))
    return redirect("notifications:instructions", pk=found.incident_id)


@login_required
def alert_deadlines(request: HttpRequest) -> HttpResponse:
    """The alert deadlines of our processor incidents, soonest first: a card for the dashboard (htmx); the team's
    only (404 for a controller client user)."""
    require_team(request)
    return render(
        request, "notifications/_alert_deadlines.html", {"deadlines": dpa.open_deadlines(request.user)}
    )
