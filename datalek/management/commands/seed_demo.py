"""Demo data for `make run`: two organisations of our own (a Dutch webshop that is a controller, and a Dutch
hosting company that is a processor for two clients), their people, their inventories (systems, processing
activities, processors) and incidents in different states, linked to the systems they hit.

Idempotent: organisations and users are matched by slug/username; the inventories are imported, matching by
name (a second import changes nothing); incidents are only created the first time, and demo incidents of an
earlier run that have no affected systems yet are linked to theirs. Everything goes through the services, so
the demo incidents have real, verifiable audit trails.

The processor side: Polderhost's clients have the breach terms of their DPAs (Bakkerij van Dam 24 hours,
Tandartspraktijk Zuid 48 hours); its mailbox incident, waiting for the DPO's approval, has its alert to Bakkerij van
Dam sent — so Carla sees it in her portal — and the alert to Tandartspraktijk Zuid waiting for approval.
Each of these steps is only taken when it has not been taken yet.

The authority side: Fietsenbaas's credential-stuffing incident is decided (high risk) and approved; its initial
notice to the AP was drafted by Sanne, approved by Dora (four eyes) and filed by Daan with the AP's reference — so the
AP document and the notice page can be seen at once. Also created when missing, on a database seeded before it.

Groups of people (breach facts v2): Fietsenbaas's file-server incident is being assessed with two groups — the 1,200
customers in an export an attacker may have read (contact data: a risk, not a high one) and the one customer whose
medical note was in the same export (health data: high risk, to be told) — so the form by groups and the verdict of
each group can be seen. Also created when missing.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from delivery import services as delivery_services
from incidents import services
from incidents.models import Incident, Membership, Organisation, User
from incidents.roles import Role
from inventory import services as inventory_services
from inventory.models import ProcessingActivity, System
from notifications import services as notice_services
from notifications.models import Notice
from portal import services as portal_services
from portal.models import Question
from processors import services as dpa
from reports import services as report_services
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


def link_systems(actor: User, incident: Incident, names) -> None:
    """The team picks the affected systems; the inventory proposes the facts (derived until confirmed)."""
    ids = list(
        System.objects.filter(organisation_id=incident.organisation_id, name__in=names).values_list(
            "id", flat=True
        )
    )
    inventory_services.incident_set_affected_systems(actor=actor, incident_id=incident.pk, system_ids=ids)


# The road of a demo incident: ``log`` creates it and takes its steps in order, each a function of the incident.


def log(actor, org, steps=(), clients=(), **facts):
    incident = services.incident_create(actor=actor, organisation=org, facts=facts, clients=clients)
    for step in steps:
        step(incident)
    return incident


def move(actor, name, reason=""):
    return lambda i: services.incident_transition(actor=actor, incident_id=i.pk, name=name, reason=reason)


def link(actor, *systems):
    return lambda i: link_systems(actor, i, systems)


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


PEOPLE_FIELDS = (
    "data_categories",
    "dpc_adjustment",
    "subject_categories",
    "subjects_count",
    "identifiability",
)


def assess_groups(actor, groups, **facts):
    """Run the assessment on v2 facts: the breach-wide facts of BASE_FACTS with ``facts``, and these groups."""

    def step(incident):
        breach = {k: v for k, v in BASE_FACTS.items() if k not in PEOPLE_FIELDS}
        risk_services.assessment_run(
            actor=actor,
            incident_id=incident.pk,
            facts={"version": 2, **breach, "role": incident.our_role, **facts, "groups": groups},
        )

    return step


def decide(actor, **position):
    return lambda i: risk_services.assessment_decide(
        actor=actor, incident_id=i.pk, agree=not position, **position
    )


BACKUP_DISK = "Backup disk of the order database missing"
WRONG_CUSTOMER = "Order overview e-mailed to the wrong customer"
PHISHING = "Phishing: newsletter subscriber list exported"
LAPTOP = "Laptop stolen from a car"
SUPPORT_MAILBOX = "Support mailbox accessed by an attacker"
CREDENTIAL_STUFFING = "Customer accounts taken over by credential stuffing"
FILE_SERVER = "Customer export on the file server reached by an attacker"

# (organisation, incident title) -> (who picks the systems, the affected systems)
DEMO_LINKS = {
    ("fietsenbaas", BACKUP_DISK): ("sanne", ["Offsite backup disks (orders database)"]),
    ("fietsenbaas", WRONG_CUSTOMER): ("sanne", ["Customer service (Zendesk)"]),
    ("fietsenbaas", PHISHING): ("sanne", ["Newsletter (Laposta)"]),
    ("fietsenbaas", LAPTOP): ("sanne", ["Customer-service laptops"]),
    ("polderhost", SUPPORT_MAILBOX): ("pieter", ["Support mailbox (Microsoft 365)"]),
}


def _system(
    name,
    description,
    owner,
    country,
    hosting_processor=None,
    hosting="",
    protection=("state_of_the_art",) * 2 + ("recent",),
):
    encryption, hashing, backup = protection
    return {
        "name": name,
        "description": description,
        "owner": owner,
        "hosting_processor": hosting_processor,
        "hosting": hosting,
        "country": country,
        "encryption": encryption,
        "hashing": hashing,
        "backup": backup,
    }


def _activity(name, purpose, legal_basis, data, subjects, count, retention, systems, processors, clients=()):
    return {
        "name": name,
        "purpose": purpose,
        "legal_basis": legal_basis,
        "data_categories": data,
        "subject_categories": subjects,
        "subjects_count": count,
        "retention": retention,
        "systems": systems,
        "processors": processors,
        "client_organisations": list(clients),
    }


SHOPIFY, POLDERHOST = "Shopify International Ltd.", "Polderhost B.V."
FIETSENBAAS_INVENTORY = {
    "format": "datalek-inventory",
    "version": 1,
    "processors": [
        {"name": SHOPIFY, "country": "IE", "contact": "privacy@shopify.com · Data Processing Addendum 2024"},
        {
            "name": "Google Cloud Platform",
            "country": "US",
            "role": "sub_processor",
            "parent": SHOPIFY,
            "contact": "Listed in Shopify's sub-processor list; EU-US Data Privacy Framework",
        },
        {"name": "PostNL Pakketten Benelux B.V.", "country": "NL", "contact": "privacy@postnl.nl"},
        {"name": "DHL Parcel Nederland B.V.", "country": "NL", "contact": "privacy.nl@dhl.com"},
        {"name": "Mollie B.V.", "country": "NL", "contact": "privacy@mollie.com"},
        {"name": "Kiyoh B.V.", "country": "NL", "contact": "support@kiyoh.com"},
        {"name": "Laposta B.V.", "country": "NL", "contact": "privacy@laposta.nl"},
        {"name": "Zendesk International Ltd.", "country": "IE", "contact": "privacy@zendesk.com"},
        {
            "name": "Amazon Web Services (Frankfurt)",
            "country": "DE",
            "role": "sub_processor",
            "parent": "Zendesk International Ltd.",
        },
        {"name": POLDERHOST, "country": "NL", "contact": "Petra Visser (DPO), dpo@polderhost.nl"},
        {"name": "Recruitee B.V.", "country": "NL", "contact": "privacy@recruitee.com"},
    ],
    "systems": [
        _system(
            "Webshop (Shopify)",
            "Catalogue, checkout, orders and customer accounts of fietsenbaas.nl.",
            "Head of e-commerce",
            "IE",
            SHOPIFY,
        ),
        _system(
            "Customer portal",
            "portal.fietsenbaas.nl: warranty claims, invoices and registered bikes; passwords hashed with bcrypt.",
            "IT lead",
            "NL",
            POLDERHOST,
            "Managed virtual server, Amsterdam",
            ("weak", "state_of_the_art", "recent"),
        ),
        _system(
            "Web server logs",
            "Access logs of the portal and its API: IP addresses, browsers, pages; kept three months.",
            "IT lead",
            "NL",
            POLDERHOST,
            "Managed virtual server, Amsterdam",
            ("none", "none", "outdated"),
        ),
        _system(
            "Offsite backup disks (orders database)",
            "Weekly disk with an export of the order database, carried by courier to the vault.",
            "IT lead",
            "NL",
            None,
            "Vault of the Utrecht office; courier in between",
            ("none", "state_of_the_art", "recent"),
        ),
        _system(
            "Customer service (Zendesk)",
            "Tickets, e-mail and chat with customers.",
            "Head of customer service",
            "IE",
            "Zendesk International Ltd.",
        ),
        _system(
            "Customer-service laptops",
            "Six Windows laptops with BitLocker (TPM and PIN); agents sometimes keep exports of tickets locally.",
            "Office manager",
            "NL",
            None,
            "On the laptops",
            ("state_of_the_art", "none", "recent"),
        ),
        _system(
            "Newsletter (Laposta)", "Subscriber list and mailings.", "Marketing lead", "NL", "Laposta B.V."
        ),
        _system(
            "Payments (Mollie)",
            "Payment status and refunds; card data stays at Mollie.",
            "Finance",
            "NL",
            "Mollie B.V.",
        ),
        _system(
            "Reviews (Kiyoh)",
            "Review invitations after delivery, and the published reviews.",
            "Marketing lead",
            "NL",
            "Kiyoh B.V.",
        ),
        _system(
            "Recruitment (Recruitee)",
            "Vacancies, letters and CVs of applicants.",
            "Office manager",
            "NL",
            "Recruitee B.V.",
        ),
    ],
    "processing_activities": [
        _activity(
            "Orders and delivery",
            "Take orders for bike parts, deliver them through PostNL or DHL, handle returns and invoices.",
            "contract",
            ["basic", "contact", "financial"],
            ["customers"],
            38000,
            "7 years after the order (fiscal retention duty)",
            ["Webshop (Shopify)", "Offsite backup disks (orders database)"],
            [SHOPIFY, "PostNL Pakketten Benelux B.V.", "DHL Parcel Nederland B.V."],
        ),
        _activity(
            "Payments",
            "Collect payments and pay refunds.",
            "contract",
            ["basic", "contact", "financial"],
            ["customers"],
            38000,
            "7 years (fiscal retention duty)",
            ["Payments (Mollie)"],
            ["Mollie B.V."],
        ),
        _activity(
            "Customer accounts and warranty claims",
            "Let customers see their orders and invoices, register bikes and claim warranty.",
            "contract",
            ["basic", "contact", "credentials", "profile"],
            ["customers"],
            21000,
            "Until the account is closed; warranty claims 2 years after",
            ["Customer portal", "Webshop (Shopify)"],
            [POLDERHOST, SHOPIFY],
        ),
        _activity(
            "Customer service",
            "Answer questions, complaints and returns by e-mail, chat and phone.",
            "contract",
            ["basic", "contact"],
            ["customers"],
            9000,
            "2 years after the last contact",
            ["Customer service (Zendesk)", "Customer-service laptops"],
            ["Zendesk International Ltd."],
        ),
        _activity(
            "Newsletter",
            "Send the monthly newsletter to those who subscribed, and measure opens and clicks.",
            "consent",
            ["basic", "contact", "behavioural"],
            ["subscribers"],
            48000,
            "Until unsubscribed; opens and clicks 12 months",
            ["Newsletter (Laposta)"],
            ["Laposta B.V."],
        ),
        _activity(
            "Product reviews",
            "Invite customers to review their purchase and publish the reviews.",
            "legitimate_interests",
            ["basic", "contact"],
            ["customers"],
            12000,
            "Invitations 30 days; reviews until withdrawn",
            ["Reviews (Kiyoh)"],
            ["Kiyoh B.V."],
        ),
        _activity(
            "Security logging",
            "Detect and investigate attacks on the portal from its access logs (IP addresses).",
            "legitimate_interests",
            ["behavioural"],
            ["users"],
            150000,
            "3 months",
            ["Web server logs"],
            [POLDERHOST],
        ),
        _activity(
            "Job applications",
            "Select applicants for vacancies.",
            "contract",
            ["basic", "contact", "education", "employment"],
            ["job_applicants"],
            60,
            "Two months after the vacancy is filled; a year only with the applicant's consent",
            ["Recruitment (Recruitee)"],
            ["Recruitee B.V."],
        ),
    ],
}

EQUINIX, MICROSOFT, LEASEWEB = (
    "Equinix Netherlands B.V.",
    "Microsoft Ireland Operations Ltd.",
    "Leaseweb Netherlands B.V.",
)
POLDERHOST_INVENTORY = {
    "format": "datalek-inventory",
    "version": 1,
    "processors": [
        {"name": EQUINIX, "country": "NL", "role": "sub_processor", "contact": "Colocation AM3, Amsterdam"},
        {
            "name": MICROSOFT,
            "country": "IE",
            "role": "sub_processor",
            "contact": "Microsoft 365 (EU Data Boundary)",
        },
        {"name": LEASEWEB, "country": "NL", "role": "sub_processor", "contact": "Backup storage, Haarlem"},
        {"name": "Moneybird B.V.", "country": "NL", "contact": "Invoicing of our clients"},
    ],
    "systems": [
        _system(
            "Managed hosting platform",
            "Virtual servers and databases in our racks at Equinix AM3; our clients' web shops and applications.",
            "Operations lead",
            "NL",
            EQUINIX,
            "Own racks, Equinix AM3 Amsterdam",
        ),
        _system(
            "Support mailbox (Microsoft 365)",
            "support@polderhost.nl: support questions, and exports clients send us for migrations.",
            "Support lead",
            "IE",
            MICROSOFT,
        ),
        _system(
            "Offsite backups",
            "Nightly encrypted backups of the hosting platform.",
            "Operations lead",
            "NL",
            LEASEWEB,
        ),
        _system(
            "Client administration (Moneybird)",
            "Contracts and invoices of our clients.",
            "Finance",
            "NL",
            "Moneybird B.V.",
        ),
    ],
    "processing_activities": [
        _activity(
            "Hosting Bakkerij van Dam's web shop",
            "Run the bakery's web shop and order database on our platform, on its instructions (Art. 28 GDPR).",
            "",
            ["basic", "contact", "financial"],
            ["customers"],
            2500,
            "For the term of the contract; deleted 30 days after it ends",
            ["Managed hosting platform", "Offsite backups"],
            [EQUINIX, LEASEWEB],
            ["bakkerij-van-dam"],
        ),
        _activity(
            "Hosting Tandartspraktijk Zuid's patient system",
            "Run the dental practice's patient records and appointment system, on its instructions (Art. 28 GDPR).",
            "",
            ["basic", "contact", "national_id", "health"],
            ["patients"],
            3100,
            "For the term of the contract; the practice decides how long records are kept",
            ["Managed hosting platform", "Offsite backups"],
            [EQUINIX, LEASEWEB],
            ["tandartspraktijk-zuid"],
        ),
        # One activity per client, as Art. 30(2) keeps a processor's records per controller: an incident on the
        # mailbox then tells each client its own part (its people, its data), never the other's.
        _activity(
            "Support and migrations for Bakkerij van Dam",
            "Answer the bakery's support questions and move its web-shop data in migrations; it sometimes e-mails "
            "customer exports.",
            "",
            ["basic", "contact"],
            ["customers"],
            1100,
            "Exports deleted after the migration, at most 30 days",
            ["Support mailbox (Microsoft 365)"],
            [MICROSOFT],
            ["bakkerij-van-dam"],
        ),
        _activity(
            "Support and migrations for Tandartspraktijk Zuid",
            "Answer the practice's support questions and move its patient data in migrations; it sometimes e-mails "
            "patient exports.",
            "",
            ["basic", "contact", "health"],
            ["patients"],
            2300,
            "Exports deleted after the migration, at most 30 days",
            ["Support mailbox (Microsoft 365)"],
            [MICROSOFT],
            ["tandartspraktijk-zuid"],
        ),
        _activity(
            "Client administration",
            "Contracts, invoices and contact with the people at our clients.",
            "contract",
            ["basic", "contact", "financial"],
            ["customers"],
            40,
            "7 years (fiscal retention duty)",
            ["Client administration (Moneybird)"],
            ["Moneybird B.V."],
        ),
    ],
}


# slug, alert hours, addresses for breach alerts, contact person, sector, agreement
DPA_TERMS = [
    (
        "bakkerij-van-dam",
        24,
        ["privacy@bakkerijvandam.example", "carla@example.nl"],
        "Carla van Dam",
        "retail",
        "Verwerkersovereenkomst webshophosting, 1 February 2025, art. 9 (datalekken)",
    ),
    (
        "tandartspraktijk-zuid",
        48,
        ["praktijkmanager@tandartspraktijkzuid.example"],
        "Praktijkmanager",
        "healthcare",
        "Verwerkersovereenkomst hosting patiëntensysteem, 15 September 2024, art. 11",
    ),
]


class Command(BaseCommand):
    help = "Load demo organisations, users and incidents (safe to run more than once)."

    def handle(self, *args, **options):
        with transaction.atomic():
            orgs = self._organisations()
            users = self._people(orgs)
            imported = self._inventories(orgs, users)
            self._retire_shared_activity(orgs, users)
            created = 0
            if not Incident.objects.filter(
                organisation__in=[orgs["fietsenbaas"], orgs["polderhost"]]
            ).exists():
                created = self._incidents(orgs, users)
            self._link_earlier_incidents(orgs, users)
            self._dpa_terms(orgs, users)
            self._alerts(orgs, users)
            created += self._authority_notice(orgs, users)
            created += self._two_groups(orgs, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new incidents, {imported} new inventory records)."
            )
        )
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
            # Ready for the notices: every detail the forms and the letters ask (Polderhost is left without its
            # DPO's registration number and sender, so that the dashboard's checklist shows what is missing).
            address="Stationsstraat 12, 3511 AB Utrecht",
            sector="Detailhandel (webwinkel)",
            dpo_name="Daan Jansen",
            dpo_email="fg@fietsenbaas.example",
            dpo_phone="+31 30 123 4567",
            dpo_registration_number="FG001234",
            sender_name="Fietsenbaas klantenservice",
            sender_email="klantenservice@fietsenbaas.example",
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

    def _inventories(self, orgs: dict[str, Organisation], users: dict[str, User]) -> int:
        created = 0
        for slug, dpo, document in (
            ("fietsenbaas", "daan", FIETSENBAAS_INVENTORY),
            ("polderhost", "petra", POLDERHOST_INVENTORY),
        ):
            result = inventory_services.inventory_import(
                actor=users[dpo], organisation=orgs[slug], document=document
            )
            created += result.created
        return created

    def _retire_shared_activity(self, orgs: dict[str, Organisation], users: dict[str, User]) -> None:
        """Demo data of an earlier version had one support activity for both clients; it is now one per client."""
        old = ProcessingActivity.objects.filter(
            organisation=orgs["polderhost"],
            name="Support and migrations for clients",
            archived_at__isnull=True,
        ).first()
        if old is not None:
            inventory_services.record_archive(
                actor=users["petra"], model=ProcessingActivity, record_id=old.pk
            )

    def _dpa_terms(self, orgs: dict[str, Organisation], users: dict[str, User]) -> None:
        """The breach clauses of Polderhost's two data processing agreements (domain.md §9: 24 and 48 hours)."""
        for slug, hours, contacts, contact, sector, agreement in DPA_TERMS:
            dpa.dpa_terms_save(
                actor=users["petra"],
                client_id=orgs[slug].pk,
                changes={
                    "alert_hours": hours,
                    "contacts": contacts,
                    "dpo_name": contact,
                    "sector": sector,
                    "agreement": agreement,
                },
            )

    def _alerts(self, orgs: dict[str, Organisation], users: dict[str, User]) -> None:
        """Polderhost's mailbox incident waits for its DPO's approval, but a processor alerts its controllers
        without waiting for that (WP250 §II.A.4): the alert to Bakkerij van Dam is approved and sent (Carla's
        portal), the one to Tandartspraktijk Zuid awaits approval, its 48 hours running — each step only if not
        taken yet."""
        incident = Incident.objects.filter(organisation=orgs["polderhost"], title=SUPPORT_MAILBOX).first()
        if incident is None or incident.status not in notice_services.WORKING_STATES:
            return
        pieter, petra = users["pieter"], users["petra"]
        bakery = self._alert(incident, orgs["bakkerij-van-dam"], pieter)
        if bakery.status == Notice.Status.DRAFT:
            bakery = notice_services.notice_submit(actor=pieter, notice_id=bakery.pk)
        if bakery.status == Notice.Status.AWAITING_APPROVAL:
            bakery = notice_services.notice_approve(actor=petra, notice_id=bakery.pk)
        if bakery.status == Notice.Status.APPROVED:
            bakery = delivery_services.notice_send(actor=pieter, notice_id=bakery.pk)
        dentist = self._alert(incident, orgs["tandartspraktijk-zuid"], pieter)
        if dentist.status == Notice.Status.DRAFT:
            notice_services.notice_submit(actor=pieter, notice_id=dentist.pk)
        if not Question.objects.filter(alert=bakery).exists():
            portal_services.question_ask(
                actor=users["carla"],
                alert_id=bakery.pk,
                text="Were the order exports of our web shop in the mailbox too, or only the customer list we "
                "sent for the migration? We need to know before we decide about notifying the AP.",
            )

    def _authority_notice(self, orgs: dict[str, Organisation], users: dict[str, User]) -> int:
        """A decided incident of Fietsenbaas with its initial notice to the AP filed — each step only if not taken
        yet. Returns 1 when the incident was created now."""
        sanne, daan, dora = users["sanne"], users["daan"], users["dora"]
        incident = Incident.objects.filter(
            organisation=orgs["fietsenbaas"], title=CREDENTIAL_STUFFING
        ).first()
        created = incident is None
        if created:
            incident = self._credential_stuffing(orgs["fietsenbaas"], sanne, daan)
        notice = Notice.objects.filter(
            incident=incident, kind=Notice.Kind.AUTHORITY, phase=Notice.Phase.INITIAL, authority="AP"
        ).first()
        if notice is None:
            if incident.status not in notice_services.WORKING_STATES:
                return int(created)
            notice = notice_services.notice_draft(
                actor=sanne, incident_id=incident.pk, kind="authority", authority="AP"
            )
        # What only a person knows goes straight into the AP's form; what is not known yet (the number of records,
        # the people told: nobody yet) follows later, as each step acknowledges (Art. 33(4)).
        if notice.status == Notice.Status.DRAFT:
            report_services.notice_form_record(
                actor=sanne,
                notice_id=notice.pk,
                answers={
                    "3.2.1-function": "Security officer",
                    "3.2.1-phone": "+31 30 123 4500",
                    "5.2": "Hacking, malware (bijv. ransomware) en/of phishing",
                },
            )
            notice = notice_services.notice_submit(actor=sanne, notice_id=notice.pk, acknowledge_missing=True)
        if notice.status == Notice.Status.AWAITING_APPROVAL:
            notice = notice_services.notice_approve(actor=dora, notice_id=notice.pk, acknowledge_missing=True)
        if notice.status == Notice.Status.APPROVED:
            notice_services.notice_file(
                actor=daan,
                notice_id=notice.pk,
                filed_at=timezone.now(),
                reference="AP-2026-104233",
                acknowledge_missing=True,
            )
        return int(created)

    @staticmethod
    def _credential_stuffing(shop: Organisation, sanne: User, daan: User) -> Incident:
        """Logged 40 hours ago, contained, assessed as high risk, agreed and approved by the DPO."""
        now = timezone.now().replace(second=0, microsecond=0)
        h = lambda hours: now - timedelta(hours=hours)  # noqa: E731 - reads best inline below
        incident = log(
            sanne,
            shop,
            steps=[
                move(sanne, "start_triage"),
                move(sanne, "confirm_breach"),
                contain(
                    sanne,
                    containment_status="contained",
                    contained_at=h(38),
                    containment_measures="Passwords of the 312 accounts reset, sessions revoked, login rate limit "
                    "and bot protection switched on.",
                ),
                move(sanne, "start_assessment"),
                assess(
                    sanne,
                    summary="Customer accounts taken over with passwords leaked elsewhere.",
                    confidentiality="exfiltrated",
                    cause="external_malicious",
                    recipients="unknown",
                    data_categories=["basic", "contact", "financial"],
                    subjects_count=312,
                ),
                decide(daan),
                move(daan, "approve"),
            ],
            title=CREDENTIAL_STUFFING,
            description="Attackers logged into 312 customer accounts of the web shop with e-mail addresses "
            "and passwords leaked elsewhere, and saw names, addresses, phone numbers and order histories.",
            occurrence="period",
            occurred_from=h(50),
            occurred_until=h(44),
            detected_at=h(41),
            aware_at=h(40),
            aware_established_by="Sanne de Vries",
            aware_justification="Login monitoring alert 8812: 2,400 failed and 312 successful logins from "
            "one botnet in six hours.",
            discovery_channel="own_detection",
            systems_affected="Webshop (Shopify) customer accounts",
            affected_countries=["NL"],
        )
        incident.refresh_from_db()
        return incident

    def _two_groups(self, orgs: dict[str, Organisation], users: dict[str, User]) -> int:
        """An incident assessed with two groups of people, left as a draft to look at. Returns 1 when created now."""
        shop, sanne = orgs["fietsenbaas"], users["sanne"]
        if Incident.objects.filter(organisation=shop, title=FILE_SERVER).exists():
            return 0
        now = timezone.now().replace(second=0, microsecond=0)
        h = lambda hours: now - timedelta(hours=hours)  # noqa: E731 - reads best inline below
        customer = {
            "subject_categories": ["customers"],
            "identifiability": "maximum",
            "already_public": False,
        }
        log(
            sanne,
            shop,
            steps=[
                move(sanne, "start_triage"),
                move(sanne, "confirm_breach"),
                contain(
                    sanne,
                    containment_status="contained",
                    contained_at=h(20),
                    containment_measures="The attacker's VPN account blocked, the export deleted from the share, "
                    "all VPN passwords reset.",
                ),
                move(sanne, "start_assessment"),
                assess_groups(
                    sanne,
                    [
                        {
                            **customer,
                            "label": "customers",
                            "subjects_count": 1200,
                            "data_categories": ["basic", "contact"],
                        },
                        {
                            **customer,
                            "label": "customer with a medical note",
                            "subjects_count": 1,
                            "data_categories": ["basic", "contact", "health"],
                        },
                    ],
                    summary="An attacker reached the file share holding a customer export; the logs do not show "
                    "whether the export was opened. One customer's medical note was in it.",
                    confidentiality="unknown",
                    cause="external_malicious",
                    recipients="unknown",
                ),
            ],
            title=FILE_SERVER,
            description="With a phished VPN password an attacker reached the office file share for three hours. It "
            "held an export of 1,200 customers (names, e-mail addresses, phone numbers) for a mailing — and, in "
            "the same export, the doctor's note one customer sent for an adapted bicycle.",
            occurrence="period",
            occurred_from=h(30),
            occurred_until=h(27),
            detected_at=h(24),
            aware_at=h(23),
            aware_established_by="Sanne de Vries",
            aware_justification="VPN logs show a login from an unknown address; the share's audit log lists the "
            "folder with the export as browsed.",
            discovery_channel="own_detection",
            systems_affected="Office file share (customer export)",
        )
        return 1

    @staticmethod
    def _alert(incident: Incident, client: Organisation, drafter: User) -> Notice:
        alert = Notice.objects.filter(
            incident=incident, kind=Notice.Kind.CONTROLLER, phase=Notice.Phase.INITIAL, client=client
        ).first()
        if alert is None:
            alert = notice_services.notice_draft(
                actor=drafter, incident_id=incident.pk, kind="controller", client_id=client.pk
            )
        alert.refresh_from_db()
        return alert

    def _link_earlier_incidents(self, orgs: dict[str, Organisation], users: dict[str, User]) -> None:
        """Demo incidents from before the inventory existed get their affected systems (if still open)."""
        for (slug, title), (username, systems) in DEMO_LINKS.items():
            incident = Incident.objects.filter(organisation=orgs[slug], title=title).first()
            if (
                incident
                and incident.status != Incident.Status.CLOSED
                and not incident.inventory_links.exists()
            ):
                link_systems(users[username], incident, systems)

    def _incidents(self, orgs: dict[str, Organisation], users: dict[str, User]) -> int:
        now = timezone.now().replace(second=0, microsecond=0)
        h = lambda hours: now - timedelta(hours=hours)  # noqa: E731 - reads best inline below
        shop, host = orgs["fietsenbaas"], orgs["polderhost"]
        sanne, daan, pieter = (users[u] for u in ("sanne", "daan", "pieter"))

        log(
            sanne,
            shop,
            steps=[link(sanne, *DEMO_LINKS[("fietsenbaas", BACKUP_DISK)][1])],
            title=BACKUP_DISK,
            description="The weekly offsite backup disk (orders 2023–2026: names, addresses, order history) did not "
            "arrive at the vault. Courier is tracing it.",
            occurrence="unknown",
            detected_at=h(82),
            aware_at=h(80),
            aware_established_by="Sanne de Vries",
            aware_justification="Vault confirmed by phone at 09:10 that the disk was never received; courier "
            "tracking shows no delivery scan.",
            discovery_channel="own_detection",
            systems_affected="Offsite backup (orders database)",
        )

        log(
            sanne,
            shop,
            steps=[
                link(sanne, *DEMO_LINKS[("fietsenbaas", WRONG_CUSTOMER)][1]),
                move(sanne, "start_triage"),
                move(sanne, "confirm_breach", "Order overview with 14 customers' addresses."),
            ],
            title=WRONG_CUSTOMER,
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
                link(sanne, *DEMO_LINKS[("fietsenbaas", PHISHING)][1]),
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
            title=PHISHING,
            description="A marketing employee entered credentials on a fake login page; the attacker exported the "
            "subscriber list (about 48,000 e-mail addresses and first names).",
            occurrence="period",
            occurred_from=h(34),
            occurred_until=h(33),
            detected_at=h(31),
            aware_at=h(30),
            aware_established_by="Sanne de Vries",
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
            aware_established_by="Sanne de Vries",
            aware_justification="IDS alert 4471.",
            discovery_channel="own_detection",
            systems_affected="Web front-end",
        )

        log(
            sanne,
            shop,
            steps=[
                link(sanne, *DEMO_LINKS[("fietsenbaas", LAPTOP)][1]),
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
            title=LAPTOP,
            occurrence="period",
            occurred_from=h(122),
            occurred_until=h(122),
            description="An encrypted company laptop with customer-service exports was stolen from a parked car.",
            detected_at=h(121),
            aware_at=h(120),
            aware_established_by="Daan Jansen",
            aware_justification="Police report filed by the employee.",
            discovery_channel="own_detection",
            systems_affected="Laptop CS-07",
        )

        log(
            pieter,
            host,
            clients=[orgs["bakkerij-van-dam"], orgs["tandartspraktijk-zuid"]],
            steps=[
                link(pieter, *DEMO_LINKS[("polderhost", SUPPORT_MAILBOX)][1]),
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
            title=SUPPORT_MAILBOX,
            our_role="processor",
            description="An attacker had access to the shared support mailbox, which holds exports that clients "
            "sent us for migrations.",
            occurrence="period",
            occurred_from=h(90),
            occurred_until=h(12),
            detected_at=h(14),
            aware_at=h(13),
            aware_established_by="Pieter Smit",
            aware_justification="Sign-in logs show logins from an unknown ASN; a forwarding rule to a Gmail "
            "address was found.",
            discovery_channel="own_detection",
            systems_affected="Microsoft 365 shared mailbox support@polderhost.nl",
        )
        return 6
