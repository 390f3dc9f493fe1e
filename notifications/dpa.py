"""The processor's side of Art. 33(2): our client organisations with the breach terms of their data processing
agreements, and the alert deadline each affected client has in an incident.

Reads and writes of the processor side live here rather than in ``services.py``/``selectors.py`` (which hold the
notices' approval road and pass 700 lines); they follow the same rules: writes own their transaction and check
the role, reads scope to the user's organisations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from datalek.errors import DomainError
from incidents.lock_objects import organisation_lock
from incidents.models import Incident, Organisation, User
from incidents.roles import TEAM_ROLES, Role, role_in, team_organisation_ids
from inventory import services as inventory_services
from inventory.models import ProcessingActivity
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import DEFAULT_ALERT_HOURS, LANGUAGES, DpaTerms, Notice, alert_deadline
from vocabulary.codes import SECTORS

SECTOR_CODES = [code for code, _label in SECTORS]


# --- reads ---------------------------------------------------------------------------------------------------


def clients_of(organisation_id: int) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(kind=Organisation.Kind.CLIENT, processor_id=organisation_id)
        .select_related("dpa_terms")
        .order_by("name")
    )


def client_get(user: User, client_id: int) -> Organisation:
    """A client organisation of one of the user's own organisations (security team or DPO); else not found."""
    client = (
        Organisation.objects.filter(
            pk=client_id, kind=Organisation.Kind.CLIENT, processor_id__in=team_organisation_ids(user)
        )
        .select_related("processor", "dpa_terms")
        .first()
    )
    if client is None:
        raise DomainError(Code.NOT_FOUND, _("No such client organisation."), status=404)
    return client


def terms_of(client: Organisation) -> DpaTerms:
    """The client's terms, or the defaults (unsaved) when none are recorded."""
    try:
        return client.dpa_terms
    except DpaTerms.DoesNotExist:
        return DpaTerms(client=client)


def alert_hours(client: Organisation) -> int:
    return terms_of(client).alert_hours or DEFAULT_ALERT_HOURS


def deadline_for(incident: Incident, client: Organisation) -> datetime:
    """Our awareness (T0) + the hours of the client's DPA: when the client must have our alert (Art. 33(2))."""
    return alert_deadline(incident.aware_at, alert_hours(client))


def alert_recipients(client: Organisation) -> list[str]:
    """The addresses of the DPA terms; without them, the client's contact point (before terms existed)."""
    contacts = list(terms_of(client).contacts)
    return contacts or ([client.dpo_email] if client.dpo_email else [])


def activities_for(client: Organisation) -> QuerySet[ProcessingActivity]:
    """Our processing activities done for this client (the inventory), with the systems that hold its data."""
    return (
        ProcessingActivity.objects.filter(organisation_id=client.processor_id, client_organisations=client)
        .prefetch_related("systems")
        .order_by("name")
    )


@dataclass(frozen=True)
class ClientAlert:
    """One affected client of a processor incident: its deadline and the alert that meets it (or not yet)."""

    client: Organisation
    hours: int
    deadline: datetime
    alert: Notice | None
    phases: tuple[Notice, ...]

    @property
    def released_at(self) -> datetime | None:
        return self.alert.released_at if self.alert else None

    @property
    def on_time(self) -> bool | None:
        return None if self.released_at is None else self.released_at <= self.deadline

    @property
    def running(self) -> bool:
        return self.released_at is None


def client_alerts(incident: Incident) -> list[ClientAlert]:
    """Each affected client with its deadline and alert phases, read in three queries."""
    clients = list(incident.client_organisations.select_related("dpa_terms").order_by("name"))
    notices = Notice.objects.filter(incident=incident, kind=Notice.Kind.CONTROLLER).order_by("id")
    by_client: dict[int, list[Notice]] = {}
    for notice in notices.select_related("drafted_by", "approved_by"):
        by_client.setdefault(notice.client_id, []).append(notice)
    rows = []
    for client in clients:
        chain = by_client.get(client.pk, [])
        initial = next((n for n in chain if n.phase == Notice.Phase.INITIAL), None)
        hours = alert_hours(client)
        rows.append(
            ClientAlert(client, hours, alert_deadline(incident.aware_at, hours), initial, tuple(chain))
        )
    return rows


@dataclass(frozen=True)
class OpenDeadline:
    incident: Incident
    client: Organisation
    deadline: datetime


def open_deadlines(user: User, limit: int = 100) -> list[OpenDeadline]:
    """The alert deadlines still running in the user's organisations (a client affected by an open processor
    incident, its initial alert not out yet), soonest first — what the dashboard shows beside the 72-hour clock."""
    released = Notice.objects.filter(
        incident_id=OuterRef("incident_id"),
        client_id=OuterRef("organisation_id"),
        kind=Notice.Kind.CONTROLLER,
        phase=Notice.Phase.INITIAL,
        released_at__isnull=False,
    )
    links = (
        Incident.client_organisations.through.objects.filter(
            incident__organisation_id__in=team_organisation_ids(user),
            incident__our_role=Incident.OurRole.PROCESSOR,
        )
        .exclude(incident__status=Incident.Status.CLOSED)
        .exclude(incident__notify_controllers=False)
        .exclude(incident__is_personal_data_breach=False)
        .exclude(Exists(released))
        .select_related("incident__organisation", "organisation__dpa_terms")
    )
    rows = [
        OpenDeadline(link.incident, link.organisation, deadline_for(link.incident, link.organisation))
        for link in links
    ]
    return sorted(rows, key=lambda row: row.deadline)[:limit]


# --- writes -------------------------------------------------------------------------------------------------


def _require_dpo(actor: User, organisation_id: int) -> None:
    role = role_in(actor, organisation_id)
    if role not in TEAM_ROLES:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    if role != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only the DPO keeps the client organisations and their terms."), status=403
        )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "client"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def client_create(
    *,
    actor: User,
    processor_id: int,
    name: str,
    country: str = "NL",
    language: str = "nl",
    registration_number: str = "",
) -> Organisation:
    """Add a controller we process for (the DPO of our organisation), with the default terms (24 h)."""
    _require_dpo(actor, processor_id)
    processor = organisation_lock(processor_id)
    if processor.kind != Organisation.Kind.OWN:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    name = (name or "").strip()
    errors = _client_errors(name=name, country=country, language=language)
    if errors:
        raise ValidationError(errors)
    client = Organisation.objects.create(
        name=name,
        slug=_unique_slug(name),
        kind=Organisation.Kind.CLIENT,
        processor=processor,
        country=country.upper(),
        language=language,
        registration_number=(registration_number or "").strip(),
    )
    DpaTerms.objects.create(client=client, updated_by=actor, updated_at=timezone.now())
    return client


def _client_errors(**values: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "name" in values and not values["name"]:
        errors["name"] = [_("Give the client's name.")]
    if "country" in values and (values["country"] or "").upper() not in countries:
        errors["country"] = [_("Not a country code: %(code)s.") % {"code": values["country"] or "—"}]
    if "language" in values and values["language"] not in dict(LANGUAGES):
        errors["language"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(dict(LANGUAGES))}]
    if values.get("sector") and values["sector"] not in SECTOR_CODES:
        errors["sector"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(SECTOR_CODES)}]
    return errors


def _contacts(value: Iterable[str]) -> list[str]:
    contacts = list(dict.fromkeys(a.strip().lower() for a in value if a and a.strip()))
    bad = []
    for address in contacts:
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError({"contacts": [_("Not an e-mail address: %(a)s.") % {"a": ", ".join(bad)}]})
    return contacts


TERMS_FIELDS = ("alert_hours", "contacts", "agreement")
CLIENT_FIELDS = ("name", "language", "sector", "country", "registration_number", "dpo_name")


@transaction.atomic
def dpa_terms_save(
    *, actor: User, client_id: int, changes: Mapping[str, Any], activity_ids: list[int] | None = None
) -> DpaTerms:
    """The DPO records the breach terms of a client's DPA (Art. 28(3)(f)): the alert deadline in hours, the
    addresses for alerts, the agreement; the client's name, language and sector; and — in the inventory —
    which of our processing activities are done for it (so an incident on their systems proposes the client)."""
    client = _locked_client(actor, client_id)
    unknown = set(changes) - set(TERMS_FIELDS) - set(CLIENT_FIELDS)
    if unknown:
        raise ValidationError({f: [_("This field cannot be changed here.")] for f in sorted(unknown)})
    client_changes = {k: v for k, v in changes.items() if k in CLIENT_FIELDS}
    errors = _client_errors(**client_changes)
    if errors:
        raise ValidationError(errors)
    terms = terms_of(client)
    if "contacts" in changes:
        changes = {**changes, "contacts": _contacts(changes["contacts"])}
    for field in TERMS_FIELDS:
        if field in changes:
            setattr(terms, field, changes[field])
    terms.full_clean(exclude=["client", "updated_by"])
    for field, value in client_changes.items():
        setattr(client, field, value.upper() if field == "country" else value)
    client.save()
    terms.updated_by, terms.updated_at = actor, timezone.now()
    terms.save()
    if activity_ids is not None:
        _set_activities(actor, client, activity_ids)
    return terms


def _locked_client(actor: User, client_id: int) -> Organisation:
    client = Organisation.objects.filter(pk=client_id, kind=Organisation.Kind.CLIENT).first()
    if client is None or role_in(actor, client.processor_id) not in TEAM_ROLES:
        raise DomainError(Code.NOT_FOUND, _("No such client organisation."), status=404)
    _require_dpo(actor, client.processor_id)
    return Organisation.objects.select_for_update().get(pk=client_id)


def _set_activities(actor: User, client: Organisation, activity_ids: list[int]) -> None:
    """Through the inventory's own service, so each change is in its change log."""
    ours = ProcessingActivity.objects.active().filter(organisation_id=client.processor_id)
    wanted = set(activity_ids)
    unknown = wanted - set(ours.filter(id__in=wanted).values_list("id", flat=True))
    if unknown:
        raise ValidationError(
            {"activities": [_("Not an activity of our inventory: %(ids)s.") % {"ids": sorted(unknown)}]}
        )
    for activity in ours.prefetch_related("client_organisations"):
        current = {c.id for c in activity.client_organisations.all()}
        has = client.id in current
        if has != (activity.id in wanted):
            clients = (current | {client.id}) if activity.id in wanted else (current - {client.id})
            inventory_services.record_update(
                actor=actor,
                model=ProcessingActivity,
                record_id=activity.id,
                values={"client_organisations": list(Organisation.objects.filter(id__in=clients))},
            )
