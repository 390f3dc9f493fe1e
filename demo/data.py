"""The demo's data, as plain Python data: who the organisations and people are, what their inventories hold and
what each demo incident is about. Nothing here touches the database; ``demo.builders`` turns it into rows and the
stories (``demo/stories``) walk each incident through the services.

Times of incidents are given in hours before the seeding (``TIMES``): the demo's clocks always look alive.
"""

DEMO_PASSWORD = "datalek-demo-2026"  # noqa: S105 - printed on purpose: demo accounts on a local SQLite file

# slug -> the organisation's fields; ``processor`` names another organisation by its slug.
ORGANISATIONS = {
    "fietsenbaas": {
        "name": "Fietsenbaas B.V.",
        "kind": "own",
        "country": "NL",
        "registration_number": "81234567",
        # Ready for the notices: every detail the forms and the letters ask (Polderhost is left without its DPO's
        # registration number and sender, so that the dashboard's checklist shows what is missing).
        "address": "Stationsstraat 12, 3511 AB Utrecht",
        "sector": "Detailhandel (webwinkel)",
        "dpo_name": "Daan Jansen",
        "dpo_email": "fg@fietsenbaas.example",
        "dpo_phone": "+31 30 123 4567",
        "dpo_registration_number": "FG001234",
        "sender_name": "Fietsenbaas klantenservice",
        "sender_email": "klantenservice@fietsenbaas.example",
    },
    "polderhost": {
        "name": "Polderhost B.V.",
        "kind": "own",
        "country": "NL",
        "registration_number": "70123456",
    },
    "bakkerij-van-dam": {
        "name": "Bakkerij van Dam",
        "kind": "client",
        "country": "NL",
        "processor": "polderhost",
        "registration_number": "60987654",
    },
    "tandartspraktijk-zuid": {
        "name": "Tandartspraktijk Zuid",
        "kind": "client",
        "country": "NL",
        "processor": "polderhost",
        "registration_number": "55554444",
    },
}

# The logins printed by ``seed_demo``, all with DEMO_PASSWORD; e-mail: <username>@example.nl.
PEOPLE = [
    {
        "username": "sanne",
        "first_name": "Sanne",
        "last_name": "de Vries",
        "organisation": "fietsenbaas",
        "role": "security",
    },
    {
        "username": "daan",
        "first_name": "Daan",
        "last_name": "Jansen",
        "organisation": "fietsenbaas",
        "role": "dpo",
    },
    {
        "username": "dora",
        "first_name": "Dora",
        "last_name": "Bakker",
        "organisation": "fietsenbaas",
        "role": "dpo",
    },
    {
        "username": "pieter",
        "first_name": "Pieter",
        "last_name": "Smit",
        "organisation": "polderhost",
        "role": "security",
    },
    {
        "username": "petra",
        "first_name": "Petra",
        "last_name": "Visser",
        "organisation": "polderhost",
        "role": "dpo",
    },
    {
        "username": "carla",
        "first_name": "Carla",
        "last_name": "van Dam",
        "organisation": "bakkerij-van-dam",
        "role": "controller",
    },
]
ADMIN = {"username": "admin", "email": "admin@example.nl"}  # the Django admin, same password

# The inventories, as ``inventory_import`` reads them.
FIETSENBAAS_INVENTORY = {
    "format": "datalek-inventory",
    "version": 1,
    "processors": [
        {
            "name": "Shopify International Ltd.",
            "country": "IE",
            "contact": "privacy@shopify.com · Data Processing Addendum 2024",
        },
        {
            "name": "Google Cloud Platform",
            "country": "US",
            "role": "sub_processor",
            "parent": "Shopify International Ltd.",
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
        {"name": "Polderhost B.V.", "country": "NL", "contact": "Petra Visser (DPO), dpo@polderhost.nl"},
        {"name": "Recruitee B.V.", "country": "NL", "contact": "privacy@recruitee.com"},
    ],
    "systems": [
        {
            "name": "Webshop (Shopify)",
            "description": "Catalogue, checkout, orders and customer accounts of fietsenbaas.nl.",
            "owner": "Head of e-commerce",
            "hosting_processor": "Shopify International Ltd.",
            "hosting": "",
            "country": "IE",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Customer portal",
            "description": "portal.fietsenbaas.nl: warranty claims, invoices and registered bikes; "
            "passwords hashed with bcrypt.",
            "owner": "IT lead",
            "hosting_processor": "Polderhost B.V.",
            "hosting": "Managed virtual server, Amsterdam",
            "country": "NL",
            "encryption": "weak",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Web server logs",
            "description": "Access logs of the portal and its API: IP addresses, browsers, pages; kept "
            "three months.",
            "owner": "IT lead",
            "hosting_processor": "Polderhost B.V.",
            "hosting": "Managed virtual server, Amsterdam",
            "country": "NL",
            "encryption": "none",
            "hashing": "none",
            "backup": "outdated",
        },
        {
            "name": "Offsite backup disks (orders database)",
            "description": "Weekly disk with an export of the order database, carried by courier to the "
            "vault.",
            "owner": "IT lead",
            "hosting_processor": None,
            "hosting": "Vault of the Utrecht office; courier in between",
            "country": "NL",
            "encryption": "none",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Customer service (Zendesk)",
            "description": "Tickets, e-mail and chat with customers.",
            "owner": "Head of customer service",
            "hosting_processor": "Zendesk International Ltd.",
            "hosting": "",
            "country": "IE",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Customer-service laptops",
            "description": "Six Windows laptops with BitLocker (TPM and PIN); agents sometimes keep "
            "exports of tickets locally.",
            "owner": "Office manager",
            "hosting_processor": None,
            "hosting": "On the laptops",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "none",
            "backup": "recent",
        },
        {
            "name": "Newsletter (Laposta)",
            "description": "Subscriber list and mailings.",
            "owner": "Marketing lead",
            "hosting_processor": "Laposta B.V.",
            "hosting": "",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Payments (Mollie)",
            "description": "Payment status and refunds; card data stays at Mollie.",
            "owner": "Finance",
            "hosting_processor": "Mollie B.V.",
            "hosting": "",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Reviews (Kiyoh)",
            "description": "Review invitations after delivery, and the published reviews.",
            "owner": "Marketing lead",
            "hosting_processor": "Kiyoh B.V.",
            "hosting": "",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Recruitment (Recruitee)",
            "description": "Vacancies, letters and CVs of applicants.",
            "owner": "Office manager",
            "hosting_processor": "Recruitee B.V.",
            "hosting": "",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
    ],
    "processing_activities": [
        {
            "name": "Orders and delivery",
            "purpose": "Take orders for bike parts, deliver them through PostNL or DHL, "
            "handle returns and invoices.",
            "legal_basis": "contract",
            "data_categories": ["basic", "contact", "financial"],
            "subject_categories": ["customers"],
            "subjects_count": 38000,
            "retention": "7 years after the order (fiscal retention duty)",
            "systems": ["Webshop (Shopify)", "Offsite backup disks (orders database)"],
            "processors": [
                "Shopify International Ltd.",
                "PostNL Pakketten Benelux B.V.",
                "DHL Parcel Nederland B.V.",
            ],
            "client_organisations": [],
        },
        {
            "name": "Payments",
            "purpose": "Collect payments and pay refunds.",
            "legal_basis": "contract",
            "data_categories": ["basic", "contact", "financial"],
            "subject_categories": ["customers"],
            "subjects_count": 38000,
            "retention": "7 years (fiscal retention duty)",
            "systems": ["Payments (Mollie)"],
            "processors": ["Mollie B.V."],
            "client_organisations": [],
        },
        {
            "name": "Customer accounts and warranty claims",
            "purpose": "Let customers see their orders and invoices, register bikes and claim warranty.",
            "legal_basis": "contract",
            "data_categories": ["basic", "contact", "credentials", "profile"],
            "subject_categories": ["customers"],
            "subjects_count": 21000,
            "retention": "Until the account is closed; warranty claims 2 years after",
            "systems": ["Customer portal", "Webshop (Shopify)"],
            "processors": ["Polderhost B.V.", "Shopify International Ltd."],
            "client_organisations": [],
        },
        {
            "name": "Customer service",
            "purpose": "Answer questions, complaints and returns by e-mail, chat and phone.",
            "legal_basis": "contract",
            "data_categories": ["basic", "contact"],
            "subject_categories": ["customers"],
            "subjects_count": 9000,
            "retention": "2 years after the last contact",
            "systems": ["Customer service (Zendesk)", "Customer-service laptops"],
            "processors": ["Zendesk International Ltd."],
            "client_organisations": [],
        },
        {
            "name": "Newsletter",
            "purpose": "Send the monthly newsletter to those who subscribed, and measure opens and clicks.",
            "legal_basis": "consent",
            "data_categories": ["basic", "contact", "behavioural"],
            "subject_categories": ["subscribers"],
            "subjects_count": 48000,
            "retention": "Until unsubscribed; opens and clicks 12 months",
            "systems": ["Newsletter (Laposta)"],
            "processors": ["Laposta B.V."],
            "client_organisations": [],
        },
        {
            "name": "Product reviews",
            "purpose": "Invite customers to review their purchase and publish the reviews.",
            "legal_basis": "legitimate_interests",
            "data_categories": ["basic", "contact"],
            "subject_categories": ["customers"],
            "subjects_count": 12000,
            "retention": "Invitations 30 days; reviews until withdrawn",
            "systems": ["Reviews (Kiyoh)"],
            "processors": ["Kiyoh B.V."],
            "client_organisations": [],
        },
        {
            "name": "Security logging",
            "purpose": "Detect and investigate attacks on the portal from its access logs (IP addresses).",
            "legal_basis": "legitimate_interests",
            "data_categories": ["behavioural"],
            "subject_categories": ["users"],
            "subjects_count": 150000,
            "retention": "3 months",
            "systems": ["Web server logs"],
            "processors": ["Polderhost B.V."],
            "client_organisations": [],
        },
        {
            "name": "Job applications",
            "purpose": "Select applicants for vacancies.",
            "legal_basis": "contract",
            "data_categories": ["basic", "contact", "education", "employment"],
            "subject_categories": ["job_applicants"],
            "subjects_count": 60,
            "retention": "Two months after the vacancy is filled; a year only with the applicant's consent",
            "systems": ["Recruitment (Recruitee)"],
            "processors": ["Recruitee B.V."],
            "client_organisations": [],
        },
    ],
}

POLDERHOST_INVENTORY = {
    "format": "datalek-inventory",
    "version": 1,
    "processors": [
        {
            "name": "Equinix Netherlands B.V.",
            "country": "NL",
            "role": "sub_processor",
            "contact": "Colocation AM3, Amsterdam",
        },
        {
            "name": "Microsoft Ireland Operations Ltd.",
            "country": "IE",
            "role": "sub_processor",
            "contact": "Microsoft 365 (EU Data Boundary)",
        },
        {
            "name": "Leaseweb Netherlands B.V.",
            "country": "NL",
            "role": "sub_processor",
            "contact": "Backup storage, Haarlem",
        },
        {"name": "Moneybird B.V.", "country": "NL", "contact": "Invoicing of our clients"},
    ],
    "systems": [
        {
            "name": "Managed hosting platform",
            "description": "Virtual servers and databases in our racks at Equinix AM3; our clients' web "
            "shops and applications.",
            "owner": "Operations lead",
            "hosting_processor": "Equinix Netherlands B.V.",
            "hosting": "Own racks, Equinix AM3 Amsterdam",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Support mailbox (Microsoft 365)",
            "description": "support@polderhost.nl: support questions, and exports clients send us for "
            "migrations.",
            "owner": "Support lead",
            "hosting_processor": "Microsoft Ireland Operations Ltd.",
            "hosting": "",
            "country": "IE",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Offsite backups",
            "description": "Nightly encrypted backups of the hosting platform.",
            "owner": "Operations lead",
            "hosting_processor": "Leaseweb Netherlands B.V.",
            "hosting": "",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        {
            "name": "Client administration (Moneybird)",
            "description": "Contracts and invoices of our clients.",
            "owner": "Finance",
            "hosting_processor": "Moneybird B.V.",
            "hosting": "",
            "country": "NL",
            "encryption": "state_of_the_art",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
    ],
    "processing_activities": [
        {
            "name": "Hosting Bakkerij van Dam's web shop",
            "purpose": "Run the bakery's web shop and order database on our platform, on its "
            "instructions (Art. 28 GDPR).",
            "legal_basis": "",
            "data_categories": ["basic", "contact", "financial"],
            "subject_categories": ["customers"],
            "subjects_count": 2500,
            "retention": "For the term of the contract; deleted 30 days after it ends",
            "systems": ["Managed hosting platform", "Offsite backups"],
            "processors": ["Equinix Netherlands B.V.", "Leaseweb Netherlands B.V."],
            "client_organisations": ["bakkerij-van-dam"],
        },
        {
            "name": "Hosting Tandartspraktijk Zuid's patient system",
            "purpose": "Run the dental practice's patient records and appointment system, on "
            "its instructions (Art. 28 GDPR).",
            "legal_basis": "",
            "data_categories": ["basic", "contact", "national_id", "health"],
            "subject_categories": ["patients"],
            "subjects_count": 3100,
            "retention": "For the term of the contract; the practice decides how long records are kept",
            "systems": ["Managed hosting platform", "Offsite backups"],
            "processors": ["Equinix Netherlands B.V.", "Leaseweb Netherlands B.V."],
            "client_organisations": ["tandartspraktijk-zuid"],
        },
        # One activity per client, as Art. 30(2) keeps a processor's records per controller: an incident on the
        # mailbox then tells each client its own part (its people, its data), never the other's.
        {
            "name": "Support and migrations for Bakkerij van Dam",
            "purpose": "Answer the bakery's support questions and move its web-shop data in "
            "migrations; it sometimes e-mails customer exports.",
            "legal_basis": "",
            "data_categories": ["basic", "contact"],
            "subject_categories": ["customers"],
            "subjects_count": 1100,
            "retention": "Exports deleted after the migration, at most 30 days",
            "systems": ["Support mailbox (Microsoft 365)"],
            "processors": ["Microsoft Ireland Operations Ltd."],
            "client_organisations": ["bakkerij-van-dam"],
        },
        {
            "name": "Support and migrations for Tandartspraktijk Zuid",
            "purpose": "Answer the practice's support questions and move its patient data in "
            "migrations; it sometimes e-mails patient exports.",
            "legal_basis": "",
            "data_categories": ["basic", "contact", "health"],
            "subject_categories": ["patients"],
            "subjects_count": 2300,
            "retention": "Exports deleted after the migration, at most 30 days",
            "systems": ["Support mailbox (Microsoft 365)"],
            "processors": ["Microsoft Ireland Operations Ltd."],
            "client_organisations": ["tandartspraktijk-zuid"],
        },
        {
            "name": "Client administration",
            "purpose": "Contracts, invoices and contact with the people at our clients.",
            "legal_basis": "contract",
            "data_categories": ["basic", "contact", "financial"],
            "subject_categories": ["customers"],
            "subjects_count": 40,
            "retention": "7 years (fiscal retention duty)",
            "systems": ["Client administration (Moneybird)"],
            "processors": ["Moneybird B.V."],
            "client_organisations": [],
        },
    ],
}

# Each organisation's inventory, in the import format of inventory/exchange.py, imported by its DPO.
INVENTORIES = [
    {"organisation": "fietsenbaas", "imported_by": "daan", "document": FIETSENBAAS_INVENTORY},
    {"organisation": "polderhost", "imported_by": "petra", "document": POLDERHOST_INVENTORY},
]

# Demo data of an earlier version had one support activity for both clients; it is now one per client.
RETIRED_ACTIVITIES = [
    {"organisation": "polderhost", "name": "Support and migrations for clients", "archived_by": "petra"},
]

# The breach clauses of Polderhost's two data processing agreements (domain.md §9: 24 and 48 hours).
DPA_TERMS = [
    {
        "client": "bakkerij-van-dam",
        "saved_by": "petra",
        "terms": {
            "alert_hours": 24,
            "contacts": ["privacy@bakkerijvandam.example", "carla@example.nl"],
            "dpo_name": "Carla van Dam",
            "sector": "retail",
            "agreement": "Verwerkersovereenkomst webshophosting, 1 February 2025, art. 9 (datalekken)",
        },
    },
    {
        "client": "tandartspraktijk-zuid",
        "saved_by": "petra",
        "terms": {
            "alert_hours": 48,
            "contacts": ["praktijkmanager@tandartspraktijkzuid.example"],
            "dpo_name": "Praktijkmanager",
            "sector": "healthcare",
            "agreement": "Verwerkersovereenkomst hosting patiëntensysteem, 15 September 2024, art. 11",
        },
    },
]

# The facts every demo assessment starts from; each incident's "assessment" says what is different about it.
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


# The breach-wide facts of BASE_FACTS leave these out when an assessment is made by groups of people (v2).
PEOPLE_FIELDS = (
    "data_categories",
    "dpc_adjustment",
    "subject_categories",
    "subjects_count",
    "identifiability",
)

# Fields given in hours before the seeding, in an incident's "facts" and "containment".
TIMES = ("occurred_from", "occurred_until", "detected_at", "aware_at", "contained_at")

# The demo incidents. "reporter" logs the incident and picks its affected "systems"; "facts" are what is logged;
# "containment" and "assessment" what the team records later, in its story (demo/stories/<name>.py).
BACKUP_DISK = {
    "organisation": "fietsenbaas",
    "reporter": "sanne",
    "systems": ["Offsite backup disks (orders database)"],
    "facts": {
        "title": "Backup disk of the order database missing",
        "description": "The weekly offsite backup disk (orders 2023–2026: names, addresses, order history) did not "
        "arrive at the vault. Courier is tracing it.",
        "occurrence": "unknown",
        "detected_at": 82,
        "aware_at": 80,
        "aware_established_by": "Sanne de Vries",
        "aware_justification": "Vault confirmed by phone at 09:10 that the disk was never received; courier "
        "tracking shows no delivery scan.",
        "discovery_channel": "own_detection",
        "systems_affected": "Offsite backup (orders database)",
    },
}

WRONG_CUSTOMER = {
    "organisation": "fietsenbaas",
    "reporter": "sanne",
    "systems": ["Customer service (Zendesk)"],
    "facts": {
        "title": "Order overview e-mailed to the wrong customer",
        "description": "A customer-service agent attached another customer's order overview (name, address, "
        "ordered items) to a reply.",
        "occurrence": "period",
        "occurred_from": 71,
        "occurred_until": 71,
        "detected_at": 70,
        "aware_at": 69,
        "aware_established_by": "Head of customer service",
        "aware_justification": "The recipient replied that she received someone else's order overview.",
        "discovery_channel": "data_subject",
        "systems_affected": "Zendesk support mailbox",
    },
}

PHISHING = {
    "organisation": "fietsenbaas",
    "reporter": "sanne",
    "systems": ["Newsletter (Laposta)"],
    "facts": {
        "title": "Phishing: newsletter subscriber list exported",
        "description": "A marketing employee entered credentials on a fake login page; the attacker exported the "
        "subscriber list (about 48,000 e-mail addresses and first names).",
        "occurrence": "period",
        "occurred_from": 34,
        "occurred_until": 33,
        "detected_at": 31,
        "aware_at": 30,
        "aware_established_by": "Sanne de Vries",
        "aware_justification": "Audit log of the newsletter tool shows an export from an unknown IP in Lagos.",
        "discovery_channel": "own_detection",
        "systems_affected": "Newsletter tool (SaaS)",
    },
    "containment": {
        "containment_status": "ongoing",
        "containment_plan": "Reset all passwords of the marketing team, revoke the attacker's session, enforce MFA "
        "on the newsletter tool by tomorrow 12:00.",
    },
    "assessment": {
        "summary": "Newsletter list exported after a phishing attack.",
        "confidentiality": "exfiltrated",
        "cause": "external_malicious",
        "recipients": "unknown",
        "data_categories": ["basic", "contact"],
        "subject_categories": ["subscribers"],
        "subjects_count": 48000,
        "identifiability": "significant",
    },
}

PORT_SCAN = {
    "organisation": "fietsenbaas",
    "reporter": "sanne",
    "facts": {
        "title": "Port scan against the web shop",
        "description": "Intrusion detection reported a port scan from a cloud provider's IP range.",
        "occurrence": "period",
        "occurred_from": 200,
        "occurred_until": 199,
        "detected_at": 198,
        "aware_at": 197,
        "aware_established_by": "Sanne de Vries",
        "aware_justification": "IDS alert 4471.",
        "discovery_channel": "own_detection",
        "systems_affected": "Web front-end",
    },
}

LAPTOP = {
    "organisation": "fietsenbaas",
    "reporter": "sanne",
    "systems": ["Customer-service laptops"],
    "facts": {
        "title": "Laptop stolen from a car",
        "description": "An encrypted company laptop with customer-service exports was stolen from a parked car.",
        "occurrence": "period",
        "occurred_from": 122,
        "occurred_until": 122,
        "detected_at": 121,
        "aware_at": 120,
        "aware_established_by": "Daan Jansen",
        "aware_justification": "Police report filed by the employee.",
        "discovery_channel": "own_detection",
        "systems_affected": "Laptop CS-07",
    },
    "containment": {
        "containment_status": "contained",
        "contained_at": 118,
        "containment_measures": "Laptop remotely wiped; disk encryption (BitLocker, TPM+PIN) verified.",
    },
    "assessment": {
        "summary": "Encrypted laptop stolen; remote wipe confirmed.",
        "nature": ["confidentiality", "availability"],
        "confidentiality": "unknown",
        "cause": "external_malicious",
        "recipients": "unknown",
        "subjects_count": 1200,
        "protection": {**BASE_FACTS["protection"], "encryption": "state_of_the_art"},
        "availability": {"loss": "temporary", "duration_hours": 2, "impact": "none"},
        "mitigation": {**BASE_FACTS["mitigation"], "description": "Remote wipe confirmed."},
    },
}

SUPPORT_MAILBOX = {
    "organisation": "polderhost",
    "reporter": "pieter",
    "clients": ["bakkerij-van-dam", "tandartspraktijk-zuid"],
    "systems": ["Support mailbox (Microsoft 365)"],
    "facts": {
        "title": "Support mailbox accessed by an attacker",
        "our_role": "processor",
        "description": "An attacker had access to the shared support mailbox, which holds exports that clients "
        "sent us for migrations.",
        "occurrence": "period",
        "occurred_from": 90,
        "occurred_until": 12,
        "detected_at": 14,
        "aware_at": 13,
        "aware_established_by": "Pieter Smit",
        "aware_justification": "Sign-in logs show logins from an unknown ASN; a forwarding rule to a Gmail address "
        "was found.",
        "discovery_channel": "own_detection",
        "systems_affected": "Microsoft 365 shared mailbox support@polderhost.nl",
    },
    "containment": {
        "containment_status": "contained",
        "contained_at": 10,
        "containment_measures": "Mailbox password reset, MFA enforced, forwarding rule removed.",
    },
    "assessment": {
        "summary": "Client exports in a mailbox an attacker read for three days.",
        "sector": "other",
        "confidentiality": "likely",
        "cause": "external_malicious",
        "recipients": "unknown",
        "data_categories": ["basic", "contact", "health"],
        "subject_categories": ["patients", "customers"],
        "subjects_count": 3400,
    },
    # Bakkerij van Dam's question in the portal, about the alert it received.
    "question": "Were the order exports of our web shop in the mailbox too, or only the customer list we sent for "
    "the migration? We need to know before we decide about notifying the AP.",
}

CREDENTIAL_STUFFING = {
    "organisation": "fietsenbaas",
    "reporter": "sanne",
    "facts": {
        "title": "Customer accounts taken over by credential stuffing",
        "description": "Attackers logged into 312 customer accounts of the web shop with e-mail addresses and "
        "passwords leaked elsewhere, and saw names, addresses, phone numbers and order histories.",
        "occurrence": "period",
        "occurred_from": 50,
        "occurred_until": 44,
        "detected_at": 41,
        "aware_at": 40,
        "aware_established_by": "Sanne de Vries",
        "aware_justification": "Login monitoring alert 8812: 2,400 failed and 312 successful logins from one botnet "
        "in six hours.",
        "discovery_channel": "own_detection",
        "systems_affected": "Webshop (Shopify) customer accounts",
        "affected_countries": ["NL"],
    },
    "containment": {
        "containment_status": "contained",
        "contained_at": 38,
        "containment_measures": "Passwords of the 312 accounts reset, sessions revoked, login rate limit and bot "
        "protection switched on.",
    },
    "assessment": {
        "summary": "Customer accounts taken over with passwords leaked elsewhere.",
        "confidentiality": "exfiltrated",
        "cause": "external_malicious",
        "recipients": "unknown",
        "data_categories": ["basic", "contact", "financial"],
        "subjects_count": 312,
    },
    # The initial notice to the AP: what only a person knows goes straight into the AP's form, and the AP's
    # reference once it is filed.
    "authority_notice": {
        "authority": "AP",
        "answers": {
            "3.2.1-function": "Security officer",
            "3.2.1-phone": "+31 30 123 4500",
            "5.2": "Hacking, malware (bijv. ransomware) en/of phishing",
        },
        "reference": "AP-2026-104233",
    },
}

FILE_SERVER = {
    "organisation": "fietsenbaas",
    "reporter": "sanne",
    "facts": {
        "title": "Customer export on the file server reached by an attacker",
        "description": "With a phished VPN password an attacker reached the office file share for three hours. It "
        "held an export of 1,200 customers (names, e-mail addresses, phone numbers) for a mailing — and, in the "
        "same export, the doctor's note one customer sent for an adapted bicycle.",
        "occurrence": "period",
        "occurred_from": 30,
        "occurred_until": 27,
        "detected_at": 24,
        "aware_at": 23,
        "aware_established_by": "Sanne de Vries",
        "aware_justification": "VPN logs show a login from an unknown address; the share's audit log lists the "
        "folder with the export as browsed.",
        "discovery_channel": "own_detection",
        "systems_affected": "Office file share (customer export)",
    },
    "containment": {
        "containment_status": "contained",
        "contained_at": 20,
        "containment_measures": "The attacker's VPN account blocked, the export deleted from the share, all VPN "
        "passwords reset.",
    },
    # Assessed by groups of people (breach facts v2): the breach-wide facts, and each group's own.
    "assessment": {
        "summary": "An attacker reached the file share holding a customer export; the logs do not show whether "
        "the export was opened. One customer's medical note was in it.",
        "confidentiality": "unknown",
        "cause": "external_malicious",
        "recipients": "unknown",
    },
    "groups": [
        {
            "subject_categories": ["customers"],
            "identifiability": "maximum",
            "already_public": False,
            "label": "customers",
            "subjects_count": 1200,
            "data_categories": ["basic", "contact"],
        },
        {
            "subject_categories": ["customers"],
            "identifiability": "maximum",
            "already_public": False,
            "label": "customer with a medical note",
            "subjects_count": 1,
            "data_categories": ["basic", "contact", "health"],
        },
    ],
}
