"""Web UI of the notices: the panel on the incident page, the notice page with its approval road, the list of
affected people, and the public notice page (the only page without a login)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datalek.errors import DomainError
from datalek.page_cards import cards_for
from datalek.web_errors import domain_errors, found
from incidents import services as incident_services
from incidents import workflow
from incidents.forms import add_service_errors
from incidents.models import Incident
from incidents.roles import Role, is_dpo, is_team_member, role_in
from incidents.views import incident_view, require_team
from notifications import (
    acknowledgement,
    client_alerts,
    contributors,
    on_behalf,
    profile,
    selectors,
    services,
)
from notifications import content as build
from notifications.authorities import by_code
from notifications.forms import (
    AuthoritiesForm,
    DraftForm,
    EstablishmentForm,
    FileForm,
    NoticeEditForm,
    OrganisationForm,
)
from notifications.models import Notice
from processors.selectors import instruction_for, organisation_for
from risk import selectors as risk_selectors


def notice_view(view):
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        return view(request, found(selectors.notice_get, request.user, pk), *args, **kwargs)

    return wrapper


def _incident_part(request: HttpRequest, incident: Incident, **kwargs) -> str:
    """Where a refused step on the incident's notifications goes back to (datalek.web_errors)."""
    return incident.get_absolute_url() + "#notifications"


def _back_to_incident(incident: Incident) -> HttpResponse:
    return redirect(_incident_part(None, incident))


def _notice_page(request: HttpRequest, notice: Notice, *args, **kwargs) -> str:
    """Where a refused step on a notice goes back to (datalek.web_errors): its page."""
    return reverse("notifications:notice", args=[notice.pk])


def _done(
    request: HttpRequest, notice: Notice, message: str = "", exc: ValidationError | None = None
) -> HttpResponse:
    if exc is not None:
        messages.error(request, " ".join(exc.messages))
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
        authority = instruction_for(incident, client, Notice.Kind.AUTHORITY)
        subjects = instruction_for(incident, client, Notice.Kind.SUBJECTS)
        codes = on_behalf.client_authorities(incident, client).codes if authority else ()
        rows.append({"client": client, "authorities": codes, "subjects": subjects is not None})
    return rows


@require_POST
@incident_view
@domain_errors(back=_incident_part)
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
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The authorities to notify are recorded."))
    return _back_to_incident(incident)


@require_POST
@incident_view
@domain_errors(back=_incident_part)
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
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
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
        "show_progress": notice.status in (Notice.Status.SENDING, Notice.Status.FAILED) or done,
        "done": done,
        "can_follow_up": done and notice.phase != Notice.Phase.WITHDRAWAL,
        "notice": notice,
        "incident": notice.incident,
        "chain": selectors.chain_of(notice),
        "authority": by_code(notice.authority) if notice.authority else None,
        "missing": selectors.missing_answers(notice),
        "changes": build.changes_between(previous.content if previous else None, notice.content),
        "is_dpo": is_dpo(notice.incident, request.user),
        # the required answers missing on an authority notice's form, to acknowledge when it goes on without them
        "required_missing": acknowledgement.missing_required(notice)
        if notice.status in (Notice.Status.DRAFT, Notice.Status.AWAITING_APPROVAL, Notice.Status.APPROVED)
        else [],
        "audience": selectors.notice_audience(notice) if notice.kind == Notice.Kind.SUBJECTS else None,
        "edit_form": forms.get("edit_form")
        or (NoticeEditForm(notice=notice) if notice.status == Notice.Status.DRAFT else None),
        "file_form": forms.get("file_form") or FileForm(),
        # what the apps above add (the outbox: its progress and the send or retry step)
        **contributors.page_parts(request, notice),
        "public_url": request.build_absolute_uri(f"/public/notices/{notice.root.public_slug}/")
        if notice.root.public_slug
        else "",
    }


@notice_view
def notice_page(request: HttpRequest, notice: Notice) -> HttpResponse:
    return render(request, "notifications/notice.html", _notice_context(request, notice))


@require_POST
@notice_view
@domain_errors(back=_notice_page)
def notice_edit(request: HttpRequest, notice: Notice) -> HttpResponse:
    form = NoticeEditForm(request.POST, notice=notice)
    if form.is_valid():
        try:
            services.notice_edit(actor=request.user, notice_id=notice.pk, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, notice, _("Saved."))
    return render(
        request, "notifications/notice.html", _notice_context(request, notice, edit_form=form), status=400
    )


@require_POST
@notice_view
@domain_errors(back=_notice_page)
def notice_file(request: HttpRequest, notice: Notice) -> HttpResponse:
    form = FileForm(request.POST)
    if form.is_valid():
        try:
            services.notice_file(actor=request.user, notice_id=notice.pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
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
@domain_errors(back=_notice_page)
def notice_action(request: HttpRequest, notice: Notice, action: str) -> HttpResponse:
    if action in REASON_ACTIONS:
        service, message = REASON_ACTIONS[action]
        kwargs = {"reason": request.POST.get("reason", "")}
    elif action in ACTIONS:
        service, message = ACTIONS[action]
        kwargs = {}
        if action in ACKNOWLEDGING:
            kwargs["acknowledge_missing"] = request.POST.get("acknowledge_missing") == "1"
    elif action in contributors.steps():  # the outbox's send and retry (``delivery``)
        service, message = contributors.steps()[action]
        kwargs = {}
    else:
        raise Http404(_("No such action."))
    try:
        result = service(actor=request.user, notice_id=notice.pk, **kwargs)
    except ValidationError as exc:
        return _done(request, notice, exc=exc)
    return _done(request, result, message)


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
    organisation = organisation_for(request.user, pk)
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


@login_required
def alert_deadlines(request: HttpRequest) -> HttpResponse:
    """The alert deadlines of our processor incidents, soonest first: a card for the dashboard (htmx); the team's
    only (404 for a controller client user)."""
    require_team(request)
    return render(
        request,
        "notifications/_alert_deadlines.html",
        {"deadlines": client_alerts.open_deadlines(request.user)},
    )
