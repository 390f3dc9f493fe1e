"""The organisation's profile within reach: what every notice and every message to the people needs from it, what
is still missing, and where exactly each missing thing is filled in.

Two readers:
- the dashboard's checklist of an organisation that is not ready (``checklist``, ``not_ready``);
- a notice's missing lines: ``fix_link(incident, path)`` turns a notice content path (``controller.address``,
  ``timeline.aware_at``, ``breach.nature`` …) into the URL of the page and the form field that fills it.

The anchors are the form fields' own ids (``id_org-address`` on the organisation page, ``id_description`` on the
incident's edit page), so a link lands on the field and the browser focuses it; a test renders each page and finds
every anchor this module links to.

Reads only: nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import capfirst

from datalek.page_cards import Card
from incidents.models import Incident, Organisation
from incidents.roles import Role, roles_by_organisation
from incidents.selectors import team_organisations

# The organisation page's form prefix (notifications/views.py organisation_page): its fields' ids are
# ``id_org-<field>``.
FORM_PREFIX = "org"

# What the dashboard's checklist asks of an organisation, in the order of the organisation page: who we are and
# where (every authority form), the numbers the authorities ask (chamber of commerce; the DPO's registration with
# the authority, AP 3.1.1), the sector (AP 3.1.2, CNIL, EDPB), the contact point every notice and letter needs
# (Art. 33(3)(b), 34(2)(b)), the language of our documents, and who the e-mails to the people come from.
CHECKLIST_FIELDS = (
    "address",
    "registration_number",
    "dpo_registration_number",
    "sector",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "language",
    "sender_name",
    "sender_email",
)

# A notice's content path under ``controller`` → the organisation's field that fills it.
ORGANISATION_PATHS = {
    "controller.name": "name",
    "controller.registration_number": "registration_number",
    "controller.address": "address",
    "controller.sector": "sector",
    "controller.country": "country",
    "controller.dpo_name": "dpo_name",
    "controller.dpo_email": "dpo_email",
    "controller.dpo_phone": "dpo_phone",
    "controller.dpo_registration_number": "dpo_registration_number",
}

# What a client controller's page (notifications/client.html, its DPA terms form) lets us fill for it: the notice
# we make on a client's behalf describes the client as the controller.
CLIENT_FIELDS = frozenset({"name", "sector", "dpo_name", "language"})

# A notice's content path → the incident's field (its edit page) that fills it.
INCIDENT_PATHS = {
    "breach.description": "description",
    "breach.systems": "systems_affected",
    "timeline.occurrence": "occurrence",
    "timeline.occurred_from": "occurred_from",
    "timeline.occurred_until": "occurred_until",
    "timeline.detected_at": "detected_at",
    "timeline.discovery_channel": "discovery_channel",
    "timeline.aware_at": "aware_at",
    "timeline.aware_established_by": "aware_established_by",
    "timeline.aware_justification": "aware_justification",
    "international.countries": "affected_countries",
}

# A notice's content path → the containment field on the incident's page (its "Containment" card).
CONTAINMENT_PATHS = {
    "measures_after.containment_status": "containment_status",
    "measures_after.containment_measures": "containment_measures",
    "measures_after.containment_plan": "containment_plan",
}

# Content paths answered from the breach facts of the risk assessment: filled in on the risk page's facts form.
# (``data.records`` is not among them: no page of ours keeps the number of records.)
FACT_PATHS = frozenset(
    {
        "breach.nature",
        "breach.confidentiality",
        "breach.cause",
        "breach.recipients",
        "data.categories",
        "data.special_categories",
        "subjects.categories",
        "subjects.count",
        "measures_before.encryption",
        "measures_before.key_compromised",
        "measures_before.hashing",
        "measures_before.backup",
        "measures_after.mitigation",
        "consequences.risk",
        "consequences.severity_score",
        "consequences.severity_level",
        "consequences.reasons",
    }
)


@dataclass(frozen=True)
class ProfileLine:
    field: str
    label: str
    filled: bool
    url: str  # the organisation page, at the field

    @property
    def anchor(self) -> str:
        return field_anchor(self.field)


def field_anchor(field: str) -> str:
    """The id of an organisation page's form field."""
    return f"id_{FORM_PREFIX}-{field}"


def organisation_field_url(organisation: Organisation | int, field: str) -> str:
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return f"{reverse('notifications:organisation', args=[pk])}#{field_anchor(field)}"


def _label(field: str) -> str:
    return capfirst(str(Organisation._meta.get_field(field).verbose_name))


def checklist(organisation: Organisation) -> list[ProfileLine]:
    """Every line of the checklist, filled or not, each linking to its field."""
    return [
        ProfileLine(
            field=field,
            label=_label(field),
            filled=bool(str(getattr(organisation, field) or "").strip()),
            url=organisation_field_url(organisation, field),
        )
        for field in CHECKLIST_FIELDS
    ]


def missing(organisation: Organisation) -> list[ProfileLine]:
    return [line for line in checklist(organisation) if not line.filled]


def not_ready(organisations: Iterable[Organisation]) -> list[tuple[Organisation, list[ProfileLine]]]:
    """Of these organisations, the ones whose profile misses something, each with what it misses."""
    found = ((organisation, missing(organisation)) for organisation in organisations)
    return [(organisation, lines) for organisation, lines in found if lines]


def fix_link(incident: Incident, path: str, *, controller: Organisation | None = None) -> str | None:
    """Where a notice's missing answer at ``path`` is filled in: the page and the field, or None where no page of
    ours keeps it (a question only the notice itself answers). ``controller`` is the organisation the notice
    describes as the controller when it is not the incident's own (a notice on a client's behalf)."""
    if path in ORGANISATION_PATHS:
        field = ORGANISATION_PATHS[path]
        if controller is None or controller.pk == incident.organisation_id:
            return organisation_field_url(incident.organisation_id, field)
        if controller.kind == Organisation.Kind.CLIENT and field in CLIENT_FIELDS:
            return f"{reverse('processors:client', args=[controller.pk])}#id_{field}"
        return None
    if path in INCIDENT_PATHS:
        return f"{reverse('incidents:edit', args=[incident.pk])}#id_{INCIDENT_PATHS[path]}"
    if path in CONTAINMENT_PATHS:
        return f"{incident.get_absolute_url()}#id_{CONTAINMENT_PATHS[path]}"
    if path in FACT_PATHS:
        # the facts form is open while the incident is being assessed; later the risk page says how to reassess
        anchor = "facts-form" if incident.status == Incident.Status.ASSESSMENT else "risk-panel"
        return f"{reverse('risk:panel', args=[incident.pk])}#{anchor}"
    return None


def dpo_contact_link(incident: Incident) -> str | None:
    """The people's notice needs the DPO contact (Art. 34(2)(b)): where to fill it while it is incomplete."""
    organisation = incident.organisation
    for field in ("dpo_name", "dpo_email", "dpo_phone"):
        if not str(getattr(organisation, field) or "").strip():
            return organisation_field_url(organisation, field)
    return None


def dashboard_panel(request) -> Card | None:
    """The dashboard's checklist: each of the user's organisations whose profile misses something, with a link
    to each missing field (a card of the dashboard, datalek.page_cards; nothing when every profile is complete)."""
    user = request.user
    organisations = not_ready(team_organisations(user).order_by("name"))
    if not organisations:
        return None
    roles = roles_by_organisation(user)
    return Card(
        "notifications/_profile_checklist.html",
        {
            "organisations": [
                {"organisation": o, "missing": lines, "can_edit": roles.get(o.pk) == Role.DPO}
                for o, lines in organisations
            ]
        },
    )


def editable_organisations(user) -> list[Organisation]:
    """Our organisations whose details this user may change: those where they are the DPO."""
    ids = [pk for pk, role in roles_by_organisation(user).items() if role == Role.DPO]
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.OWN).order_by("name"))
