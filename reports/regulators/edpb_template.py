"""The EDPB common notification template (draft v1.0 of 2026, docs/domain.md §8.1) as data: every field under the
template's own row number, its section, its question in English, Dutch and French, its type and its options.

The export (``edpb.export``), the JSON Schema (``schemas/edpb-2026.schema.json``, made from this table by
``json_schema()`` and held to it by a test), the EDPB document and the GBA/APD document are all views over this one
table. The field list follows the cell-by-cell extraction of the official .docx cited in domain.md §8.1; where that
extraction gives a group of rows without naming each (94: "15 options incl. anonymisation, erasure, process
change"), the field is a text here and this says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

TEMPLATE = "edpb-2026"

TEXT, DATE, DATETIME, NUMBER, BOOLEAN, CHOICE, MULTI = (
    "text",
    "date",
    "datetime",
    "number",
    "boolean",
    "choice",
    "multi",
)
COUNTRIES, PER_COUNTRY, LIST = "countries", "per_country", "list"  # ISO codes; numbers by ISO code; codes
TYPES = (TEXT, DATE, DATETIME, NUMBER, BOOLEAN, CHOICE, MULTI, COUNTRIES, PER_COUNTRY, LIST)

PART_1, PART_2 = 1, 2  # the GBA/APD's two parts (docs/forms.md §3.1)
BOTH = (PART_1, PART_2)


@dataclass(frozen=True)
class Option:
    key: str
    en: str
    nl: str
    fr: str

    def label(self, language: str) -> str:
        return getattr(self, language if language in ("nl", "fr") else "en")


@dataclass(frozen=True)
class Field:
    id: str  # the template's row number
    section: str
    type: str
    en: str
    nl: str
    fr: str
    options: tuple[Option, ...] = ()
    required: bool = False  # Art. 33(3) asks for it (or the template marks it mandatory)
    parts: tuple[int, ...] = BOTH
    person: bool = False  # a person may record the answer on the draft notice (form_answers[id])
    note: str = ""  # how this table differs from the template, where it must

    def question(self, language: str) -> str:
        return getattr(self, language if language in ("nl", "fr") else "en")

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)


@dataclass(frozen=True)
class Section:
    number: str
    en: str
    nl: str
    fr: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def title(self, language: str) -> str:
        return getattr(self, language if language in ("nl", "fr") else "en")


Opt = Option
YES_NO = (
    Opt("yes", "Yes", "Ja", "Oui"),
    Opt("no", "No", "Nee", "Non"),
)  # how a yes/no is ticked in the document
TBD = Opt("tbd", "To be determined", "Nog te bepalen", "À déterminer")
OTHER = Opt("other", "Other", "Andere", "Autre")
COUNT_KINDS = (
    Opt("exact", "Exact", "Exact", "Exact"),
    Opt("approximate", "Approximate", "Bij benadering", "Approximatif"),
    Opt("cannot_determine", "Cannot be determined", "Kan niet worden bepaald", "Ne peut être déterminé"),
    TBD,
)


def _f(id, section, type, en, nl, fr, *options, **kwargs) -> Field:
    return Field(id, section, type, en, nl, fr, tuple(options), **kwargs)


SECTIONS: tuple[Section, ...] = (
    Section(
        "1.1",
        "Notification and controller",
        "Melding en verwerkingsverantwoordelijke",
        "Notification et responsable du traitement",
    ),
    Section("2.2", "Reporting person", "Melder", "Personne qui notifie"),
    Section(
        "2.3.1",
        "Data protection officer and other parties",
        "Functionaris voor gegevensbescherming en andere partijen",
        "Délégué à la protection des données et autres parties",
    ),
    Section("3.1", "Timeline", "Tijdlijn", "Chronologie"),
    Section("3.2", "Nature of the breach", "Aard van het gegevenslek", "Nature de la violation"),
    Section("3.3", "Data subjects", "Betrokkenen", "Personnes concernées"),
    Section("3.4", "Personal data", "Persoonsgegevens", "Données à caractère personnel"),
    Section(
        "3.5",
        "Measures in place before the breach",
        "Maatregelen vóór het gegevenslek",
        "Mesures en place avant la violation",
    ),
    Section("4.1", "Likely consequences", "Waarschijnlijke gevolgen", "Conséquences probables"),
    Section("4.2", "Risk assessment", "Risicobeoordeling", "Évaluation du risque"),
    Section("4.3", "Measures taken", "Genomen maatregelen", "Mesures prises"),
    Section(
        "4.4",
        "Prevention and communication to the data subjects",
        "Preventie en mededeling aan de betrokkenen",
        "Prévention et communication aux personnes concernées",
    ),
    Section("6.1", "Other notifications", "Andere meldingen", "Autres notifications"),
    Section(
        "6.2",
        "Cross-border processing (controller in the EEA)",
        "Grensoverschrijdende verwerking (verwerkingsverantwoordelijke in de EER)",
        "Traitement transfrontalier (responsable du traitement dans l'EEE)",
    ),
    Section(
        "6.3",
        "Controller outside the EEA; attachments",
        "Verwerkingsverantwoordelijke buiten de EER; bijlagen",
        "Responsable du traitement hors EEE ; pièces jointes",
    ),
)

P1, P2 = (PART_1,), (PART_2,)

FIELDS: tuple[Field, ...] = (
    # --- 1.1 Notification and controller ---------------------------------------------------------------------
    _f(
        "3",
        "1.1",
        CHOICE,
        "Type of notification",
        "Soort melding",
        "Type de notification",
        Opt("new", "New", "Nieuw", "Nouvelle"),
        Opt("follow_up", "Follow-up", "Opvolging", "Suivi"),
        required=True,
    ),
    _f(
        "4",
        "1.1",
        CHOICE,
        "Sub-type",
        "Subtype",
        "Sous-type",
        Opt("complete", "Complete", "Volledig", "Complète"),
        Opt(
            "incomplete",
            "Incomplete (more information follows, Art. 33(4))",
            "Onvolledig (verdere informatie volgt, art. 33.4 AVG)",
            "Incomplète (des informations suivront, art. 33.4 RGPD)",
        ),
        Opt("withdraw", "Withdraw", "Intrekking", "Retrait"),
        required=True,
    ),
    _f(
        "5",
        "1.1",
        TEXT,
        "Reasons for withdrawing a previous notification",
        "Reden voor de intrekking van een eerdere melding",
        "Motifs du retrait d'une notification antérieure",
    ),
    _f(
        "6",
        "1.1",
        TEXT,
        "ID of the previously notified breach",
        "Referentie van de eerdere melding",
        "Identifiant de la violation notifiée précédemment",
    ),
    _f(
        "7",
        "1.1",
        TEXT,
        "Controller's internal reference",
        "Interne referentie van de verwerkingsverantwoordelijke",
        "Référence interne du responsable du traitement",
        required=True,
    ),
    _f(
        "10",
        "1.1",
        CHOICE,
        "Type of identifier",
        "Soort identificatienummer",
        "Type d'identifiant",
        Opt("company_id", "Company ID", "Ondernemingsnummer", "Numéro d'entreprise"),
        Opt("organisation_number", "Organisation number", "Organisatienummer", "Numéro d'organisation"),
        Opt("vat", "VAT number", "Btw-nummer", "Numéro de TVA"),
    ),
    _f(
        "11",
        "1.1",
        TEXT,
        "Identifier",
        "Identificatienummer",
        "Identifiant",
    ),
    _f(
        "12",
        "1.1",
        TEXT,
        "Name of the organisation",
        "Naam van de organisatie",
        "Nom de l'organisation",
        required=True,
    ),
    _f(
        "13",
        "1.1",
        TEXT,
        "Contact details (address)",
        "Contactgegevens (adres)",
        "Coordonnées (adresse)",
        required=True,
    ),
    _f(
        "14",
        "1.1",
        CHOICE,
        "Sector",
        "Sector",
        "Secteur",
        Opt("private", "Private", "Privé", "Privé"),
        Opt("public", "Public", "Overheid", "Public"),
        person=True,
    ),
    _f(
        "15",
        "1.1",
        CHOICE,
        "Type of organisation",
        "Soort organisatie",
        "Type d'organisation",
        Opt("micro", "Micro-enterprise", "Micro-onderneming", "Micro-entreprise"),
        Opt("sme", "Small or medium-sized enterprise", "Kleine of middelgrote onderneming", "PME"),
        Opt("large", "Large enterprise", "Grote onderneming", "Grande entreprise"),
        OTHER,
        person=True,
    ),
    _f(
        "16",
        "1.1",
        TEXT,
        "Description of the organisation's activity",
        "Beschrijving van de activiteit van de organisatie",
        "Description de l'activité de l'organisation",
    ),
    _f(
        "17",
        "1.1",
        TEXT,
        "Economic activity (NACE code)",
        "Economische activiteit (NACE-code)",
        "Activité économique (code NACE)",
        person=True,
    ),
    _f(
        "18",
        "1.1",
        TEXT,
        "Name of the representative in the EEA (Art. 27)",
        "Naam van de vertegenwoordiger in de EER (art. 27 AVG)",
        "Nom du représentant dans l'EEE (art. 27 RGPD)",
        person=True,
    ),
    _f(
        "19",
        "1.1",
        TEXT,
        "Contact details of the representative in the EEA",
        "Contactgegevens van de vertegenwoordiger in de EER",
        "Coordonnées du représentant dans l'EEE",
        person=True,
    ),
    # --- 2.2 Reporting person ---------------------------------------------------------------------------------
    _f("21", "2.2", TEXT, "Name", "Naam", "Nom", required=True),
    _f("22", "2.2", TEXT, "Contact details", "Contactgegevens", "Coordonnées", required=True),
    _f(
        "23",
        "2.2",
        CHOICE,
        "Function",
        "Functie",
        "Fonction",
        Opt(
            "dpo",
            "Data protection officer",
            "Functionaris voor gegevensbescherming",
            "Délégué à la protection des données",
        ),
        Opt(
            "legal_representative",
            "Legal representative",
            "Wettelijk vertegenwoordiger",
            "Représentant légal",
        ),
        Opt(
            "other",
            "Authorised representative or other",
            "Gemachtigde of andere",
            "Mandataire ou autre",
        ),
        required=True,
        person=True,
    ),
    _f(
        "24",
        "2.2",
        TEXT,
        "Description of the function",
        "Beschrijving van de functie",
        "Description de la fonction",
        person=True,
    ),
    _f(
        "25",
        "2.2",
        TEXT,
        "National identification number (optional)",
        "Rijksregisternummer of nationaal identificatienummer (optioneel)",
        "Numéro d'identification national (facultatif)",
    ),
    _f(
        "26",
        "2.2",
        BOOLEAN,
        "The reporting person confirms the accuracy of the information and is responsible for it (optional)",
        "De melder bevestigt dat de informatie juist is en is er verantwoordelijk voor (optioneel)",
        "La personne qui notifie confirme l'exactitude des informations et en assume la responsabilité "
        "(facultatif)",
        *YES_NO,
        person=True,
    ),
    # --- 2.3.1 DPO and other parties --------------------------------------------------------------------------
    _f(
        "29",
        "2.3.1",
        BOOLEAN,
        "Has a data protection officer been designated?",
        "Is er een functionaris gegevensbescherming (FG) aangesteld?",
        "Un délégué à la protection des données a-t-il été désigné ?",
        *YES_NO,
        required=True,
        parts=P1,
    ),
    _f(
        "30",
        "2.3.1",
        TEXT,
        "Name of the DPO",
        "Naam van de FG",
        "Nom du DPO",
        parts=P1,
    ),
    _f(
        "31",
        "2.3.1",
        TEXT,
        "Contact details of the DPO",
        "Contactgegevens van de FG",
        "Coordonnées du DPO",
        parts=P1,
    ),
    _f(
        "33",
        "2.3.1",
        CHOICE,
        "More information can be obtained from",
        "Meer informatie is te verkrijgen bij",
        "Des informations complémentaires peuvent être obtenues auprès de",
        Opt("dpo", "The DPO", "De FG", "Le DPO"),
        Opt("reporting_person", "The reporting person", "De melder", "La personne qui notifie"),
        OTHER,
        parts=P1,
        person=True,
    ),
    _f(
        "34",
        "2.3.1",
        TEXT,
        "Name of the contact",
        "Naam van de contactpersoon",
        "Nom du contact",
        parts=P1,
        person=True,
    ),
    _f(
        "35",
        "2.3.1",
        TEXT,
        "Function of the contact",
        "Functie van de contactpersoon",
        "Fonction du contact",
        parts=P1,
        person=True,
    ),
    _f(
        "36",
        "2.3.1",
        TEXT,
        "Contact details of the contact",
        "Contactgegevens van de contactpersoon",
        "Coordonnées du contact",
        parts=P1,
        person=True,
    ),
    _f(
        "38",
        "2.3.1",
        BOOLEAN,
        "Are other parties involved (processors, joint controllers)?",
        "Zijn er andere partijen betrokken (verwerkers, gezamenlijke verwerkingsverantwoordelijken)?",
        "D'autres parties sont-elles impliquées (sous-traitants, responsables conjoints) ?",
        *YES_NO,
        parts=P2,
        person=True,
    ),
    _f(
        "39",
        "2.3.1",
        MULTI,
        "Qualification of the other parties",
        "Hoedanigheid van de andere partijen",
        "Qualité des autres parties",
        Opt("processor", "Processor", "Verwerker", "Sous-traitant"),
        Opt("sub_processor", "Sub-processor", "Subverwerker", "Sous-traitant ultérieur"),
        Opt(
            "joint_controller",
            "Joint controller",
            "Gezamenlijke verwerkingsverantwoordelijke",
            "Responsable conjoint du traitement",
        ),
        OTHER,
        parts=P2,
    ),
    _f(
        "40",
        "2.3.1",
        TEXT,
        "Name(s) of the other parties",
        "Naam of namen van de andere partijen",
        "Nom(s) des autres parties",
        parts=P2,
    ),
    _f(
        "41",
        "2.3.1",
        TEXT,
        "Contact details of the other parties",
        "Contactgegevens van de andere partijen",
        "Coordonnées des autres parties",
        parts=P2,
        person=True,
    ),
    # --- 3.1 Timeline -----------------------------------------------------------------------------------------
    _f(
        "44",
        "3.1",
        CHOICE,
        "When did the breach occur?",
        "Wanneer vond het gegevenslek plaats?",
        "Quand la violation a-t-elle eu lieu ?",
        Opt("specific_day", "On a specific day", "Op een bepaalde dag", "Un jour précis"),
        Opt("period", "From – to", "Van – tot", "Du – au"),
        Opt(
            "ongoing",
            "From a date, still ongoing",
            "Vanaf een datum, nog gaande",
            "Depuis une date, toujours en cours",
        ),
        Opt("cannot_determine", "Cannot be determined", "Kan niet worden bepaald", "Ne peut être déterminé"),
        TBD,
        required=True,
        parts=P1,
    ),
    _f(
        "45",
        "3.1",
        BOOLEAN,
        "Are the dates only estimated?",
        "Zijn de data slechts geschat?",
        "Les dates sont-elles seulement estimées ?",
        *YES_NO,
        parts=P1,
        person=True,
    ),
    _f(
        "46",
        "3.1",
        DATETIME,
        "Begin (date and time)",
        "Begin (datum en tijdstip)",
        "Début (date et heure)",
        parts=P1,
    ),
    _f(
        "47",
        "3.1",
        DATETIME,
        "End (date and time)",
        "Einde (datum en tijdstip)",
        "Fin (date et heure)",
        parts=P1,
    ),
    _f(
        "48",
        "3.1",
        DATETIME,
        "Date and time of awareness of the controller",
        "Datum en tijdstip van kennisname door de verwerkingsverantwoordelijke",
        "Date et heure de la prise de connaissance par le responsable du traitement",
        required=True,
        parts=P1,
    ),
    _f(
        "49",
        "3.1",
        TEXT,
        "Reasons for late notification",
        "Redenen voor de laattijdige melding",
        "Motifs de la notification tardive",
        parts=P1,
    ),
    _f(
        "50",
        "3.1",
        CHOICE,
        "How was the breach discovered?",
        "Hoe werd het gegevenslek ontdekt?",
        "Comment la violation a-t-elle été découverte ?",
        Opt(
            "controller",
            "By the controller",
            "Door de verwerkingsverantwoordelijke",
            "Par le responsable du traitement",
        ),
        Opt("processor", "By a processor", "Door een verwerker", "Par un sous-traitant"),
        Opt("data_subject", "By a data subject", "Door een betrokkene", "Par une personne concernée"),
        Opt("external", "By an external party", "Door een externe partij", "Par un tiers"),
        Opt("press", "Through the press", "Via de pers", "Par la presse"),
        OTHER,
        required=True,
        parts=P1,
    ),
    _f(
        "51",
        "3.1",
        TEXT,
        "Description of the discovery",
        "Beschrijving van de ontdekking",
        "Description de la découverte",
        parts=P1,
    ),
    _f(
        "52",
        "3.1",
        DATETIME,
        "Date of notification by the other party",
        "Datum van de melding door de andere partij",
        "Date de la notification par l'autre partie",
        parts=P1,
    ),
    _f(
        "53",
        "3.1",
        TEXT,
        "Comments on the timeline",
        "Opmerkingen bij de tijdlijn",
        "Commentaires sur la chronologie",
        parts=P1,
    ),
    # --- 3.2 Nature of the breach -----------------------------------------------------------------------------
    _f(
        "55",
        "3.2",
        MULTI,
        "Nature of the breach",
        "Aard van het gegevenslek",
        "Nature de la violation",
        Opt("confidentiality", "Confidentiality", "Vertrouwelijkheid", "Confidentialité"),
        Opt("integrity", "Integrity", "Integriteit", "Intégrité"),
        Opt("availability", "Availability", "Beschikbaarheid", "Disponibilité"),
        required=True,
        parts=P1,
    ),
    _f(
        "56",
        "3.2",
        CHOICE,
        "Type of confidentiality breach",
        "Soort inbreuk op de vertrouwelijkheid",
        "Type d'atteinte à la confidentialité",
        Opt(
            "exfiltrated",
            "Data exfiltrated or disclosed",
            "Gegevens buitgemaakt of bekendgemaakt",
            "Données exfiltrées ou divulguées",
        ),
        Opt(
            "likely",
            "Likely exfiltrated (no evidence)",
            "Waarschijnlijk buitgemaakt (zonder bewijs)",
            "Probablement exfiltrées (sans preuve)",
        ),
        Opt(
            "not_exfiltrated",
            "Not exfiltrated (reasonable evidence)",
            "Niet buitgemaakt (redelijk bewijs)",
            "Non exfiltrées (preuves raisonnables)",
        ),
        Opt("not_assessable", "Not possible to assess", "Niet te beoordelen", "Impossible à évaluer"),
        TBD,
        parts=P2,
    ),
    _f(
        "57",
        "3.2",
        CHOICE,
        "Were the data unintelligible, or the individuals not identifiable?",
        "Waren de gegevens onbegrijpelijk of de personen niet identificeerbaar?",
        "Les données étaient-elles inintelligibles ou les personnes non identifiables ?",
        Opt(
            "intact",
            "Yes, the protection is intact",
            "Ja, de bescherming is intact",
            "Oui, la protection est intacte",
        ),
        Opt(
            "subvertible",
            "Measures likely subvertible",
            "Maatregelen waarschijnlijk te omzeilen",
            "Mesures probablement contournables",
        ),
        Opt("no", "No", "Nee", "Non"),
        Opt("not_assessable", "Not possible to assess", "Niet te beoordelen", "Impossible à évaluer"),
        TBD,
        parts=P2,
    ),
    _f(
        "58",
        "3.2",
        CHOICE,
        "Type of integrity breach",
        "Soort inbreuk op de integriteit",
        "Type d'atteinte à l'intégrité",
        Opt(
            "altered",
            "Altered, no evidence of wrong use",
            "Gewijzigd, geen bewijs van verkeerd gebruik",
            "Modifiées, sans preuve d'utilisation erronée",
        ),
        Opt(
            "misused_reversible",
            "Altered and wrongly used, reversible",
            "Gewijzigd en verkeerd gebruikt, herstelbaar",
            "Modifiées et utilisées à tort, réversible",
        ),
        Opt(
            "misused_irreversible",
            "Altered and wrongly used, irreversible",
            "Gewijzigd en verkeerd gebruikt, onherstelbaar",
            "Modifiées et utilisées à tort, irréversible",
        ),
        parts=P2,
    ),
    _f(
        "59",
        "3.2",
        CHOICE,
        "Type of availability breach",
        "Soort inbreuk op de beschikbaarheid",
        "Type d'atteinte à la disponibilité",
        Opt("temporary", "Temporary", "Tijdelijk", "Temporaire"),
        Opt("permanent", "Permanent", "Permanent", "Permanente"),
        Opt("not_determined", "Not determined", "Niet bepaald", "Non déterminée"),
        parts=P2,
    ),
    _f(
        "60",
        "3.2",
        CHOICE,
        "Nature of the incident",
        "Aard van het incident",
        "Nature de l'incident",
        Opt(
            "employee_abuse",
            "Abuse of access rights by an employee",
            "Misbruik van toegangsrechten door een werknemer",
            "Abus de droits d'accès par un employé",
        ),
        Opt(
            "ransomware",
            "Device encrypted by ransomware",
            "Apparaat versleuteld door ransomware",
            "Appareil chiffré par un rançongiciel",
        ),
        Opt("hacking", "Hacking or malware", "Hacking of malware", "Piratage ou logiciel malveillant"),
        Opt(
            "phishing",
            "Phishing or social engineering",
            "Phishing of social engineering",
            "Hameçonnage ou ingénierie sociale",
        ),
        Opt(
            "vulnerability",
            "Vulnerability exploited (CVE, zero-day)",
            "Kwetsbaarheid misbruikt (CVE, zero-day)",
            "Vulnérabilité exploitée (CVE, zero-day)",
        ),
        Opt(
            "unauthorised_access",
            "Unauthorised access to IT systems",
            "Onbevoegde toegang tot IT-systemen",
            "Accès non autorisé aux systèmes informatiques",
        ),
        Opt("exfiltration", "Data exfiltration", "Exfiltratie van gegevens", "Exfiltration de données"),
        Opt(
            "wrong_subject",
            "Data of the wrong data subject shown",
            "Gegevens van de verkeerde betrokkene getoond",
            "Données de la mauvaise personne affichées",
        ),
        Opt(
            "device_lost", "Device lost or stolen", "Apparaat verloren of gestolen", "Appareil perdu ou volé"
        ),
        Opt(
            "e_waste",
            "E-waste not securely disposed of",
            "E-waste niet veilig afgevoerd",
            "Déchets électroniques mal éliminés",
        ),
        Opt(
            "paper_disposal",
            "Paper incorrectly disposed of",
            "Papier verkeerd weggegooid",
            "Papier mal éliminé",
        ),
        Opt(
            "mail",
            "Mail lost, opened or misdelivered",
            "Post verloren, geopend of verkeerd bezorgd",
            "Courrier perdu, ouvert ou mal distribué",
        ),
        Opt("misconfiguration", "Misconfiguration", "Verkeerde configuratie", "Erreur de configuration"),
        Opt(
            "access_permissions",
            "Incorrect access permissions",
            "Verkeerde toegangsrechten",
            "Droits d'accès incorrects",
        ),
        Opt(
            "paper_lost",
            "Paper lost, stolen or left insecure",
            "Papier verloren, gestolen of onbeveiligd achtergelaten",
            "Papier perdu, volé ou laissé sans protection",
        ),
        Opt(
            "deleted",
            "Data deleted or destroyed",
            "Gegevens gewist of vernietigd",
            "Données effacées ou détruites",
        ),
        Opt(
            "wrong_recipient_shown",
            "Data displayed to the wrong recipient",
            "Gegevens getoond aan de verkeerde ontvanger",
            "Données affichées au mauvais destinataire",
        ),
        Opt(
            "sent_by_mistake",
            "Data sent by mistake",
            "Gegevens per vergissing verstuurd",
            "Données envoyées par erreur",
        ),
        Opt(
            "no_bcc",
            "No BCC or open distribution list",
            "Geen BCC of open verzendlijst",
            "Absence de CCI ou liste de diffusion ouverte",
        ),
        Opt("malfunction", "Technical malfunction", "Technische storing", "Dysfonctionnement technique"),
        Opt(
            "modification", "Unauthorised modification", "Onbevoegde wijziging", "Modification non autorisée"
        ),
        Opt("publication", "Unintended publication", "Onbedoelde publicatie", "Publication involontaire"),
        Opt("verbal", "Verbal disclosure", "Mondelinge bekendmaking", "Divulgation verbale"),
        TBD,
        OTHER,
        required=True,
        parts=P2,
        person=True,
    ),
    _f(
        "61",
        "3.2",
        CHOICE,
        "Cause",
        "Oorzaak",
        "Cause",
        Opt(
            "internal_non_malicious",
            "Internal, non-malicious",
            "Intern, niet kwaadwillig",
            "Interne, non malveillante",
        ),
        Opt("internal_malicious", "Internal, malicious", "Intern, kwaadwillig", "Interne, malveillante"),
        Opt(
            "external_non_malicious",
            "External, non-malicious",
            "Extern, niet kwaadwillig",
            "Externe, non malveillante",
        ),
        Opt("external_malicious", "External, malicious", "Extern, kwaadwillig", "Externe, malveillante"),
        TBD,
        Opt("unknown", "Unknown", "Onbekend", "Inconnue"),
        required=True,
        parts=P2,
    ),
    _f(
        "62",
        "3.2",
        TEXT,
        "Description of the incident (root cause)",
        "Beschrijving van het incident (grondoorzaak)",
        "Description de l'incident (cause première)",
        required=True,
        parts=P1,
    ),
    _f(
        "63",
        "3.2",
        TEXT,
        "Systems, software or infrastructure involved, and their location",
        "Betrokken systemen, software of infrastructuur, en hun locatie",
        "Systèmes, logiciels ou infrastructures concernés, et leur emplacement",
        parts=P2,
    ),
    # --- 3.3 Data subjects ------------------------------------------------------------------------------------
    _f(
        "65",
        "3.3",
        MULTI,
        "Categories of data subjects",
        "Categorieën van betrokkenen",
        "Catégories de personnes concernées",
        Opt("customers", "Customers", "Klanten", "Clients"),
        Opt("employees", "Employees", "Werknemers", "Employés"),
        Opt(
            "military_law_enforcement",
            "Military or law-enforcement staff",
            "Militair of politiepersoneel",
            "Personnel militaire ou des forces de l'ordre",
        ),
        Opt("minors", "Minors", "Minderjarigen", "Mineurs"),
        Opt("patients", "Patients", "Patiënten", "Patients"),
        Opt("students", "Students", "Studenten", "Étudiants"),
        Opt("subscribers", "Subscribers", "Abonnees", "Abonnés"),
        Opt("users", "Users", "Gebruikers", "Utilisateurs"),
        Opt("vulnerable", "Vulnerable individuals", "Kwetsbare personen", "Personnes vulnérables"),
        Opt("additional", "Additional categories", "Andere categorieën", "Autres catégories"),
        Opt("not_yet_known", "Not yet known", "Nog niet bekend", "Pas encore connues"),
        required=True,
        parts=P1,
    ),
    _f(
        "66",
        "3.3",
        TEXT,
        "Additional categories of data subjects",
        "Andere categorieën van betrokkenen",
        "Autres catégories de personnes concernées",
        parts=P1,
    ),
    _f(
        "67",
        "3.3",
        CHOICE,
        "Number of data subjects",
        "Aantal betrokkenen",
        "Nombre de personnes concernées",
        *COUNT_KINDS,
        required=True,
        parts=P1,
    ),
    _f(
        "68",
        "3.3",
        NUMBER,
        "Number of data subjects (figure)",
        "Aantal betrokkenen (getal)",
        "Nombre de personnes concernées (chiffre)",
        parts=P1,
    ),
    # --- 3.4 Personal data ------------------------------------------------------------------------------------
    _f(
        "70",
        "3.4",
        MULTI,
        "Type of breached data",
        "Soort gelekte gegevens",
        "Type de données violées",
        Opt("basic", "Basic data", "Basisgegevens", "Données de base"),
        Opt("contact", "Contact data", "Contactgegevens", "Coordonnées"),
        Opt("biometric", "Biometric data", "Biometrische gegevens", "Données biométriques"),
        Opt(
            "criminal",
            "Criminal convictions and offences",
            "Strafrechtelijke gegevens",
            "Condamnations pénales et infractions",
        ),
        Opt("political", "Political opinions", "Politieke opvattingen", "Opinions politiques"),
        Opt(
            "racial_ethnic",
            "Racial or ethnic origin",
            "Ras of etnische afkomst",
            "Origine raciale ou ethnique",
        ),
        Opt(
            "religious",
            "Religious or philosophical beliefs",
            "Religieuze of levensbeschouwelijke overtuigingen",
            "Convictions religieuses ou philosophiques",
        ),
        Opt(
            "sex_life",
            "Sex life or sexual orientation",
            "Seksueel gedrag of seksuele gerichtheid",
            "Vie sexuelle ou orientation sexuelle",
        ),
        Opt("trade_union", "Trade-union membership", "Vakbondslidmaatschap", "Appartenance syndicale"),
        Opt("genetic", "Genetic data", "Genetische gegevens", "Données génétiques"),
        Opt("health", "Health data", "Gezondheidsgegevens", "Données de santé"),
        Opt(
            "financial",
            "Economic or financial data",
            "Economische of financiële gegevens",
            "Données économiques ou financières",
        ),
        Opt(
            "employment_health",
            "Employment-related health data",
            "Gezondheidsgegevens in verband met het werk",
            "Données de santé liées à l'emploi",
        ),
        Opt(
            "national_id",
            "Identification data (national ID number)",
            "Identificatiegegevens (rijksregisternummer)",
            "Données d'identification (numéro de registre national)",
        ),
        Opt("location", "Location data", "Locatiegegevens", "Données de localisation"),
        Opt("official_documents", "Official documents", "Officiële documenten", "Documents officiels"),
        Opt("payment_means", "Payment methods", "Betaalmiddelen", "Moyens de paiement"),
        Opt("profile", "Profile data", "Profielgegevens", "Données de profil"),
        Opt("credentials", "User credentials", "Inloggegevens", "Identifiants de connexion"),
        Opt("not_yet_known", "Not yet known", "Nog niet bekend", "Pas encore connues"),
        Opt("additional", "Additional types of data", "Andere soorten gegevens", "Autres types de données"),
        required=True,
        parts=P1,
    ),
    _f(
        "71",
        "3.4",
        TEXT,
        "Additional types of data",
        "Andere soorten gegevens",
        "Autres types de données",
        parts=P1,
    ),
    _f(
        "72",
        "3.4",
        CHOICE,
        "Number of personal data records",
        "Aantal records met persoonsgegevens",
        "Nombre d'enregistrements de données",
        *COUNT_KINDS,
        parts=P2,
        person=True,
    ),
    _f(
        "73",
        "3.4",
        NUMBER,
        "Number of personal data records (figure)",
        "Aantal records met persoonsgegevens (getal)",
        "Nombre d'enregistrements de données (chiffre)",
        parts=P2,
    ),
    # --- 3.5 Measures before ----------------------------------------------------------------------------------
    _f(
        "75",
        "3.5",
        MULTI,
        "Measures in place before the breach",
        "Maatregelen die vóór het gegevenslek van kracht waren",
        "Mesures en place avant la violation",
        Opt("pseudonymisation", "Pseudonymisation", "Pseudonimisering", "Pseudonymisation"),
        Opt("backup", "Backup and recovery", "Back-up en herstel", "Sauvegarde et restauration"),
        Opt("encryption", "Encryption", "Versleuteling", "Chiffrement"),
        Opt("policies", "Policies", "Beleid", "Politiques"),
        Opt("training", "Training", "Opleiding", "Formation"),
        Opt("incident_log", "Incident log", "Incidentenregister", "Registre des incidents"),
        Opt("access_levels", "Access levels", "Toegangsniveaus", "Niveaux d'accès"),
        Opt(
            "logical_access_control",
            "Logical access control (e.g. MFA)",
            "Logische toegangscontrole (bv. MFA)",
            "Contrôle d'accès logique (p. ex. MFA)",
        ),
        Opt("audits", "Audits", "Audits", "Audits"),
        Opt(
            "physical_access_control",
            "Physical access control",
            "Fysieke toegangscontrole",
            "Contrôle d'accès physique",
        ),
        Opt(
            "up_to_date_it",
            "Up-to-date IT systems",
            "Up-to-date IT-systemen",
            "Systèmes informatiques à jour",
        ),
        OTHER,
        parts=P2,
    ),
    _f(
        "76",
        "3.5",
        TEXT,
        "Description of the measures",
        "Beschrijving van de maatregelen",
        "Description des mesures",
        parts=P2,
    ),
    # --- 4.1 Likely consequences ------------------------------------------------------------------------------
    _f(
        "79",
        "4.1",
        MULTI,
        "Likely consequences of the breach of confidentiality",
        "Waarschijnlijke gevolgen van de inbreuk op de vertrouwelijkheid",
        "Conséquences probables de l'atteinte à la confidentialité",
        Opt(
            "beyond_purpose",
            "Disclosed beyond what the privacy notice or the law allows",
            "Bekendgemaakt buiten wat de privacyverklaring of de wet toestaat",
            "Divulguées au-delà de ce que permettent la politique de confidentialité ou la loi",
        ),
        Opt(
            "linked",
            "May be linked with other information about the data subjects",
            "Kunnen worden gekoppeld aan andere informatie over de betrokkenen",
            "Peuvent être rapprochées d'autres informations sur les personnes concernées",
        ),
        Opt(
            "unlawful_use",
            "May be used for other or unlawful purposes",
            "Kunnen voor andere of onrechtmatige doeleinden worden gebruikt",
            "Peuvent être utilisées à d'autres fins ou de manière illicite",
        ),
        OTHER,
        Opt("under_assessment", "Under assessment", "Wordt nog beoordeeld", "En cours d'évaluation"),
        parts=P2,
    ),
    _f(
        "80",
        "4.1",
        TEXT,
        "Other consequences of the breach of confidentiality",
        "Andere gevolgen van de inbreuk op de vertrouwelijkheid",
        "Autres conséquences de l'atteinte à la confidentialité",
        parts=P2,
        person=True,
    ),
    _f(
        "81",
        "4.1",
        MULTI,
        "Likely consequences of the breach of integrity",
        "Waarschijnlijke gevolgen van de inbreuk op de integriteit",
        "Conséquences probables de l'atteinte à l'intégrité",
        Opt(
            "used_invalid",
            "Used although no longer valid",
            "Gebruikt hoewel niet meer geldig",
            "Utilisées alors qu'elles ne sont plus valides",
        ),
        Opt(
            "modified_valid",
            "Modified into other valid data",
            "Gewijzigd in andere geldige gegevens",
            "Modifiées en d'autres données valides",
        ),
        parts=P2,
    ),
    _f(
        "82",
        "4.1",
        TEXT,
        "Other consequences of the breach of integrity",
        "Andere gevolgen van de inbreuk op de integriteit",
        "Autres conséquences de l'atteinte à l'intégrité",
        parts=P2,
        person=True,
    ),
    _f(
        "83",
        "4.1",
        MULTI,
        "Likely consequences of the breach of availability",
        "Waarschijnlijke gevolgen van de inbreuk op de beschikbaarheid",
        "Conséquences probables de l'atteinte à la disponibilité",
        Opt(
            "no_access",
            "Inability to access services",
            "Geen toegang tot diensten",
            "Impossibilité d'accéder aux services",
        ),
        Opt(
            "disruption", "Service disruption", "Verstoring van de dienstverlening", "Perturbation du service"
        ),
        parts=P2,
    ),
    _f(
        "84",
        "4.1",
        TEXT,
        "Other consequences of the breach of availability",
        "Andere gevolgen van de inbreuk op de beschikbaarheid",
        "Autres conséquences de l'atteinte à la disponibilité",
        parts=P2,
        person=True,
    ),
    _f(
        "85",
        "4.1",
        MULTI,
        "Nature of the potential impact on the data subjects",
        "Aard van de mogelijke gevolgen voor de betrokkenen",
        "Nature de l'impact potentiel sur les personnes concernées",
        Opt(
            "loss_of_control",
            "Loss of control over their personal data",
            "Verlies van controle over hun persoonsgegevens",
            "Perte de contrôle sur leurs données personnelles",
        ),
        Opt(
            "limitation_of_rights",
            "Limitation of their rights",
            "Beperking van hun rechten",
            "Limitation de leurs droits",
        ),
        Opt("discrimination", "Discrimination", "Discriminatie", "Discrimination"),
        Opt("identity_theft", "Identity theft", "Identiteitsdiefstal", "Usurpation d'identité"),
        Opt("fraud", "Fraud", "Fraude", "Fraude"),
        Opt("financial_loss", "Financial loss", "Financieel verlies", "Perte financière"),
        Opt(
            "pseudonymisation_reversal",
            "Unauthorised reversal of pseudonymisation",
            "Ongeoorloofde ongedaanmaking van pseudonimisering",
            "Levée non autorisée de la pseudonymisation",
        ),
        Opt("reputation", "Damage to reputation", "Reputatieschade", "Atteinte à la réputation"),
        Opt(
            "professional_secrecy",
            "Loss of confidentiality of data protected by professional secrecy",
            "Verlies van vertrouwelijkheid van door het beroepsgeheim beschermde gegevens",
            "Perte de confidentialité de données protégées par le secret professionnel",
        ),
        Opt(
            "third_party_disclosure",
            "Disclosure to third parties",
            "Bekendmaking aan derden",
            "Divulgation à des tiers",
        ),
        Opt(
            "economic_social_disadvantage",
            "Significant economic or social disadvantage",
            "Aanzienlijk economisch of maatschappelijk nadeel",
            "Préjudice économique ou social important",
        ),
        Opt(
            "physical_mental_harm",
            "Physical or mental harm",
            "Lichamelijke of geestelijke schade",
            "Dommage physique ou moral",
        ),
        Opt("property_damage", "Damage to property", "Materiële schade", "Dommage matériel"),
        OTHER,
        TBD,
        required=True,
        parts=P2,
    ),
    _f(
        "86",
        "4.1",
        TEXT,
        "Description of the potential impact",
        "Beschrijving van de mogelijke gevolgen",
        "Description de l'impact potentiel",
        parts=P2,
        person=True,
    ),
    _f(
        "87",
        "4.1",
        CHOICE,
        "Severity of the potential impact",
        "Ernst van de mogelijke gevolgen",
        "Gravité de l'impact potentiel",
        Opt("minor", "Minor", "Gering", "Mineure"),
        Opt("moderate", "Moderate", "Matig", "Modérée"),
        Opt("severe", "Severe", "Ernstig", "Grave"),
        TBD,
        required=True,
        parts=P2,
        person=True,
    ),
    # --- 4.2 Risk assessment ----------------------------------------------------------------------------------
    _f(
        "89",
        "4.2",
        CHOICE,
        "Outcome of the controller's risk assessment",
        "Uitkomst van de risicobeoordeling van de verwerkingsverantwoordelijke",
        "Résultat de l'évaluation du risque par le responsable du traitement",
        Opt("high", "High risk", "Hoog risico", "Risque élevé"),
        Opt("risk", "Risk (not high)", "Risico (niet hoog)", "Risque (non élevé)"),
        Opt(
            "unlikely",
            "Unlikely to result in a risk",
            "Leidt waarschijnlijk niet tot een risico",
            "Peu susceptible d'engendrer un risque",
        ),
        Opt(
            "more_information",
            "More information needed",
            "Meer informatie nodig",
            "Informations complémentaires nécessaires",
        ),
        required=True,
        parts=P2,
    ),
    _f(
        "90",
        "4.2",
        TEXT,
        "Methodology and factors of the assessment",
        "Methode en factoren van de beoordeling",
        "Méthode et facteurs de l'évaluation",
        parts=P2,
    ),
    # --- 4.3 Measures taken -----------------------------------------------------------------------------------
    _f(
        "92",
        "4.3",
        TEXT,
        "Measures taken to address the breach and mitigate its consequences",
        "Maatregelen genomen om het gegevenslek aan te pakken en de gevolgen te beperken",
        "Mesures prises pour remédier à la violation et en atténuer les conséquences",
        required=True,
    ),
    # --- 4.4 Prevention and communication ---------------------------------------------------------------------
    _f(
        "94",
        "4.4",
        TEXT,
        "Measures to prevent recurrence",
        "Maatregelen om herhaling te voorkomen",
        "Mesures pour éviter que la violation se reproduise",
        parts=P2,
        person=True,
        note="The template offers 15 options here; docs/domain.md §8.1 names only some of them, so this is a text.",
    ),
    _f(
        "95",
        "4.4",
        TEXT,
        "Description of the measures to prevent recurrence",
        "Beschrijving van de maatregelen om herhaling te voorkomen",
        "Description des mesures pour éviter que la violation se reproduise",
        parts=P2,
        person=True,
    ),
    _f(
        "97",
        "4.4",
        CHOICE,
        "Has the breach been communicated to the data subjects?",
        "Is het gegevenslek aan de betrokkenen meegedeeld?",
        "La violation a-t-elle été communiquée aux personnes concernées ?",
        Opt("yes", "Yes", "Ja", "Oui"),
        Opt(
            "not_yet",
            "No, they will be (on a date, or date to be determined)",
            "Nee, dat gebeurt nog (op een datum, of datum nog te bepalen)",
            "Non, elles le seront (à une date, ou date à déterminer)",
        ),
        Opt(
            "investigating",
            "No, the investigation is ongoing",
            "Nee, het onderzoek loopt nog",
            "Non, l'enquête est en cours",
        ),
        Opt(
            "not_high_risk",
            "No, unlikely to result in a high risk",
            "Nee, leidt waarschijnlijk niet tot een hoog risico",
            "Non, peu susceptible d'engendrer un risque élevé",
        ),
        Opt(
            "exemption",
            "No, an Art. 34(3) condition is met",
            "Nee, aan een voorwaarde van art. 34.3 AVG is voldaan",
            "Non, une condition de l'art. 34.3 RGPD est remplie",
        ),
        required=True,
    ),
    _f(
        "98",
        "4.4",
        DATETIME,
        "Date the data subjects were informed",
        "Datum waarop de betrokkenen werden ingelicht",
        "Date à laquelle les personnes concernées ont été informées",
    ),
    _f(
        "99",
        "4.4",
        DATE,
        "Planned date of the communication",
        "Geplande datum van de mededeling",
        "Date prévue de la communication",
        person=True,
    ),
    _f(
        "100",
        "4.4",
        MULTI,
        "Art. 34(3) condition met",
        "Voorwaarde van art. 34.3 AVG waaraan is voldaan",
        "Condition de l'art. 34.3 RGPD remplie",
        Opt(
            "a",
            "(a) The data were unintelligible to any unauthorised person",
            "(a) De gegevens waren onbegrijpelijk voor onbevoegden",
            "(a) Les données étaient incompréhensibles pour toute personne non autorisée",
        ),
        Opt(
            "b",
            "(b) Later measures ensure the high risk is no longer likely",
            "(b) Latere maatregelen zorgen dat het hoge risico zich waarschijnlijk niet meer voordoet",
            "(b) Des mesures ultérieures garantissent que le risque élevé n'est plus susceptible de se matérialiser",
        ),
        Opt(
            "c",
            "(c) Telling each person would take disproportionate effort (public communication instead)",
            "(c) Iedereen afzonderlijk inlichten vergt onevenredige inspanningen (openbare mededeling in de plaats)",
            "(c) Informer chaque personne exigerait des efforts disproportionnés (communication publique à la place)",
        ),
    ),
    _f(
        "101",
        "4.4",
        TEXT,
        "Reasoning for the Art. 34(3) condition",
        "Motivering van de voorwaarde van art. 34.3 AVG",
        "Justification de la condition de l'art. 34.3 RGPD",
        person=True,
    ),
    _f(
        "102",
        "4.4",
        CHOICE,
        "Were all data subjects informed?",
        "Werden alle betrokkenen ingelicht?",
        "Toutes les personnes concernées ont-elles été informées ?",
        Opt("all", "All", "Allemaal", "Toutes"),
        Opt("not_all", "Not all", "Niet allemaal", "Pas toutes"),
    ),
    _f(
        "103",
        "4.4",
        TEXT,
        "Why not all data subjects were informed",
        "Waarom niet alle betrokkenen werden ingelicht",
        "Pourquoi toutes les personnes concernées n'ont pas été informées",
    ),
    _f(
        "104",
        "4.4",
        MULTI,
        "Means of communication",
        "Wijze van mededeling",
        "Moyens de communication",
        Opt(
            "individual",
            "Individual communication (e-mail, letter)",
            "Individuele mededeling (e-mail, brief)",
            "Communication individuelle (e-mail, courrier)",
        ),
        Opt("public", "Public announcement", "Openbare mededeling", "Communication publique"),
        OTHER,
    ),
    _f(
        "105",
        "4.4",
        TEXT,
        "Other means of communication",
        "Andere wijze van mededeling",
        "Autres moyens de communication",
        person=True,
    ),
    _f(
        "106",
        "4.4",
        TEXT,
        "Content of the communication",
        "Inhoud van de mededeling",
        "Contenu de la communication",
        person=True,
    ),
    # --- 6.1 Other notifications ------------------------------------------------------------------------------
    _f(
        "109",
        "6.1",
        BOOLEAN,
        "Reported to the police or judicial authorities?",
        "Aangifte gedaan bij de politie of het gerecht?",
        "Signalée à la police ou aux autorités judiciaires ?",
        *YES_NO,
        parts=P2,
        person=True,
    ),
    _f(
        "110",
        "6.1",
        BOOLEAN,
        "Notified to other authorities (e.g. the national CSIRT)?",
        "Gemeld aan andere instanties (bv. het nationale CSIRT)?",
        "Notifiée à d'autres autorités (p. ex. le CSIRT national) ?",
        *YES_NO,
        parts=P2,
        person=True,
    ),
    _f(
        "111",
        "6.1",
        TEXT,
        "Details and case references",
        "Details en dossiernummers",
        "Détails et références des dossiers",
        parts=P2,
        person=True,
    ),
    # --- 6.2 Cross-border (EEA controller) --------------------------------------------------------------------
    _f(
        "113",
        "6.2",
        BOOLEAN,
        "Cross-border processing?",
        "Grensoverschrijdende verwerking?",
        "Traitement transfrontalier ?",
        *YES_NO,
        parts=P1,
    ),
    _f(
        "114",
        "6.2",
        TEXT,
        "Lead supervisory authority",
        "Leidende toezichthoudende autoriteit",
        "Autorité de contrôle chef de file",
        parts=P1,
    ),
    _f(
        "115",
        "6.2",
        COUNTRIES,
        "EEA countries with establishments of the controller",
        "EER-landen met vestigingen van de verwerkingsverantwoordelijke",
        "Pays de l'EEE où le responsable du traitement a des établissements",
        parts=P1,
    ),
    _f(
        "116",
        "6.2",
        COUNTRIES,
        "Countries of the affected data subjects",
        "Landen van de getroffen betrokkenen",
        "Pays des personnes concernées",
        parts=P1,
    ),
    _f(
        "117",
        "6.2",
        PER_COUNTRY,
        "Number of data subjects per country",
        "Aantal betrokkenen per land",
        "Nombre de personnes concernées par pays",
        parts=P1,
    ),
    _f(
        "118",
        "6.2",
        LIST,
        "Other supervisory authorities notified",
        "Andere toezichthoudende autoriteiten ingelicht",
        "Autres autorités de contrôle notifiées",
        parts=P1,
    ),
    # --- 6.3 Non-EEA controller; attachments -----------------------------------------------------------------
    _f(
        "120",
        "6.3",
        BOOLEAN,
        "Does the GDPR apply through Art. 3(2)?",
        "Is de AVG van toepassing via art. 3.2?",
        "Le RGPD s'applique-t-il en vertu de l'art. 3.2 ?",
        *YES_NO,
        parts=P1,
        person=True,
    ),
    _f(
        "121",
        "6.3",
        COUNTRIES,
        "Countries of the affected data subjects (controller outside the EEA)",
        "Landen van de getroffen betrokkenen (verwerkingsverantwoordelijke buiten de EER)",
        "Pays des personnes concernées (responsable hors EEE)",
        parts=P1,
    ),
    _f(
        "122",
        "6.3",
        PER_COUNTRY,
        "Number of data subjects per country (controller outside the EEA)",
        "Aantal betrokkenen per land (verwerkingsverantwoordelijke buiten de EER)",
        "Nombre de personnes concernées par pays (responsable hors EEE)",
        parts=P1,
    ),
    _f(
        "123",
        "6.3",
        LIST,
        "Supervisory authorities notified (controller outside the EEA)",
        "Toezichthoudende autoriteiten ingelicht (verwerkingsverantwoordelijke buiten de EER)",
        "Autorités de contrôle notifiées (responsable hors EEE)",
        parts=P1,
    ),
    _f(
        "125",
        "6.3",
        BOOLEAN,
        "Are documents attached?",
        "Zijn er documenten bijgevoegd?",
        "Des documents sont-ils joints ?",
        *YES_NO,
        parts=P2,
        person=True,
    ),
    _f(
        "126",
        "6.3",
        MULTI,
        "Attachments",
        "Bijlagen",
        "Pièces jointes",
        Opt(
            "communication",
            "Communication to the data subjects",
            "Mededeling aan de betrokkenen",
            "Communication aux personnes concernées",
        ),
        Opt("risk_assessment", "Risk assessment", "Risicobeoordeling", "Évaluation du risque"),
        Opt("investigation_report", "Investigation report", "Onderzoeksrapport", "Rapport d'enquête"),
        Opt("ransom_note", "Ransom note", "Losgeldbericht", "Demande de rançon"),
        Opt("phishing_message", "Phishing message", "Phishingbericht", "Message d'hameçonnage"),
        Opt(
            "breach_procedure",
            "Breach procedure",
            "Procedure voor datalekken",
            "Procédure en cas de violation",
        ),
        Opt("deletion_policy", "Deletion policy", "Verwijderbeleid", "Politique d'effacement"),
        Opt(
            "wrong_recipients",
            "Communication to the wrong recipients",
            "Bericht aan de verkeerde ontvangers",
            "Communication aux mauvais destinataires",
        ),
        Opt("external_notification", "External notification", "Externe melding", "Notification externe"),
        OTHER,
        parts=P2,
        person=True,
    ),
)

BY_ID: dict[str, Field] = {f.id: f for f in FIELDS}
SECTION_TITLES: dict[str, Section] = {s.number: s for s in SECTIONS}


def sections() -> list[tuple[Section, list[Field]]]:
    """The template's sections in order, each with its fields."""
    return [(s, [f for f in FIELDS if f.section == s.number]) for s in SECTIONS]


# --- the JSON Schema of the export -----------------------------------------------------------------------------

COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$"}


def value_schema(f: Field) -> dict[str, Any]:
    """The JSON Schema of one field's value (always nullable: null when missing)."""
    typed: dict[str, Any] = {
        TEXT: {"type": "string", "minLength": 1},
        DATE: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        DATETIME: {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"},
        NUMBER: {"type": "integer", "minimum": 0},
        BOOLEAN: {"type": "boolean"},
        CHOICE: {"enum": list(f.option_keys)},
        MULTI: {"type": "array", "items": {"enum": list(f.option_keys)}, "uniqueItems": True},
        COUNTRIES: {"type": "array", "items": COUNTRY, "uniqueItems": True},
        PER_COUNTRY: {
            "type": "object",
            "propertyNames": COUNTRY,
            "additionalProperties": {"type": "integer", "minimum": 0},
        },
        LIST: {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
    }[f.type]
    return {"anyOf": [typed, {"type": "null"}]}


def entry_schema(f: Field) -> dict[str, Any]:
    return {
        "type": "object",
        "title": f"{f.id}. {f.en}",
        "required": ["id", "value", "provenance"],
        "additionalProperties": False,
        "properties": {
            "id": {"const": f.id},
            "value": value_schema(f),
            "provenance": {"enum": ["recorded", "derived", "missing"]},
            "applies": {"type": "boolean", "description": "false: the field does not apply to this notice"},
        },
        # A missing answer has no value; an answer with a value is not missing.
        "if": {"properties": {"provenance": {"const": "missing"}}},
        "then": {"properties": {"value": {"type": "null"}}},
        "else": {
            "if": {"properties": {"applies": {"const": False}}},
            "else": {"properties": {"value": {"not": {"type": "null"}}}},
        },
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the export: one entry per field, in the template's order, under its own number."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://datalek.example/schemas/edpb-2026.schema.json",
        "title": "Personal data breach notification in the EDPB common template (draft v1.0, 2026)",
        "type": "object",
        "required": ["template", "notice", "fields"],
        "additionalProperties": False,
        "properties": {
            "template": {"const": TEMPLATE},
            "notice": {
                "type": ["integer", "null"],
                "description": "Datalek's notice id (null for an import)",
            },
            "fields": {
                "type": "array",
                "prefixItems": [entry_schema(f) for f in FIELDS],
                "items": False,
                "minItems": len(FIELDS),
            },
        },
    }


SCHEMA_PATH = Path(__file__).parent / "schemas" / "edpb-2026.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema kept in the repository (a test holds it equal to ``json_schema()``)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validation_errors(data: Any) -> dict[str, list[str]]:
    """What is wrong with a document in the template's JSON, by the template's field number (or the top-level
    key): empty when it is valid against the schema."""
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = list(error.absolute_path)
        where = _where(data, path)
        errors.setdefault(where, []).append(_message(error, path))
    return errors


def _where(data: Any, path: list) -> str:
    """``["fields", 12, "value"]`` → the field number of entry 12 (as the template numbers it)."""
    if len(path) >= 2 and path[0] == "fields" and isinstance(path[1], int):
        if path[1] < len(FIELDS):
            return FIELDS[path[1]].id
        return f"fields[{path[1]}]"
    return str(path[0]) if path else "fields" if isinstance(data, dict) and "fields" in data else "template"


def _message(error, path: list) -> str:
    rest = ".".join(str(p) for p in path[2:]) if len(path) > 2 else ""
    text = error.message if len(error.message) <= 200 else error.message[:200] + "…"
    return f"{rest}: {text}" if rest else text
