"""Two organisations of ours, A and B, each with everything a URL can point at, arranged through the services:
incidents in several states (detection, containment, approval, notification, closed), evidence, an affected-people
list with its import (and that import's error report: one row is bad), the inventory (a system, a processing
activity, a processor), a controller client with its DPA terms and a controller user, a processor incident with
the alert to that client sent and a question asked on it, a written instruction, a published public communication,
and a document of every kind: an authority notice's PDF, a batch of letters to the people (rendered, not yet
posted), the breach register's PDF (a document without an incident) and an incident report still queued.

Each organisation's objects carry its own marker in their names (``AARDBEI`` for A, ``BOSBES`` for B) and their own
distinctive counts, so a test can tell whether anything of one organisation reached the other's people.

The world is made once per test module (the ``trust_world`` fixture in tests/trust/conftest.py) inside a transaction
rolled back at the end; each test runs in a savepoint inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from alerts.models import Webhook
from incidents import services as incident_services
from incidents.models import Incident, IncidentSequence, Organisation, User
from incidents.roles import Role
from inventory import services as inventory_services
from inventory.models import ProcessingActivity, Processor, System
from notifications import services as notice_services
from notifications.models import Establishment
from obligations import services as obligation_services
from obligations.models import Obligation, ObligationReport
from people import subjects
from portal import services as portal_services
from processors import services as processor_services
from reports import services as report_services
from reports.register import Period
from tests.api_tokens import token_for
from tests.evidence_files import minimal_pdf
from tests.inventory.builders import add
from tests.notifications.conftest import HIGH_RISK, decided
from tests.personas import OrganisationFactory, advance, make_incident, member
from tests.portal.conftest import processor_incident, send, send_alert

capture = TestCase.captureOnCommitCallbacks  # runs what the services queue "after commit", as a commit would


@dataclass
class Side:
    """One organisation of ours and everything of it."""

    key: str  # "a" or "b"
    marker: str
    org: Organisation
    client: Organisation
    people: dict[str, User]
    incidents: dict[str, Incident]
    ids: dict[str, int]
    strings: list[str] = field(default_factory=list)
    public_slug: str = ""


@dataclass
class World:
    a: Side
    b: Side
    tokens: dict[str, str]

    def side(self, key: str) -> Side:
        return self.a if key == "a" else self.b

    def user(self, role: str) -> User | None:
        """``security_a``, ``dpo_b``, ``controller_a`` … or ``anonymous`` (None)."""
        if role == "anonymous":
            return None
        name, key = role.rsplit("_", 1)
        return self.side(key).people[name]


SIDES = {
    "a": {
        "marker": "AARDBEI",
        "org": "Aardbei Hosting B.V.",
        "client": "Cliënt Kaasboer Aardbei",
        "subjects": 4111,
        "country": "NL",
        "authority": "AP",
        "first_reference": 100,
    },
    "b": {
        "marker": "BOSBES",
        "org": "Bosbes Webwinkel B.V.",
        "client": "Client Tandarts Bosbes",
        "subjects": 7333,
        "country": "NL",
        "authority": "AP",
        "first_reference": 700,
    },
}

PDF = minimal_pdf()


def _people(org: Organisation, client: Organisation, key: str) -> dict[str, User]:
    return {
        "security": member(org, Role.SECURITY, username=f"security_{key}"),
        "dpo": member(org, Role.DPO, username=f"dpo_{key}"),
        "dpo2": member(org, Role.DPO, username=f"dpo2_{key}"),
        "controller": member(client, Role.CONTROLLER, username=f"controller_{key}"),
    }


def _organisation(key: str) -> tuple[Organisation, Organisation]:
    spec = SIDES[key]
    org = OrganisationFactory(
        name=spec["org"],
        slug=f"{spec['marker'].lower()}-org",
        country=spec["country"],
        registration_number="12345678",
        address=f"{spec['marker'].title()}straat 1, Utrecht",
        dpo_name=f"{spec['marker'].title()} FG",
        dpo_email=f"fg@{spec['marker'].lower()}.example",
        dpo_phone="+31 30 123 4567",
        sector="Hosting",
    )
    Establishment.objects.create(organisation=org, country=spec["country"], is_main=True)
    # Distinct references (DL-2026-0101 for A, DL-2026-0701 for B), so that one can be told from the other.
    IncidentSequence.objects.create(
        organisation=org, year=timezone.localtime().year, last_number=spec["first_reference"]
    )
    client = OrganisationFactory(
        name=spec["client"],
        slug=f"{spec['marker'].lower()}-client",
        kind=Organisation.Kind.CLIENT,
        processor=org,
    )
    return org, client


def _inventory(side: dict[str, Any], org, client, dpo) -> dict[str, int]:
    marker = side["marker"].title()
    processor = add(dpo, org, Processor, name=f"{marker} Mail Ltd", country="IE")
    system = add(dpo, org, System, name=f"{marker} mailbox", country="NL", hosting_processor=processor)
    activity = add(
        dpo,
        org,
        ProcessingActivity,
        name=f"{marker} support",
        purpose="On the client's instructions (Art. 28).",
        data_categories=["basic", "contact"],
        subject_categories=["customers"],
        subjects_count=side["subjects"],
        systems=[system],
        processors=[processor],
        client_organisations=[client],
    )
    return {"system": system.pk, "activity": activity.pk, "processor": processor.pk}


def build_side(key: str) -> Side:
    spec = SIDES[key]
    marker = spec["marker"]
    org, client = _organisation(key)
    people = _people(org, client, key)
    security, dpo, dpo2 = people["security"], people["dpo"], people["dpo2"]
    processor_services.dpa_terms_save(
        actor=dpo,
        client_id=client.pk,
        changes={"alert_hours": 24, "contacts": [f"privacy@{marker.lower()}.example"]},
    )
    ids = _inventory(spec, org, client, dpo)

    def incident(title: str, **overrides) -> Incident:
        return make_incident(security, org, title=f"{marker} {title}", affected_countries=["NL"], **overrides)

    fresh = incident("laptop stolen from a car")
    containment = advance(incident("phishing mail clicked"), "containment", team=security, dpo=dpo)
    approval = advance(incident("backup tape lost"), "approval", team=security, dpo=dpo)
    closed = advance(incident("mail to wrong customer"), "closed", team=security, dpo=dpo)
    inventory_services.incident_set_affected_systems(
        actor=security, incident_id=fresh.pk, system_ids=[ids["system"]]
    )
    evidence = incident_services.evidence_add(
        actor=security,
        incident_id=fresh.pk,
        name=f"{marker.lower()}-report.pdf",
        size=len(PDF),
        stream=SimpleUploadedFile("report.pdf", PDF),
        description=f"{marker} police report",
    )

    # Notified: an authority notice drafted (and its PDF made), the people on a list, a public communication (the
    # decision asks for all three: Art. 34(3)(c)).
    notified = decided(
        security,
        dpo,
        facts=HIGH_RISK | {"individual_notice_disproportionate": True},
        title=f"{marker} web shop hacked",
        affected_countries=["NL"],
    )
    authority = notice_services.notice_draft(
        actor=security, incident_id=notified.pk, kind="authority", authority=spec["authority"]
    )
    with capture(execute=True):
        document = report_services.document_request(
            actor=security, incident_id=notified.pk, kind="notice", notice_id=authority.pk
        )
    csv = (
        "name;email;postal_address;language\n"
        f"{marker} Jansen;jansen@{marker.lower()}.example;;nl\n"
        f"{marker} de Wit;;Dorpsstraat 2, Utrecht;nl\n"
        f"{marker} Fout;not-an-address;;nl\n"  # a bad row: the import has an error report
    )
    subjects.subjects_import_csv(actor=security, incident_id=notified.pk, data=csv.encode())
    to_people = notice_services.notice_draft(actor=security, incident_id=notified.pk, kind="subjects")
    # Sent: an e-mail to Jansen; a letter waits for De Wit (no e-mail address), printed as a batch of letters.
    send(to_people, security, dpo2, capture)
    with capture(execute=True):
        (letters,) = report_services.letters_request(
            actor=security, incident_id=notified.pk, notice_id=to_people.pk
        )
        register_pdf = report_services.register_request(
            actor=dpo, organisation_id=org.pk, period=Period.default(), language="nl"
        )
    with capture(execute=False):  # never rendered: it stays queued
        queued = report_services.document_request(
            actor=security, incident_id=notified.pk, kind="incident_report", language="en"
        )
    public = notice_services.notice_draft(
        actor=security, incident_id=notified.pk, kind="public", language="nl"
    )
    notice_services.notice_submit(actor=security, notice_id=public.pk, acknowledge_missing=True)
    notice_services.notice_approve(actor=dpo2, notice_id=public.pk, acknowledge_missing=True)
    public = notice_services.notice_publish(actor=security, notice_id=public.pk)

    # The processor side: an incident hitting the client's data, the alert sent, a question asked, an instruction.
    breach = processor_incident(security, dpo, [client], systems=[System.objects.get(pk=ids["system"])])
    Incident.objects.filter(pk=breach.pk).update(title=f"{marker} mailbox breached")
    alert = send_alert(breach, client, security, dpo2, capture)
    question = portal_services.question_ask(
        actor=people["controller"], alert_id=alert.pk, text=f"{marker} question: which orders?"
    )
    instruction = processor_services.instruction_record(
        actor=security,
        incident_id=breach.pk,
        client_id=client.pk,
        allows=["authority"],
        given_by=f"{marker} owner",
        given_at=timezone.now() - timedelta(minutes=5),
        document_reference=f"{marker} e-mail DMS-1",
    )

    incidents = {
        "fresh": fresh,
        "containment": containment,
        "approval": approval,
        "closed": closed,
        "notified": notified,
        "breach": breach,
    }
    for name, item in incidents.items():
        item.refresh_from_db()
        ids[f"incident_{name}"] = item.pk
    job = notified.subject_imports.get()
    ids |= {
        "incident": fresh.pk,
        "evidence": evidence.pk,
        "notice": authority.pk,
        "public_notice": public.pk,
        "subjects_notice": to_people.pk,
        "alert": alert.pk,
        "question": question.pk,
        "instruction": instruction.pk,
        "document": document.pk,
        "letters_document": letters.pk,
        "register_document": register_pdf.pk,
        "queued_document": queued.pk,
        "subject_import": job.pk,
        # The GDPR obligation's report of the fresh incident (its steps follow the notices: refused, never a 5xx).
        "obligation_report": ObligationReport.objects.filter(
            obligation__incident=fresh, obligation__regime="gdpr"
        ).values_list("pk", flat=True)[0],
        # A NIS2 report of the same incident: its document can be made (the GDPR's are the notices' documents).
        "nis2_report": _nis2_report(fresh, org, security, dpo),
        # Its NIS2 obligation: the moments its reports count from are recorded on it.
        "nis2_obligation": Obligation.objects.get(incident=fresh, regime="nis2").pk,
        "subject": notified.affected_subjects.order_by("id").values_list("id", flat=True).first(),
        "organisation": org.pk,
        "client": client.pk,
        "webhook": Webhook.objects.create(
            organisation=org, url="https://hooks.example/", events=["notice.filed"]
        ).pk,
    }
    strings = [
        org.name,
        client.name,
        *(i.reference for i in incidents.values()),
        *(i.title for i in incidents.values()),
    ]
    strings += [str(spec["subjects"]), f"{spec['subjects']:,}", marker]
    public.refresh_from_db()
    return Side(
        key=key,
        marker=marker,
        org=org,
        client=client,
        people=people,
        incidents=incidents,
        ids=ids,
        strings=strings,
        public_slug=public.public_slug,
    )


def build_world() -> World:
    a, b = build_side("a"), build_side("b")
    tokens = {}
    for side in (a, b):
        for name in ("security", "dpo", "controller"):
            tokens[f"{name}_{side.key}"] = token_for(side.people[name])
    return World(a=a, b=b, tokens=tokens)


def mentioned(body: str, strings) -> list[str]:
    """Which of ``strings`` the body names, as whole words (a name may end in a dot: "B.V.")."""
    lowered = body.lower()
    return [s for s in strings if re.search(rf"(?<!\w){re.escape(s.lower())}(?!\w)", lowered)]


def _nis2_report(incident: Incident, org: Organisation, security, dpo) -> int:
    """The organisation an essential entity under NIS2 and the incident significant: its early warning."""
    obligation_services.regime_profile_update(
        actor=dpo, organisation_id=org.pk, values={"nis2_entity": "essential", "countries": ["NL"]}
    )
    obligation_services.regime_answers_record(
        actor=security,
        incident_id=incident.pk,
        regime="nis2",
        answers={"severe_operational_disruption": True},
    )
    return ObligationReport.objects.get(
        obligation__incident=incident, obligation__regime="nis2", code="early_warning"
    ).pk
