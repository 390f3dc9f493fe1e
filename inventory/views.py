"""Web UI of the inventory: the register pages (the DPO edits, the security team reads) and the "Affected
systems" card of the incident page, which the page loads with htmx like the risk panel. Views validate input
with forms and call services."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datalek.csv_files import CONTENT_TYPE
from datalek.errors import DomainError
from datalek.web_errors import domain_errors, found
from incidents.forms import add_service_errors
from incidents.models import Incident, Organisation
from incidents.roles import is_team_member
from incidents.views import incident_view
from inventory import exchange, selectors, services
from inventory.forms import FORMS, AffectedSystemsForm, ImportForm, fact_form
from inventory.models import InventoryRecord, ProcessingActivity, Processor, System
from inventory.provenance import PATH_LABELS, PROPOSED_PATHS

KINDS: dict[str, type[InventoryRecord]] = {
    "systems": System,
    "activities": ProcessingActivity,
    "processors": Processor,
}
KIND_OF = {model: kind for kind, model in KINDS.items()}
SECTION_OF_KIND = {"systems": "systems", "activities": "processing_activities", "processors": "processors"}


def inventory_view(view):
    """Login required, and the organisation resolved for this user (404 for anyone outside it)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, org: str, *args, **kwargs) -> HttpResponse:
        return view(request, found(selectors.organisation_get, request.user, org), *args, **kwargs)

    return wrapper


def _model(kind: str) -> type[InventoryRecord]:
    if kind not in KINDS:
        raise Http404(_("No such list."))
    return KINDS[kind]


def _require_editor(request: HttpRequest, organisation: Organisation) -> None:
    if not selectors.can_edit(request.user, organisation):
        raise PermissionDenied(_("Only the DPO edits the inventory; the security team reads it."))


@login_required
def inventory_index(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.inventory_organisations(request.user))
    if not organisations:
        raise Http404(_("No inventory to show."))
    if len(organisations) == 1:
        return redirect("inventory:list", org=organisations[0].slug, kind="systems")
    return render(request, "inventory/index.html", {"organisations": organisations})


@inventory_view
def organisation_home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return redirect("inventory:list", org=organisation.slug, kind="systems")


@inventory_view
def record_list(request: HttpRequest, organisation: Organisation, kind: str) -> HttpResponse:
    model = _model(kind)
    context = {
        "organisation": organisation,
        "kind": kind,
        "records": selectors.record_list(model, organisation),
        "can_edit": selectors.can_edit(request.user, organisation),
        "changes": selectors.recent_changes(organisation, limit=10),
        "organisations": selectors.inventory_organisations(request.user),
    }
    return render(request, f"inventory/{kind}.html", context)


def _record_or_404(model: type[InventoryRecord], organisation: Organisation, pk: int) -> InventoryRecord:
    record = selectors.records_of(model, organisation).filter(pk=pk).first()
    if record is None:
        raise Http404(_("No such record."))
    return record


@inventory_view
def record_edit(
    request: HttpRequest, organisation: Organisation, kind: str, pk: int | None = None
) -> HttpResponse:
    model = _model(kind)
    _require_editor(request, organisation)
    record = _record_or_404(model, organisation, pk) if pk else None
    form = FORMS[model](request.POST or None, instance=record, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            if record is None:
                services.record_create(
                    actor=request.user, organisation=organisation, model=model, values=form.values()
                )
            else:
                services.record_update(
                    actor=request.user, model=model, record_id=record.pk, values=form.values()
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved to the inventory."))
            return redirect("inventory:list", org=organisation.slug, kind=kind)
    context = {"organisation": organisation, "kind": kind, "form": form, "record": record}
    return render(request, "inventory/form.html", context, status=400 if form.errors else 200)


def _list_url(request: HttpRequest, organisation: Organisation, kind: str, **kwargs) -> str:
    return reverse("inventory:list", kwargs={"org": organisation.slug, "kind": kind})


@require_POST
@inventory_view
@domain_errors(back=_list_url)
def record_action(
    request: HttpRequest, organisation: Organisation, kind: str, pk: int, action: str
) -> HttpResponse:
    """Archive, restore or delete a record (the DPO). A record in use cannot be deleted: archive it."""
    model = _model(kind)
    if action not in ("archive", "restore", "delete"):
        raise Http404(_("No such action."))
    _require_editor(request, organisation)
    record = _record_or_404(model, organisation, pk)
    if action == "delete":
        services.record_delete(actor=request.user, model=model, record_id=record.pk)
        messages.success(request, _("“%(name)s” deleted.") % {"name": record.name})
    else:
        archived = action == "archive"
        services.record_archive(actor=request.user, model=model, record_id=record.pk, archived=archived)
        done = _("“%(name)s” archived.") if archived else _("“%(name)s” restored.")
        messages.success(request, done % {"name": record.name})
    return redirect(_list_url(request, organisation, kind))


@inventory_view
def inventory_export(
    request: HttpRequest, organisation: Organisation, fmt: str, kind: str = ""
) -> HttpResponse:
    _require_editor(request, organisation)
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "csv":
        section = SECTION_OF_KIND.get(kind)
        if section is None:
            raise Http404(_("No such list."))
        response = HttpResponse(exchange.export_csv(organisation, section), content_type=CONTENT_TYPE)
        filename = f"inventory-{organisation.slug}-{kind}-{stamp}.csv"
    else:
        document = exchange.export_document(organisation, exported_at=timezone.now())
        response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
        filename = f"inventory-{organisation.slug}-{stamp}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@inventory_view
def inventory_import(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require_editor(request, organisation)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        try:
            result = services.inventory_import(
                actor=request.user,
                organisation=organisation,
                document=_read_upload(form.cleaned_data["file"]),
            )
        except ValidationError as exc:
            problems = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
        else:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                % result.as_dict(),
            )
            return redirect("inventory:list", org=organisation.slug, kind="systems")
    context = {"organisation": organisation, "form": form, "problems": problems}
    return render(request, "inventory/import.html", context, status=400 if problems or form.errors else 200)


def _read_upload(upload) -> object:
    if upload.size > ImportForm.MAX_BYTES:
        raise ValidationError({"file": [_("The file is larger than 5 MB.")]})
    try:
        return json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValidationError({"file": [_("This is not a JSON file: %(error)s") % {"error": exc}]}) from exc


# --- the incident page's "Affected systems" card ----------------------------------------------------------


def _card(
    request: HttpRequest, incident: Incident, *, form: AffectedSystemsForm | None = None, status: int = 200
):
    links = list(selectors.affected_systems(incident))
    rows = selectors.fact_provenance(incident)
    can_work = is_team_member(incident, request.user) and incident.status != Incident.Status.CLOSED
    facts = [
        {
            "row": row,
            "confirm_form": fact_form(incident, path),
            "correct_form": fact_form(incident, path, correct=True, current=row.value),
        }
        for path, row in rows.items()
    ]
    context = {
        "incident": incident,
        "links": links,
        "facts": facts,
        "stale": bool(links or rows) and selectors.proposal_is_stale(incident, rows),
        "can_work": can_work,
        "form": form or _systems_form(incident, [link.system for link in links]),
    }
    template = (
        "inventory/_incident_card.html"
        if request.headers.get("HX-Request")
        else "inventory/incident_page.html"
    )
    return render(request, template, context, status=status)


def _systems_form(incident: Incident, current: list[System]) -> AffectedSystemsForm:
    return AffectedSystemsForm(incident=incident, current=current, initial={"systems": current})


def _card_url(request: HttpRequest, incident: Incident) -> str:
    """Back to the card on the incident page."""
    return incident.get_absolute_url() + "#affected-systems"


def _fact_url(request: HttpRequest, incident: Incident) -> str:
    """Back to the card — or to the risk panel, where a fact was confirmed from there."""
    anchor = "#risk" if request.POST.get("next") == "risk" else "#affected-systems"
    return incident.get_absolute_url() + anchor


@incident_view
@domain_errors(back=_card_url)
def incident_systems(request: HttpRequest, incident: Incident) -> HttpResponse:
    if request.method != "POST":
        return _card(request, incident)
    current = [link.system for link in selectors.affected_systems(incident)]
    form = AffectedSystemsForm(request.POST, incident=incident, current=current)
    if form.is_valid():
        try:
            services.incident_set_affected_systems(
                actor=request.user,
                incident_id=incident.pk,
                system_ids=[s.pk for s in form.cleaned_data["systems"]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Affected systems saved; the proposed facts are marked derived below.")
            )
            return redirect(_card_url(request, incident))
    return _card(request, incident, form=form, status=400)


@require_POST
@incident_view
@domain_errors(back=_card_url)
def incident_propose(request: HttpRequest, incident: Incident) -> HttpResponse:
    services.incident_propose_facts(actor=request.user, incident_id=incident.pk)
    messages.success(
        request, _("The proposed facts are refreshed from the inventory; recorded facts are kept.")
    )
    return redirect(_card_url(request, incident))


@require_POST
@incident_view
@domain_errors(back=_fact_url)
def fact_confirm(request: HttpRequest, incident: Incident) -> HttpResponse:
    """Confirm a derived fact as it is, or (with ``value``) correct it: either way it is recorded as yours."""
    path = request.POST.get("path", "")
    if path not in PROPOSED_PATHS:
        messages.error(request, _("The request was incomplete; nothing changed."))
        return redirect(_card_url(request, incident))
    form = fact_form(incident, path, data=request.POST, correct="correct" in request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_fact_url(request, incident))
    try:
        services.incident_confirm_fact(
            actor=request.user, incident_id=incident.pk, path=path, value=form.value()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Recorded as yours: %(fact)s.") % {"fact": PATH_LABELS[path]})
    return redirect(_fact_url(request, incident))
