"""Demo data for `make run`: two organisations of our own (a Dutch webshop that is a controller, and a Dutch
hosting company that is a processor for two clients), their people, and incidents in different states.

Idempotent: organisations and users are matched by slug/username; incidents are only created the first time.
Everything goes through the services, so the demo incidents have real, verifiable audit trails.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from incidents import services
from incidents.models import Incident, Membership, Organisation, User
from incidents.roles import Role
from risk import services as risk_services

DEMO_PASSWORD = "datalek-demo-2026"  # noqa: S105 - printed on purpose: demo accounts on a local SQLite file

PEOPLE = [
    # username, first, last, organisation slug, role
    ("sanne", "Sanne", "de Vries", "fietsenbaas", Role.SECURITY),
    ("daan", "Daan", "Jansen", "fietsenbaas", Role.DPO),
    ("dora", "Dora", "Bakker", "fietsenbaas", Role.DPO),
    ("pieter", "Pieter", "Smit", "polderhost", Role.SECURITY),
    ("petra", "Petra", "Visser", "polderhost", Role.DPO),
    ("carla", "Carla", "van Dam", "bakkerij-van-dam", Role.CONTROLLER),
]


# The facts every demo assessment starts from; each incident changes what is different about it.
BASE_FACTS = {
    "role": "controller",
    "sector": "retail",
    "nature": ["confidentiality"],
    "confidentiality": "exfiltrated",
    "cause": "internal_accidental",
    "recipients": "known",
    "recipients_count": None,
    "data_categories": ["basic", "contact"],
    "dpc_adjustment": None,
    "subject_categories": ["customers"],
    "subjects_count": 1,
    "identifiability": "maximum",
    "protection": {"encryption": "none", "key_compromised": False, "hashing": "none", "backup": "recent"},
    "availability": {"loss": "none", "duration_hours": None, "impact": "none"},
    "integrity": {"loss": "none", "misused": False},
    "mitigation": {
        "data_retrieved_or_deleted": False,
        "high_risk_no_longer_likely": False,
        "description": "",
    },
    "individual_notice_disproportionate": False,
}


class Command(BaseCommand):
    help = "Load demo organisations, users and incidents (safe to run more than once)."

    def handle(self, *args, **options):
        with transaction.atomic():
            orgs = self._organisations()
            users = self._people(orgs)
            created = 0
            if not Incident.objects.filter(
                organisation__in=[orgs["fietsenbaas"], orgs["polderhost"]]
            ).exists():
                created = self._incidents(orgs, users)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new incidents)."))
        self.stdout.write(f"Log in at http://127.0.0.1:8000/ with any of these (password: {DEMO_PASSWORD}):")
        for username, first, last, slug, role in PEOPLE:
            self.stdout.write(f"  {username:<8} {first + ' ' + last:<18} {role.label:<26} {orgs[slug].name}")
        self.stdout.write(f"  {'admin':<8} the Django admin at /admin/ (same password)")

    def _organisations(self) -> dict[str, Organisation]:
        def org(slug: str, **fields) -> Organisation:
            obj, _ = Organisation.objects.update_or_create(slug=slug, defaults=fields)
            return obj

        shop = org(
            "fietsenbaas",
            name="Fietsenbaas B.V.",
            kind=Organisation.Kind.OWN,
            country="NL",
            registration_number="81234567",
        )
        host = org(
            "polderhost",
            name="Polderhost B.V.",
            kind=Organisation.Kind.OWN,
            country="NL",
            registration_number="70123456",
        )
        bakery = org(
            "bakkerij-van-dam",
            name="Bakkerij van Dam",
            kind=Organisation.Kind.CLIENT,
            country="NL",
            processor=host,
            registration_number="60987654",
        )
        dentist = org(
            "tandartspraktijk-zuid",
            name="Tandartspraktijk Zuid",
            kind=Organisation.Kind.CLIENT,
            country="NL",
            processor=host,
            registration_number="55554444",
        )
        return {o.slug: o for o in (shop, host, bakery, dentist)}

    def _people(self, orgs: dict[str, Organisation]) -> dict[str, User]:
        users = {}
        for username, first, last, slug, role in PEOPLE:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@example.nl"},
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.update_or_create(user=user, organisation=orgs[slug], defaults={"role": role})
            users[username] = user
        admin, _ = User.objects.update_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.nl"}
        )
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        return users

    def _incidents(self, orgs: dict[str, Organisation], users: dict[str, User]) -> int:
        now = timezone.now().replace(second=0, microsecond=0)
        h = lambda hours: now - timedelta(hours=hours)  # noqa: E731 - reads best inline below
        shop, host = orgs["fietsenbaas"], orgs["polderhost"]
        sanne, daan, pieter = (users[u] for u in ("sanne", "daan", "pieter"))

        def log(actor, org, steps=(), clients=(), **facts):
            incident = services.incident_create(actor=actor, organisation=org, facts=facts, clients=clients)
            for step in steps:
                step(incident)
            return incident

        def move(actor, name, reason=""):
            return lambda i: services.incident_transition(
                actor=actor, incident_id=i.pk, name=name, reason=reason
            )

        def contain(actor, **values):
            return lambda i: services.incident_update(actor=actor, incident_id=i.pk, changes=values)

        def assess(actor, finalise=True, **facts):
            def step(incident):
                risk_services.assessment_run(
                    actor=actor,
                    incident_id=incident.pk,
                    facts={**BASE_FACTS, "role": incident.our_role, **facts},
                )
                if finalise:
                    risk_services.assessment_finalise(actor=actor, incident_id=incident.pk)

            return step

        def decide(actor, **position):
            return lambda i: risk_services.assessment_decide(
                actor=actor, incident_id=i.pk, agree=not position, **position
            )

        log(
            sanne,
            shop,
            title="Backup disk of the order database missing",
            description="The weekly offsite backup disk (orders 2023–2026: names, addresses, order history) did not "
            "arrive at the vault. Courier is tracing it.",
            occurrence="unknown",
            detected_at=h(82),
            aware_at=h(80),
            aware_established_by="Sanne de Vries (security)",
            aware_justification="Vault confirmed by phone at 09:10 that the disk was never received; courier "
            "tracking shows no delivery scan.",
            discovery_channel="own_detection",
            systems_affected="Offsite backup (orders database)",
        )

        log(
            sanne,
            shop,
            steps=[
                move(sanne, "start_triage"),
                move(sanne, "confirm_breach", "Order overview with 14 customers' addresses."),
            ],
            title="Order overview e-mailed to the wrong customer",
            description="A customer-service agent attached another customer's order overview (name, address, "
            "ordered items) to a reply.",
            occurrence="period",
            occurred_from=h(71),
            occurred_until=h(71),
            detected_at=h(70),
            aware_at=h(69),
            aware_established_by="Head of customer service",
            aware_justification="The recipient replied that she received someone else's order overview.",
            discovery_channel="data_subject",
            systems_affected="Zendesk support mailbox",
        )

        log(
            sanne,
            shop,
            steps=[
                move(sanne, "start_triage"),
                move(sanne, "confirm_breach"),
                contain(
                    sanne,
                    containment_status="ongoing",
                    containment_plan="Reset all passwords of the marketing team, revoke the attacker's session, "
                    "enforce MFA on the newsletter tool by tomorrow 12:00.",
                ),
                move(sanne, "start_assessment"),
                assess(
                    sanne,
                    finalise=False,
                    summary="Newsletter list exported after a phishing attack.",
                    confidentiality="exfiltrated",
                    cause="external_malicious",
                    recipients="unknown",
                    data_categories=["basic", "contact"],
                    subject_categories=["subscribers"],
                    subjects_count=48000,
                    identifiability="significant",
                ),
            ],
            title="Phishing: newsletter subscriber list exported",
            description="A marketing employee entered credentials on a fake login page; the attacker exported the "
            "subscriber list (about 48,000 e-mail addresses and first names).",
            occurrence="period",
            occurred_from=h(34),
            occurred_until=h(33),
            detected_at=h(31),
            aware_at=h(30),
            aware_established_by="Sanne de Vries (security)",
            aware_justification="Audit log of the newsletter tool shows an export from an unknown IP in Lagos.",
            discovery_channel="own_detection",
            systems_affected="Newsletter tool (SaaS)",
        )

        log(
            sanne,
            shop,
            steps=[
                move(sanne, "start_triage"),
                move(
                    daan,
                    "close_not_breach",
                    "Scan only; WAF logs show no request reached the application or database.",
                ),
            ],
            title="Port scan against the web shop",
            occurrence="period",
            occurred_from=h(200),
            occurred_until=h(199),
            description="Intrusion detection reported a port scan from a cloud provider's IP range.",
            detected_at=h(198),
            aware_at=h(197),
            aware_established_by="Sanne de Vries (security)",
            aware_justification="IDS alert 4471.",
            discovery_channel="own_detection",
            systems_affected="Web front-end",
        )

        log(
            sanne,
            shop,
            steps=[
                move(sanne, "start_triage"),
                move(sanne, "confirm_breach"),
                contain(
                    sanne,
                    containment_status="contained",
                    contained_at=h(118),
                    containment_measures="Laptop remotely wiped; disk encryption (BitLocker, TPM+PIN) verified.",
                ),
                move(sanne, "start_assessment"),
                assess(
                    sanne,
                    summary="Encrypted laptop stolen; remote wipe confirmed.",
                    nature=["confidentiality", "availability"],
                    confidentiality="unknown",
                    cause="external_malicious",
                    recipients="unknown",
                    subjects_count=1200,
                    protection={**BASE_FACTS["protection"], "encryption": "state_of_the_art"},
                    availability={"loss": "temporary", "duration_hours": 2, "impact": "none"},
                    mitigation={**BASE_FACTS["mitigation"], "description": "Remote wipe confirmed."},
                ),
                decide(daan),
                move(daan, "approve"),
                move(daan, "close", "No notification required; documented in the register (Art. 33(5))."),
            ],
            title="Laptop stolen from a car",
            occurrence="period",
            occurred_from=h(122),
            occurred_until=h(122),
            description="An encrypted company laptop with customer-service exports was stolen from a parked car.",
            detected_at=h(121),
            aware_at=h(120),
            aware_established_by="Daan Jansen (DPO)",
            aware_justification="Police report filed by the employee.",
            discovery_channel="own_detection",
            systems_affected="Laptop CS-07",
        )

        log(
            pieter,
            host,
            clients=[orgs["bakkerij-van-dam"], orgs["tandartspraktijk-zuid"]],
            steps=[
                move(pieter, "start_triage"),
                move(pieter, "confirm_breach"),
                contain(
                    pieter,
                    containment_status="contained",
                    contained_at=h(10),
                    containment_measures="Mailbox password reset, MFA enforced, forwarding rule removed.",
                ),
                move(pieter, "start_assessment"),
                assess(
                    pieter,
                    summary="Client exports in a mailbox an attacker read for three days.",
                    sector="other",
                    confidentiality="likely",
                    cause="external_malicious",
                    recipients="unknown",
                    data_categories=["basic", "contact", "health"],
                    subject_categories=["patients", "customers"],
                    subjects_count=3400,
                ),
            ],
            title="Support mailbox accessed by an attacker",
            our_role="processor",
            description="An attacker had access to the shared support mailbox, which holds exports that clients "
            "sent us for migrations.",
            occurrence="period",
            occurred_from=h(90),
            occurred_until=h(12),
            detected_at=h(14),
            aware_at=h(13),
            aware_established_by="Pieter Smit (security)",
            aware_justification="Sign-in logs show logins from an unknown ASN; a forwarding rule to a Gmail "
            "address was found.",
            discovery_channel="own_detection",
            systems_affected="Microsoft 365 shared mailbox support@polderhost.nl",
        )
        return 6
