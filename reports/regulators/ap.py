"""Autoriteit Persoonsgegevens (NL): the *Meldformulier datalekken*, in Dutch, in the chapters and with the question
numbers of docs/forms.md §1.1 (as mapped by OpenVWR, who state they follow the online form), with the answer
options listed there. Question wording and options are the AP's own language on purpose: the DPO copies them into
the AP's portal, which accepts notices only there."""

from __future__ import annotations

from reports.regulators import vocabulary as v
from reports.regulators.common import (
    CHOICE,
    DERIVED,
    MISSING,
    MULTI,
    RECORDED,
    TEXT,
    Form,
    Source,
    count_or,
    country_names,
    labels_of,
    mapped,
    moment,
    number,
    people_in,
    translated,
    weakest,
)
from risk.engine.facts import ELEMENT_CATEGORY

LANGUAGE = "nl"
YES_NO = {True: "Ja", False: "Nee"}
MARKS = {RECORDED: "vastgelegd", DERIVED: "afgeleid – controleer", MISSING: "ontbreekt"}
STATUS = {
    "draft": "concept",
    "awaiting_approval": "wacht op goedkeuring",
    "approved": "goedgekeurd, nog niet ingediend",
    "filed": "ingediend bij de AP",
}

NOTICE_KINDS = (
    "Ik wil één inbreuk melden (reguliere melding)",
    "Bulkmelding (alleen met schriftelijke toestemming van de AP)",
)
LEGAL_BASES = ("Algemene verordening gegevensbescherming (AVG)", "Wet politiegegevens (Wpg)")
OTHER_SUPERVISORS = (
    "Autoriteit Financiële Markten (AFM)",
    "Agentschap Telecom (AT)",
    "De Nederlandsche Bank (DNB)",
    "Inspectie Gezondheidszorg en Jeugd (IGJ)",
    "Inspectie Leefomgeving en Transport (ILT)",
    "Inspectie voor het Onderwijs",
    "Nationaal Coördinator Terrorismebestrijding en Veiligheid (NCTV)",
    "Onderzoeksraad voor Veiligheid (OVV)",
    "Andere toezichthouder",
)
NATURE = {
    "confidentiality": "Persoonsgegevens (mogelijk) ingezien door onbevoegden",
    "integrity": "Persoonsgegevens ongeoorloofd of onopzettelijk gewijzigd",
    "availability_permanent": "Persoonsgegevens permanent niet beschikbaar (verloren/verwijderd)",
    "availability_temporary": "Persoonsgegevens tijdelijk niet beschikbaar",
}
INCIDENT_KINDS = (
    "E-mail met persoonsgegevens verstuurd aan verkeerde ontvanger(s)",
    "E-mail verstuurd met persoonsgegevens met ontvangers in het aan-veld of in de cc, in plaats van bcc",
    "Brief of postpakket met persoonsgegevens verstuurd of afgegeven aan de verkeerde ontvanger(s)",
    "Brief of postpakket met persoonsgegevens geopend retour ontvangen",
    "Brief of postpakket met persoonsgegevens kwijtgeraakt",
    "Autorisatie(s) van medewerker(s) verkeerd ingesteld.",
    "Netwerkmappen of -locaties met persoonsgegevens zijn te breed toegankelijk ingesteld binnen de organisatie",
    "Apparaat, gegevensdrager (bijv. USB-stick) en/of papier met persoonsgegevens kwijtgeraakt of gestolen",
    "Persoonsgegevens per ongeluk gepubliceerd",
    "Hacking, malware (bijv. ransomware) en/of phishing",
    "Persoonsgegevens toegevoegd aan het verkeerde dossier",
    "Overig",
)
# A category ticks its own option; the elements of it that the facts name (``data_elements``) tick theirs. "basic"
# alone is a name: gender and birth date only when the facts name them. Payment means without their elements is
# "Financiële gegevens", not both the IBAN and the card.
DATA = {
    "basic": ("Naam",),
    "contact": ("Contactgegevens",),
    "national_id": ("Burgerservicenummer (BSN)",),
    "official_documents": ("(Kopieën van) paspoorten of andere legitimatiebewijzen",),
    "financial": ("Financiële gegevens",),
    "payment_means": ("Financiële gegevens",),
    "credentials": ("Toegangs- of identificatiegegevens",),
    "location": ("Locatiegegevens",),
    "criminal": (
        "Persoonsgegevens betreffende strafrechtelijke veroordelingen en strafbare feiten of daarmee verband "
        "houdende veiligheidsmaatregelen",
    ),
}
ELEMENTS = {
    "name": "Naam",
    "gender": "Geslacht",
    "birth_date": "Geboortedatum en/of leeftijd",
    "address": "Adres en woonplaats",
    "email": "E-mailadres",
    "phone": "Telefoonnummer",
    "bank_account": "Bankrekeningnummer / IBAN",
    "payment_card": "Creditcardgegevens",
}
DATA_OPTIONS = (
    "Naam",
    "Geslacht",
    "Geboortedatum en/of leeftijd",
    "Burgerservicenummer (BSN)",
    "Contactgegevens",
    "Adres en woonplaats",
    "E-mailadres",
    "Telefoonnummer",
    "Toegangs- of identificatiegegevens",
    "Financiële gegevens",
    "Bankrekeningnummer / IBAN",
    "Creditcardgegevens",
    "Gegevens over (problematische) schulden",
    "Gegevens over uitkering en/of schulden",
    "Andere financiële gegevens",
    "(Kopieën van) paspoorten of andere legitimatiebewijzen",
    "Locatiegegevens",
    DATA["criminal"][0],
    "Onbekend",
    "Anders",
)
DATA_OTHER = {
    "behavioural": "gedrag, gewoonten of verkeersgegevens",
    "profile": "profiel en voorkeuren",
    "education": "opleiding",
    "employment": "werk",
    "family": "gezinsleven",
}
SPECIAL = {
    "racial_ethnic": "Persoonsgegevens waaruit iemands ras of etnische afkomst blijkt",
    "political": "Persoonsgegevens waaruit iemands politieke opvattingen blijken",
    "religious": "Persoonsgegevens waaruit iemands religieuze of levensbeschouwelijke overtuigingen blijken",
    "trade_union": "Persoonsgegevens waaruit iemands lidmaatschap van een vakbond blijkt",
    "sex_life": "Gegevens met betrekking tot iemands seksueel gedrag of seksuele gerichtheid",
    "health": "Gegevens over iemands gezondheid",
    "genetic": "Genetische gegevens",
    "biometric": "Biometrische gegevens (bijvoorbeeld: vingerafdruk of irisscan)",
}
GROUPS = {
    "employees": ("Werknemers",),
    "customers": ("Klanten (huidig en potentieel)",),
    "students": ("Leerlingen of studenten",),
    "patients": ("Patiënten",),
    "minors": ("Minderjarigen",),
    "vulnerable": ("Personen uit andere kwetsbare groepen",),
}
GROUP_OPTIONS = (*(o for options in GROUPS.values() for o in options), "Anders")
GROUP_OTHER = {
    "users": "gebruikers",
    "subscribers": "abonnees",
    "job_applicants": "sollicitanten",
    "job_seekers": "werkzoekenden",
}
PROTECTED = (
    "Versleuteld (encryptie)",
    "Gehasht",
    "Op een andere manier onbegrijpelijk of ontoegankelijk gemaakt",
    "Nee",
)
LEVEL_WORDS = {
    "none": "geen",
    "weak": "zwak of verouderd",
    "state_of_the_art": "volgens de stand van de techniek",
}
BACKUP_WORDS = {"none": "geen back-up", "outdated": "een verouderde back-up", "recent": "een recente back-up"}
CONSEQUENCES = {
    "seen": "Onbevoegden hebben kennis kunnen nemen van de gegevens",
    "misused": "De gegevens kunnen op een onbehoorlijke of onrechtmatige manier worden gebruikt",
    "inaccurate": "Er worden binnen uw eigen organisatie mogelijk onjuiste, onvolledige of achterhaalde "
    "persoonsgegevens gebruikt",
    "unavailable_temporary": "Een essentiële dienst kan tijdelijk niet meer worden verleend aan degenen van wie "
    "gegevens zijn gelekt",
    "unavailable_permanent": "Een essentiële dienst kan permanent niet meer worden verleend aan degenen van wie "
    "gegevens zijn gelekt",
}
CONSEQUENCE_OPTIONS = (
    CONSEQUENCES["seen"],
    CONSEQUENCES["misused"],
    CONSEQUENCES["inaccurate"],
    "Er worden mogelijk onjuiste, onvolledige of achterhaalde persoonsgegevens hergebruikt voor andere doeleinden "
    "of doorgegeven aan andere organisaties",
    CONSEQUENCES["unavailable_temporary"],
    CONSEQUENCES["unavailable_permanent"],
    "Anders",
)
HARM = {
    "discrimination": "Discriminatie of uitsluiting",
    "identity_theft": "Identiteitsdiefstal of -fraude",
    "financial_loss": "Financieel verlies",
    "reputation": "Reputatieschade",
    "professional_secrecy": "Verlies van vertrouwelijkheid van door het beroepsgeheim beschermde persoonsgegevens",
    "loss_of_control": "Betrokkenen verliezen het overzicht van welke organisaties hun persoonsgegevens verwerken",
}
RIGHTS = "Betrokkenen kunnen hun persoonsgegevens niet inzien of op verzoek laten verwijderen"
HARM_OPTIONS = (
    HARM["discrimination"],
    HARM["identity_theft"],
    HARM["financial_loss"],
    HARM["reputation"],
    HARM["professional_secrecy"],
    "Ongeoorloofde ongedaanmaking van pseudonimisering",
    RIGHTS,
    HARM["loss_of_control"],
    "Anders",
)
SEVERITY = ("Verwaarloosbaar", "Beperkt", "Aanzienlijk", "Zeer groot")
INFORMED_HOW = (
    "Telefonisch",
    "Per brief",
    "Per e-mail",
    "Via een mededeling op de website",
    "Via social media",
    "Via een advertentie in de krant",
    "Anders",
)
DISCOVERY = {
    "own_detection": "Eigen detectie of monitoring",
    "processor": "Gemeld door een verwerker",
    "data_subject": "Gemeld door een betrokkene",
    "external": "Gemeld door een externe partij",
    "press": "Via de pers of sociale media",
    "other": "Anders",
}
EXEMPTIONS = {
    "art34_3_a": "art. 34 lid 3 sub a AVG: de gegevens zijn onbegrijpelijk gemaakt (bijv. versleuteld)",
    "art34_3_b": "art. 34 lid 3 sub b AVG: latere maatregelen maken het hoge risico onwaarschijnlijk",
    "art34_3_c": "art. 34 lid 3 sub c AVG: onevenredige inspanning, daarom een openbare mededeling",
}
RISK_WORDS = {"unlikely": "waarschijnlijk geen risico", "risk": "risico", "high": "hoog risico"}


def build(source: Source) -> Form:
    form = Form(source, YES_NO)
    _introduction(form)
    _international(form)
    _controller(form)
    _timeline(form)
    _breach(form)
    _data(form)
    _people(form)
    _before(form)
    _consequences(form)
    _follow_up(form)
    return form


def _introduction(form: Form) -> None:
    form.section("1", "Introductie")
    form.add(
        "1.1",
        "Wat voor soort melding wilt u doen?",
        NOTICE_KINDS[0],
        DERIVED,
        options=NOTICE_KINDS,
        chosen=[NOTICE_KINDS[0]],
    )
    form.add(
        "1.2",
        "Op grond van welke wettelijke bepaling doet u deze melding?",
        LEGAL_BASES[0],
        DERIVED,
        options=LEGAL_BASES,
        chosen=[LEGAL_BASES[0]],
    )
    form.add(
        "1.3",
        "Heeft u de inbreuk gemeld bij toezichthouders op andere meldplichten?",
        None,
        "",
        required=False,
        options=OTHER_SUPERVISORS,
        key="1.3",
        input=MULTI,
    )


def _international(form: Form) -> None:
    s = form.source
    form.section("2", "Internationale aspecten")
    countries = s.value("international.countries") or []
    several = bool(s.value("international.cross_border")) or len(countries) > 1
    form.add(
        "2.1.1",
        "Heeft de inbreuk gevolgen voor personen in meerdere landen?",
        [YES_NO[several], "Om welke landen gaat het? " + ", ".join(country_names(countries))]
        if countries
        else None,
        weakest(s.mark("international.countries"), s.mark("international.cross_border")),
        note="" if countries else "Leg bij het incident vast in welke landen de betrokkenen wonen.",
    )
    others = s.value("international.other_authorities")
    form.add(
        "2.2.1",
        "Heeft uw organisatie de inbreuk gemeld bij andere privacytoezichthouders?",
        None if others is None else (("Ja: " + ", ".join(others)) if others else "Nee"),
        s.mark("international.other_authorities") or DERIVED,
        note=""
        if others is not None
        else "Leg bij het incident de landen van de betrokkenen vast en stel vast welke toezichthouders een "
        "melding krijgen.",
    )


def _controller(form: Form) -> None:
    s = form.source
    form.section("3", "De verwerkingsverantwoordelijke")
    form.text("3.1.1", "Naam van het bedrijf of de organisatie", "controller.name")
    form.text("3.1.1", "Adres, postcode en plaats", "controller.address")
    form.text("3.1.1", "Registratienummer van de FG", "controller.dpo_registration_number")
    form.text("3.1.1", "KvK-nummer", "controller.registration_number")
    form.text("3.1.2", "In welke sector is de organisatie actief?", "controller.sector")
    form.text("3.2.1", "Wie meldt de inbreuk? — naam", "reporter.name")
    form.add("3.2.1", "Wie meldt de inbreuk? — functie", None, "", key="3.2.1-function", input=TEXT)
    form.text("3.2.1", "Wie meldt de inbreuk? — e-mailadres", "reporter.email", required=False)
    form.add("3.2.1", "Wie meldt de inbreuk? — telefoonnummer", None, "", key="3.2.1-phone", input=TEXT)
    contact = [
        s.value("controller.dpo_name"),
        s.value("controller.dpo_email"),
        s.value("controller.dpo_phone"),
    ]
    form.add(
        "3.2.2",
        "Contactpersoon voor de AP, indien afwijkend van de melder",
        [", ".join(str(c) for c in contact if c)],
        weakest(s.mark("controller.dpo_name"), s.mark("controller.dpo_email")),
        required=False,
    )
    others = _other_organisations(s)
    form.add(
        "3.3",
        "Waren er andere organisaties betrokken bij de inbreuk?",
        others or None,
        DERIVED,
        required=False,
    )


def _other_organisations(s: Source) -> list[str]:
    lines = []
    processor = s.value("on_behalf.processor")
    if processor:
        lines.append(f"{processor} (verwerker, meldt namens de verwerkingsverantwoordelijke)")
    for p in s.processors:
        country = country_names([p["country"]])[0] if p.get("country") else ""
        lines.append(
            f"{p['name']} ({'subverwerker' if p.get('parent') else 'verwerker'}{', ' + country if country else ''})"
        )
    return lines


def _timeline(form: Form) -> None:
    s = form.source
    form.section("4", "Tijdlijn")
    occurrence = s.value("timeline.occurrence")
    if occurrence == "unknown":
        form.add(
            "4.1.1",
            "(Mogelijke) startdatum van de inbreuk",
            "Nog niet vast te stellen",
            s.mark("timeline.occurrence"),
        )
    else:
        form.text("4.1.1", "(Mogelijke) startdatum van de inbreuk", "timeline.occurred_from")
    if occurrence == "ongoing":
        form.add(
            "4.1.2",
            "(Mogelijke) einddatum van de inbreuk",
            "De inbreuk duurt nog voort",
            s.mark("timeline.occurrence"),
        )
    else:
        form.text(
            "4.1.2",
            "(Mogelijke) einddatum van de inbreuk",
            "timeline.occurred_until",
            required=occurrence == "period",
        )
    form.text("4.2", "Wanneer is het incident ontdekt?", "timeline.detected_at")
    channel = s.value("timeline.discovery_channel")
    form.add(
        "4.3",
        "Geef (kort) aan hoe u de inbreuk heeft ontdekt",
        [DISCOVERY.get(channel, channel or ""), s.value("timeline.aware_justification")],
        weakest(s.mark("timeline.discovery_channel"), s.mark("timeline.aware_justification")),
    )
    form.add(
        "",
        "Kennisname (T0) en uiterste meldtermijn (T0 + 72 uur)",
        [
            f"Kennisname: {moment(s.value('timeline.aware_at'))}",
            f"Uiterlijk melden: {moment(s.value('timeline.deadline'))}",
        ],
        weakest(s.mark("timeline.aware_at"), s.mark("timeline.deadline")),
        note="Aanvullend: niet als aparte vraag in de vragenlijst gezien.",
    )
    late = bool(s.notice.needs_late_reason)
    reason = s.value("timeline.late_reason") or s.notice.late_reason
    form.add(
        "4.5",
        "Indien later dan 72 uur gemeld: waarom?",
        reason or (None if late else "Niet van toepassing: binnen 72 uur gemeld."),
        RECORDED if reason else DERIVED,
        required=late,
    )


def _breach(form: Form) -> None:
    s = form.source
    form.section("5", "Gegevens over de inbreuk")
    chosen = [NATURE[n] for n in v.natures(s.facts, s.value("breach.nature")) if n in NATURE]
    form.add(
        "5.1",
        "Aard van de inbreuk (vertrouwelijkheid, integriteit, beschikbaarheid)",
        chosen,
        s.mark("breach.nature"),
        options=tuple(NATURE.values()),
        chosen=chosen,
    )
    form.add(
        "5.2",
        "Aard van het incident",
        None,
        "",
        options=INCIDENT_KINDS,
        key="5.2",
        input=CHOICE,
    )
    form.text("5.3", "Beschrijving van het incident", "breach.description")
    form.add(
        "5.4",
        "Ondersteunende documentatie",
        None,
        "",
        required=False,
        note="Optioneel. Voeg geen persoonsgegevens van betrokkenen toe aan bijlagen.",
    )


def _data(form: Form) -> None:
    s = form.source
    form.section("6", "Welke persoonsgegevens")
    categories = s.value("data.categories") or []
    chosen, exact = _data_options(s, categories)
    lines = list(chosen)
    others = [DATA_OTHER[c] for c in categories if c in DATA_OTHER]
    if others:
        lines = [o for o in lines if o != "Anders"] + ["Anders, namelijk: " + ", ".join(others)]
    form.add(
        "6.1",
        "Persoonsgegevens in het algemeen",
        [*lines, *_people_per_category(s, categories)],
        translated(s.mark("data.categories"), exact),
        options=DATA_OPTIONS,
        chosen=chosen,
    )
    special = s.value("data.special_categories") or []
    special_chosen = [SPECIAL[c] for c in special if c in SPECIAL]
    answered = special_chosen or (["Geen"] if categories else [])
    form.add(
        "6.2",
        "Bijzondere categorieën van persoonsgegevens",
        [*answered, *_special_by_group(s, special)],
        s.mark("data.categories"),
        options=tuple(SPECIAL.values()),
        chosen=special_chosen,
    )
    form.text("6.3.1", "Hoeveel gegevensrecords zijn getroffen?", "data.records")


def data_elements(s: Source) -> list[str]:
    """The data elements the facts name (frozen in the content; a notice built before they were kept reads the
    assessment's facts)."""
    return list(s.value("data.elements") or s.fact("data_elements") or [])


def _data_options(s: Source, categories: list[str]) -> tuple[list[str], bool]:
    """The 6.1 options: each category's own, and the options of the elements the facts name. Without its
    elements a category that the AP splits ("basic", payment means) ticks only what it certainly holds, and the
    answer is derived: check it."""
    chosen, exact = mapped(categories, DATA, "Anders")
    elements = data_elements(s)
    for category in ("basic", "payment_means"):
        if category in categories and not any(ELEMENT_CATEGORY[e] == category for e in elements):
            exact = False
    for element in elements:
        if ELEMENT_CATEGORY[element] in categories and ELEMENTS[element] not in chosen:
            chosen.append(ELEMENTS[element])
    return [o for o in DATA_OPTIONS if o in chosen], exact


def _words(code: str) -> str:
    """One of our data categories in the AP's words (its options, else our Dutch word for "Anders")."""
    if code in DATA:
        return " / ".join(DATA[code])
    return SPECIAL.get(code) or DATA_OTHER.get(code) or code


def _betrokkenen(count: int | None) -> str:
    return f"{count_or(count, 'onbekend aantal')} betrokkene{'' if count == 1 else 'n'}"


def _people_per_category(s: Source, codes: list[str]) -> list[str]:
    """A breach of several groups: how many people each category concerns ("Contactgegevens: 1.201 betrokkenen")."""
    counts = s.people_by_category()
    said = [f"{_words(c)}: {_betrokkenen(counts[c])}" for c in codes if c in counts]
    return ["Aantal betrokkenen per soort gegevens: " + "; ".join(said)] if said else []


def _special_by_group(s: Source, codes: list[str]) -> list[str]:
    """A breach of several groups: which groups each special category concerns, and how many people — the
    medical note of one customer is "Gegevens over iemands gezondheid" of 1 betrokkene, not of the 1,201."""
    lines = []
    for code in codes:
        groups = s.groups_with(code)
        if groups:
            scope = (
                "alle groepen"
                if len(groups) == len(s.groups())
                else f"alleen de groep(en) {labels_of(groups)}"
            )
            lines.append(f"{_words(code)}: {scope}, {_betrokkenen(people_in(groups))}")
    return lines


def _group_lines(s: Source) -> list[str]:
    """A breach of several groups, one line each: its number, its people, its data and its risk."""
    lines = []
    for g in s.groups():
        people = ", ".join(
            GROUPS.get(c, (GROUP_OTHER.get(c, c),))[0] for c in g.get("subject_categories") or []
        )
        data = ", ".join(_words(c) for c in g.get("data_categories") or [])
        lines.append(
            f"“{g.get('label')}”: {_betrokkenen(g.get('count'))}"
            + (f" ({people})" if people else "")
            + f"; gegevens: {data}; {RISK_WORDS.get(g.get('risk'), '—')}"
        )
    return lines


def _people(form: Form) -> None:
    s = form.source
    form.section("7", "Getroffen personen")
    groups = s.value("subjects.categories") or []
    chosen, exact = mapped(groups, GROUPS, "Anders")
    lines = [c for c in chosen if c != "Anders"]
    others = [GROUP_OTHER.get(g, g) for g in groups if g not in GROUPS]
    if others:
        lines.append("Anders, namelijk: " + ", ".join(others))
    form.add(
        "7.1",
        "Welke groep(en) betrokkenen zijn getroffen?",
        lines,
        translated(s.mark("subjects.categories"), exact),
        options=GROUP_OPTIONS,
        chosen=chosen,
    )
    form.add(
        "7.2",
        "Nadere omschrijving van de groep(en) betrokkenen",
        _group_lines(s) or None,
        DERIVED,
        required=False,
        key="7.2",
        input=TEXT,
    )
    count = s.value("subjects.count")
    split = [f"“{g.get('label')}”: {count_or(g.get('count'), 'onbekend')}" for g in s.groups()]
    form.add(
        "7.3",
        "Aantal betrokkenen (exact, of minimum en maximum)",
        [
            f"Ongeveer {number(count)} (exact aantal niet bekend; vul dit in als maximum)",
            *(["Per groep: " + "; ".join(split)] if split else []),
        ]
        if count is not None
        else None,
        s.mark("subjects.count"),
    )


def _before(form: Form) -> None:
    s = form.source
    form.section("8", "Maatregelen vooraf")
    encryption, hashing = s.value("measures_before.encryption"), s.value("measures_before.hashing")
    chosen = []
    if encryption in ("weak", "state_of_the_art"):
        chosen.append(PROTECTED[0])
    if hashing in ("weak", "state_of_the_art"):
        chosen.append(PROTECTED[1])
    if encryption is not None and not chosen:
        chosen.append(PROTECTED[3])
    explained = []
    if encryption is not None:
        key = s.value("measures_before.key_compromised")
        explained.append(
            f"Toelichting: versleuteling {LEVEL_WORDS.get(encryption, encryption)}"
            + ("; de sleutel is gecompromitteerd" if key else "")
            + f"; hashing {LEVEL_WORDS.get(hashing, hashing or '—')}"
            + f"; {BACKUP_WORDS.get(s.value('measures_before.backup'), 'back-up onbekend')}."
        )
    form.add(
        "8.1",
        "Waren de persoonsgegevens vooraf versleuteld, gehasht of anderszins ontoegankelijk?",
        [*chosen, *explained],
        weakest(s.mark("measures_before.encryption"), s.mark("measures_before.hashing")),
        options=PROTECTED,
        chosen=chosen,
        note="Versleuteling door ransomware telt hier niet als bescherming.",
    )


def _consequences(form: Form) -> None:
    s = form.source
    form.section("9", "Gevolgen")
    keys = v.consequence_keys(s.facts, s.value("breach.nature"))
    # An essential service that cannot be given: only when the facts say the unavailability hit the people hard.
    critical = v.critical_service(s.facts)
    chosen = [CONSEQUENCES[k] for k in keys if critical or not k.startswith("unavailable_")]
    form.add(
        "9.1",
        "(Mogelijke) gevolgen voor de verwerkingsverantwoordelijke en de persoonsgegevens",
        chosen,
        DERIVED,
        options=CONSEQUENCE_OPTIONS,
        chosen=chosen,
        key="9.1",
        input=MULTI,
    )
    harm = [HARM[k] for k in v.harm_keys(s.facts, s.all_data_categories())]
    if not harm and "availability" in (s.value("breach.nature") or []) and v.availability_impact(s.facts):
        harm = [RIGHTS]  # unavailable data: the people cannot see or have them erased
    form.add(
        "9.2",
        "(Mogelijke) gevolgen voor de betrokkene(n)",
        harm,
        DERIVED,
        options=HARM_OPTIONS,
        chosen=harm,
        key="9.2",
        input=MULTI,
    )
    step = v.severity_step(s.value("consequences.severity_level"), s.value("consequences.risk"))
    score = s.value("consequences.severity_score")
    lines = []
    if step is not None:
        lines = [
            SEVERITY[step],
            f"Afgeleid van de ENISA-score {number(score) if score is not None else '—'} "
            f"en het risico ({RISK_WORDS.get(s.value('consequences.risk'), '—')}).",
        ]
    form.add(
        "9.3",
        "Inschatting ernst: verwaarloosbaar, beperkt, aanzienlijk of zeer groot",
        lines,
        DERIVED,
        options=SEVERITY,
        chosen=[SEVERITY[step]] if step is not None else [],
        key="9.3",
        input=CHOICE,
    )


def _follow_up(form: Form) -> None:
    s = form.source
    form.section("10", "Vervolgacties")
    tell = s.value("communication.notify_subjects")
    public = s.value("communication.public_communication")
    done = s.value("communication.told") or {}
    lines = []
    told = s.told_groups()
    if tell is not None:
        # what was done (messages sent) before what is decided: "yes" only once people were told
        if tell:
            lines.append("Ja" if done.get("sent") else "Nog niet; dat gaat gebeuren (besluit van de FG)")
        else:
            lines.append("Nee")
        if tell and told:
            others = [g for g in s.groups() if g not in told]
            lines.append(
                f"Alleen de groep(en) met een hoog risico: {labels_of(told)}; niet individueel: "
                + "; ".join(f"“{g.get('label')}” ({_not_told(g)})" for g in others)
            )
        if not tell:
            why = [EXEMPTIONS[e] for e in s.value("communication.exemptions") or [] if e in EXEMPTIONS]
            lines.append(
                "Waarom niet: "
                + ("; ".join(why) if why else "naar verwachting geen hoog risico voor de betrokkenen")
            )
    form.add(
        "10.1.1",
        "Heeft u de inbreuk gemeld aan de betrokkene(n)?",
        lines,
        s.mark("communication.notify_subjects"),
    )
    sent = done.get("sent") or 0
    form.add(
        "10.1.3",
        "Aan hoeveel personen heeft u de inbreuk gemeld?",
        [number(sent)] if sent else ([] if tell else ["Niet van toepassing"]),
        DERIVED,
        required=bool(tell),
        note="Nog niet: er is nog geen mededeling aan de betrokkenen verstuurd. Geef het aantal in een aanvulling "
        "(art. 33 lid 4 AVG)."
        if tell and not sent
        else "",
    )
    how = _informed_how(done)
    form.add(
        "10.1.7",
        "Op welke wijze zijn de betrokkenen geïnformeerd?",
        how or (["Niet van toepassing"] if tell is False and not public else []),
        DERIVED,
        required=bool(tell or public),
        options=INFORMED_HOW,
        chosen=how,
        key="10.1.7",
        input=MULTI,
        note="Nog niet: volgt uit de verzonden mededelingen en de gepubliceerde openbare mededeling."
        if (tell or public) and not how
        else "",
    )
    measures = [
        s.value("measures_after.containment_measures"),
        s.value("measures_after.containment_plan"),
        s.value("measures_after.mitigation"),
    ]
    form.add(
        "10.2",
        "Welke maatregelen heeft u getroffen?",
        [m for m in measures if m],
        weakest(
            *(
                s.mark(p)
                for p in ("measures_after.containment_measures", "measures_after.mitigation")
                if s.value(p)
            )
        ),
    )


def _not_told(group: dict) -> str:
    """Why a group is not told individually, in the AP's words (its verdict)."""
    if group.get("public_communication"):
        return "openbare mededeling in plaats van individueel (art. 34 lid 3 sub c AVG)"
    why = [EXEMPTIONS[e] for e in group.get("exemptions") or [] if e in EXEMPTIONS]
    return "; ".join(why) if why else f"{RISK_WORDS.get(group.get('risk'), '—')}, geen hoog risico"


def _informed_how(done: dict) -> list[str]:
    """The channels the people were told by, from what was done: letters posted, e-mails sent, the public
    communication published. Nothing by default."""
    how = []
    if done.get("post"):
        how.append(INFORMED_HOW[1])
    if done.get("email"):
        how.append(INFORMED_HOW[2])
    if done.get("public"):
        how.append(INFORMED_HOW[3])
    return how
