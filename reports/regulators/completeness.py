"""An honest completeness check of a regulator's form: every question of the form's reference structure counts.

Each question of the structure (docs/forms.md for the AP and the CNIL; the EDPB common template, docs/domain.md §8.1,
for the GBA/APD and for every authority without a form of its own) is, on a given notice, one of:

- ``answered``: Datalek maps it and the notice answers it (recorded or derived, with that tag);
- ``not_applicable``: Datalek maps it, and the notice's facts make it not asked (no end date for a breach still
  going on, no integrity consequence for a breach of confidentiality only);
- ``missing``: Datalek maps it and the answer is not known yet (``required`` when the form needs it);
- ``not_covered``: Datalek does not map it — *answer it in the regulator's portal*. Listed, never silently absent;
- ``other_part``: (GBA) asked in the other part of the Belgian notification.

"Nothing missing" is said only when no required answer is missing. ``coverage(form)`` gives mapped / total of the
reference structure, as the README's Documents section states it (measured by tests/reports/test_completeness.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from reports.regulators import edpb, edpb_template, gba
from reports.regulators.common import Answer, Form
from reports.regulators.edpb_labels import LABELS

ANSWERED, NOT_APPLICABLE, MISSING, NOT_COVERED, OTHER_PART = (
    "answered",
    "not_applicable",
    "missing",
    "not_covered",
    "other_part",
)


@dataclass(frozen=True)
class Question:
    """One question of a form's reference structure: its number (the form's own, or the section's where the form
    numbers sections only), its wording in the form's language, and ``match``: the words by which Datalek's answer
    to it is found (None: Datalek does not map it)."""

    number: str
    question: str
    match: str | None
    note: str = ""

    @property
    def covered(self) -> bool:
        return self.match is not None


@dataclass(frozen=True)
class Item:
    number: str
    question: str
    status: str
    mark: str = ""  # recorded / derived for an answer, missing for a missing one
    required: bool = False
    note: str = ""
    key: str = ""  # a person may record it on the draft (the notice page)


@dataclass
class Completeness:
    form: str
    items: list[Item] = field(default_factory=list)
    language: str = "en"
    acknowledgement: Any = None  # the latest recorded acknowledgement of missing answers (Art. 33(4))

    @property
    def words(self) -> dict[str, str]:
        """The document's words for the check, in the form's language."""
        return DOC_WORDS.get(self.language, DOC_WORDS["en"])

    @property
    def structure(self) -> str:
        """Where the form's structure comes from and how sure it is, in the form's language (the document)."""
        said = DOC_STRUCTURE.get(self.form, {})
        return said.get(self.language) or said.get("en", "")

    def _of(self, *statuses: str) -> list[Item]:
        return [i for i in self.items if i.status in statuses]

    @property
    def answered(self) -> list[Item]:
        return self._of(ANSWERED, NOT_APPLICABLE)

    @property
    def missing(self) -> list[Item]:
        return self._of(MISSING)

    @property
    def required_missing(self) -> list[Item]:
        return [i for i in self.missing if i.required]

    @property
    def optional_empty(self) -> list[Item]:
        return [i for i in self.missing if not i.required]

    @property
    def not_covered(self) -> list[Item]:
        return self._of(NOT_COVERED)

    @property
    def other_part(self) -> list[Item]:
        return self._of(OTHER_PART)

    @property
    def nothing_missing(self) -> bool:
        return not self.required_missing

    @property
    def total(self) -> int:
        return len(self.items) - len(self.other_part)

    @property
    def mapped(self) -> int:
        return self.total - len(self.not_covered)


# --- the reference structures ---------------------------------------------------------------------------------

_UNKNOWN_AP = "Niet in kaart gebracht door OpenVWR: de vraag is onbekend. Bekijk haar in het meldformulier."

AP: tuple[Question, ...] = (
    Question("1.1", "Wat voor soort melding wilt u doen?", "soort melding"),
    Question("1.2", "Op grond van welke wettelijke bepaling doet u deze melding?", "wettelijke bepaling"),
    Question("1.3", "Heeft u de inbreuk gemeld bij toezichthouders op andere meldplichten?", "andere meldplichten"),
    Question("2.1.1", "Heeft de inbreuk gevolgen voor personen in meerdere landen?", "meerdere landen"),
    Question("2.2.1", "Heeft uw organisatie de inbreuk gemeld bij andere privacytoezichthouders?", "privacytoezicht"),
    Question("3.1.1", "Naam van het bedrijf of de organisatie", "Naam van het bedrijf"),
    Question("3.1.1", "Verwerkingsverantwoordelijke(n)", None),
    Question("3.1.1", "Adres, postcode en plaats", "Adres, postcode"),
    Question("3.1.1", "Registratienummer van de FG", "Registratienummer van de FG"),
    Question("3.1.1", "KvK-nummer", "KvK-nummer"),
    Question("3.1.2", "In welke sector is de organisatie actief?", "sector"),
    Question("3.2.1", "Wie meldt de inbreuk? — naam", "— naam"),
    Question("3.2.1", "Wie meldt de inbreuk? — functie", "— functie"),
    Question("3.2.1", "Wie meldt de inbreuk? — e-mailadres", "— e-mailadres"),
    Question("3.2.1", "Wie meldt de inbreuk? — telefoonnummer", "— telefoonnummer"),
    Question("3.2.2", "Contactpersoon voor de AP, indien afwijkend van de melder", "Contactpersoon"),
    Question("3.3", "Waren er andere organisaties betrokken bij de inbreuk?", "andere organisaties"),
    Question("4.1.1", "(Mogelijke) startdatum van de inbreuk", "startdatum"),
    Question("4.1.2", "(Mogelijke) einddatum van de inbreuk", "einddatum"),
    Question("4.2", "Wanneer is het incident ontdekt?", "ontdekt"),
    Question("4.3", "Geef (kort) aan hoe u de inbreuk heeft ontdekt", "hoe u de inbreuk"),
    Question("4.4", "Vraag 4.4", None, _UNKNOWN_AP),
    Question("4.5", "Indien later dan 72 uur gemeld: waarom?", "72 uur"),
    Question("5.1", "Aard van de inbreuk (vertrouwelijkheid, integriteit, beschikbaarheid)", "Aard van de inbreuk"),
    Question("5.2", "Aard van het incident", "Aard van het incident"),
    Question("5.3", "Beschrijving van het incident", "Beschrijving"),
    Question("5.4", "Ondersteunende documentatie", "documentatie"),
    Question("6.1", "Persoonsgegevens in het algemeen", "in het algemeen"),
    Question("6.2", "Bijzondere categorieën van persoonsgegevens", "Bijzondere"),
    Question("6.3.1", "Hoeveel gegevensrecords zijn getroffen?", "gegevensrecords"),
    Question("7.1", "Welke groep(en) betrokkenen zijn getroffen?", "Welke groep"),
    Question("7.2", "Nadere omschrijving van de groep(en) betrokkenen", "Nadere omschrijving"),
    Question("7.3", "Aantal betrokkenen (exact, of minimum en maximum)", "Aantal betrokkenen"),
    Question("8.1", "Waren de persoonsgegevens vooraf versleuteld, gehasht of anderszins ontoegankelijk?", "versleuteld"),
    Question("9.1", "(Mogelijke) gevolgen voor de verwerkingsverantwoordelijke en de persoonsgegevens", "gevolgen voor de verw"),
    Question("9.2", "(Mogelijke) gevolgen voor de betrokkene(n)", "gevolgen voor de betrokkene"),
    Question("9.3", "Inschatting ernst: verwaarloosbaar, beperkt, aanzienlijk of zeer groot", "Inschatting ernst"),
    Question("10.1.1", "Heeft u de inbreuk gemeld aan de betrokkene(n)?", "gemeld aan de betrokkene"),
    Question("10.1.2", "Vraag 10.1.2", None, _UNKNOWN_AP),
    Question("10.1.3", "Aan hoeveel personen heeft u de inbreuk gemeld?", "hoeveel personen"),
    Question("10.1.4", "Vraag 10.1.4", None, _UNKNOWN_AP),
    Question("10.1.5", "Vraag 10.1.5", None, _UNKNOWN_AP),
    Question("10.1.6", "Vraag 10.1.6", None, _UNKNOWN_AP),
    Question("10.1.7", "Op welke wijze zijn de betrokkenen geïnformeerd?", "Op welke wijze"),
    Question("10.2", "Welke maatregelen heeft u getroffen?", "maatregelen"),
)  # fmt: skip

CNIL: tuple[Question, ...] = (
    Question("1", "Type de notification", "Type de notification"),
    Question("2", "Numéro SIREN", "SIREN"),
    Question("2", "Dénomination", "Dénomination"),
    Question("2", "Numéro de TVA intracommunautaire", "TVA"),
    Question("2", "Secteur d'activité", "Secteur"),
    Question("2", "Effectif", "Effectif"),
    Question("2", "Adresse postale, code postal, ville", "Adresse postale"),
    Question("2", "Pays", "Pays"),
    Question("3", "Coordonnées du responsable légal : civilité, nom, prénom, adresse électronique", "Civilité, nom"),
    Question("4", "Personne à contacter : civilité", None),
    Question("4", "Personne à contacter : nom, prénom", "Nom, prénom"),
    Question("4", "Personne à contacter : fonction", "Fonction"),
    Question("4", "Personne à contacter : adresse électronique", "Adresse électronique"),
    Question("4", "Personne à contacter : téléphone", "Téléphone"),
    Question("5", "Autres organismes impliqués (p. ex. sous-traitants)", "Autres organismes"),
    Question("6", "Période déterminée", "Période déterminée"),
    Question("6", "Début (date/heure)", "de début"),
    Question("6", "Fin (date/heure)", "de fin"),
    Question("6", "Toujours en cours", "Toujours en cours"),
    Question("6", "Prise de connaissance", "prise de connaissance"),
    Question("6", "Commentaires sur les dates", "Commentaires"),
    Question("6", "Circonstances de la découverte", "Circonstances"),
    Question("6", "Motifs de retard", "Motifs de retard"),
    Question("7", "Nature de la violation", "Nature de la violation"),
    Question("7", "Origine de l'incident", "Origine"),
    Question("7", "Cause de l'incident", "Cause"),
    Question("7", "Descriptif détaillé", "Descriptif"),
    Question("8", "Catégories de données", "Catégories de données"),
    Question("8", "Données sensibles", "Données sensibles"),
    Question("8", "Nombre approximatif d'enregistrements concernés", "enregistrements"),
    Question("8", "Catégories de personnes concernées", "Catégories de personnes"),
    Question("8", "Nombre approximatif de personnes concernées", "Nombre approximatif de personnes"),
    Question("9", "Mesures de sécurité préalables à la violation", "préalables"),
    Question("10", "Conséquences en cas de perte de confidentialité", "confidentialité"),
    Question("10", "Conséquences en cas de perte d'intégrité", "intégrité"),
    Question("10", "Conséquences en cas de perte de disponibilité", "disponibilité"),
    Question("11", "Préjudices potentiels pour les personnes concernées", "Préjudices"),
    Question("11", "Estimation du niveau de gravité", "gravité"),
    Question("12", "Mesures techniques et organisationnelles appliquées suite à la violation", "Mesures techniques"),
    Question("13", "Communication aux personnes concernées : statut", "informées"),
    Question("13", "Communication aux personnes concernées : date prévue", None),
    Question("13", "Communication aux personnes concernées : moyen utilisé", "Moyen utilisé"),
    Question("14", "Traitement transfrontalier", "transfrontalier"),
    Question("14", "Notification à une autre autorité de protection des données", "autre autorité"),
    Question("14", "Autres notifications", "Autres notifications"),
)  # fmt: skip

# The EDPB common template's fields (docs/domain.md §8.1), one entry per field number, in English (the template's
# language); a field Datalek renders is looked up by its number.
# Where each form's structure comes from and how sure it is, for the notice page (the documents say it in the
# form's own language: reports/templates/reports/authority/_structure.html).
STRUCTURE_SOURCE = {
    "ap": _(
        "The AP's question numbers and chapters follow OpenVWR's reconstruction of the online form (a third party), "
        "not the AP's own questionnaire, which was not available; the wording of the questions and options is "
        "not verified against it. Questions OpenVWR does not map (4.4, 10.1.2, 10.1.4–10.1.6) are unknown."
    ),
    "cnil": _(
        "The CNIL's 14 sections follow a preparation document based on the CNIL's July 2023 template (a mirror, "
        "not checked against the template itself); the answer options are the CNIL's open-data values where "
        "they exist, otherwise those of mirrors."
    ),
    "gba": _(
        "The GBA/APD's field list is not public: the answers follow the fields of the EDPB common template "
        "(2026 draft, from an open-source extraction of it), not the GBA's own form."
    ),
    "edpb": _(
        "The fields and numbers of the EDPB common template (2026 draft), from an open-source extraction of the "
        "EDPB's document; its final version is not known yet."
    ),
}


# The documents' own words (a document is in the form's language, whatever the reader's: see the AP's and the CNIL's
# templates), for the check and for where the structure comes from.
DOC_WORDS = {
    "nl": {
        "title": "Volledigheid van het formulier",
        "answered": "Beantwoord",
        "of": "van de",
        "questions": "vragen van het formulier",
        "nothing_missing": "Er ontbreekt geen verplicht antwoord.",
        "missing": "Ontbreekt",
        "optional": "optioneel",
        "not_covered": "Niet gedekt door Datalek: beantwoord deze vragen in het portaal van de toezichthouder",
        "other_part": "Gevraagd in het andere deel van de melding",
        "structure": "Herkomst van de structuur",
        "acknowledged": "Gefaseerde melding (art. 33 lid 4 AVG)",
        "acknowledged_by": "De FG heeft bevestigd dat deze antwoorden nog ontbreken en in een aanvulling volgen",
        "follows": "Volgt later",
    },
    "fr": {
        "title": "Complétude du formulaire",
        "answered": "Réponses données",
        "of": "sur",
        "questions": "questions du formulaire",
        "nothing_missing": "Aucune réponse obligatoire ne manque.",
        "missing": "Manquant",
        "optional": "facultatif",
        "not_covered": "Non couvert par Datalek : répondez à ces questions dans le portail de l'autorité",
        "other_part": "Demandé dans l'autre partie de la notification",
        "structure": "Origine de la structure",
        "acknowledged": "Notification par étapes (article 33.4 du RGPD)",
        "acknowledged_by": "Le DPO a confirmé que ces réponses manquent encore et suivront dans une notification "
        "complémentaire",
        "follows": "Suivra",
    },
    "en": {
        "title": "Completeness of the form",
        "answered": "Answered",
        "of": "of",
        "questions": "questions of the form",
        "nothing_missing": "No required answer is missing.",
        "missing": "Missing",
        "optional": "optional",
        "not_covered": "Not covered by Datalek: answer these questions in the regulator's portal",
        "other_part": "Asked in the other part of the notification",
        "structure": "Where the structure comes from",
        "acknowledged": "Information in phases (Art. 33(4) GDPR)",
        "acknowledged_by": "The DPO acknowledged that these answers are still missing and follow in a follow-up",
        "follows": "Follows later",
    },
}
DOC_STRUCTURE = {
    "ap": {
        "nl": "De vraagnummers en hoofdstukken volgen de reconstructie van het online meldformulier door OpenVWR "
        "(een derde partij), niet de eigen vragenlijst van de AP, die niet beschikbaar was; de formulering van "
        "vragen en keuzes is daaraan niet getoetst. Vragen die OpenVWR niet in kaart bracht (4.4, 10.1.2, "
        "10.1.4–10.1.6) zijn onbekend.",
    },
    "cnil": {
        "fr": "Les 14 rubriques suivent un document préparatoire établi d'après la trame de la CNIL de juillet 2023 "
        "(un miroir, non vérifié contre la trame elle-même) ; les options de réponse sont les valeurs de l'open "
        "data de la CNIL lorsqu'elles existent, sinon celles de miroirs.",
    },
    "gba": {
        "nl": "De veldlijst van de GBA is niet openbaar: de antwoorden volgen de velden van het gemeenschappelijke "
        "EDPB-sjabloon (ontwerp 2026, volgens een open-source extractie ervan), niet het eigen formulier van de GBA.",
        "fr": "La liste des champs de l'APD n'est pas publique : les réponses suivent les champs du modèle commun "
        "de l'EDPB (projet 2026, d'après une extraction open source), non le formulaire propre de l'APD.",
    },
    "edpb": {
        "en": "The fields and numbers of the EDPB common template (2026 draft), from an open-source extraction of "
        "the EDPB's document; its final version is not known yet.",
    },
}


def reference(form: str, language: str = "en") -> tuple[Question, ...]:
    """The form's reference structure: every question it asks, mapped by Datalek or not."""
    if form == "ap":
        return AP
    if form == "cnil":
        return CNIL
    if form in ("gba", "edpb"):
        covered = edpb.covered_ids()
        return tuple(
            Question(f.id, f.question(language), f.id if f.id in covered else None)
            for f in edpb_template.FIELDS
        )
    raise ValueError(f"unknown form {form!r}")


def _find(form: Form, question: Question) -> Answer | None:
    for section in form.sections:
        for answer in section.answers:
            number = answer.number or section.number
            if _matches(question, number, answer):
                return answer
    return None


def _matches(question: Question, number: str, answer: Answer) -> bool:
    if number != question.number:
        return False
    return question.match == question.number or (question.match or "\0") in answer.question


def check(
    form_code: str, built: Form, *, language: str = "en", part_numbers: set[str] | None = None
) -> Completeness:
    """Every question of ``form_code``'s reference structure, classified on the notice's built form ``built``.
    ``part_numbers``: (GBA) the fields of the part this notice is; the others are asked in the other part."""
    result = Completeness(form_code, language=language)
    rendered = {a.number or s.number for s in built.sections for a in s.answers}
    for question in reference(form_code, language):
        if not question.covered:
            result.items.append(Item(question.number, question.question, NOT_COVERED, note=question.note))
            continue
        if part_numbers is not None and question.number not in part_numbers | rendered:
            result.items.append(Item(question.number, question.question, OTHER_PART))
            continue
        answer = _find(built, question)
        if answer is None or _not_applicable(answer, language):
            result.items.append(Item(question.number, question.question, NOT_APPLICABLE))
        elif answer.is_missing:
            result.items.append(
                Item(
                    question.number,
                    question.question,
                    MISSING,
                    answer.mark,
                    required=True,
                    note=answer.note,
                    key=answer.key,
                )
            )
        elif not answer.lines and not answer.chosen:
            result.items.append(
                Item(
                    question.number,
                    question.question,
                    MISSING,
                    "",
                    required=False,
                    note=answer.note,
                    key=answer.key,
                )
            )
        else:
            result.items.append(
                Item(question.number, question.question, ANSWERED, answer.mark, key=answer.key)
            )
    return result


def _not_applicable(answer: Answer, language: str) -> bool:
    """An answer the form shows as not applying to this notice (the EDPB document says so in its note)."""
    said = LABELS.get(language, LABELS["en"]).get("not_applicable")
    return bool(said) and not answer.lines and not answer.chosen and not answer.mark and answer.note == said


def unplaced(form_code: str, built: Form, *, language: str = "en") -> list[Answer]:
    """The built form's numbered answers that no question of the reference structure claims (a drift between the
    form and its structure: the tests keep this empty)."""
    questions = reference(form_code, language)
    out = []
    for section in built.sections:
        for answer in section.answers:
            number = answer.number or section.number
            if not answer.number and form_code == "ap":
                continue  # the AP document's supplementary lines carry no number (e.g. T0 and the deadline)
            # an answer to a question Datalek does not cover says so (e.g. "answer it in the portal"): placed too
            if not any(_matches(q, number, answer) if q.covered else q.number == number for q in questions):
                out.append(answer)
    return out


def part_numbers(part: int) -> set[str]:
    """(GBA) the template fields of its part 1 or part 2."""
    return {f.id for f in edpb_template.FIELDS if part in f.parts}


def coverage(form: str) -> tuple[int, int]:
    """How much of the form's reference structure Datalek maps: (mapped, total)."""
    questions = reference(form)
    return sum(1 for q in questions if q.covered), len(questions)


def for_notice(form_code: str, built: Form, notice: Any, language: str) -> Completeness:
    """The completeness of an authority notice's built form (the GBA's in the part the notice is)."""
    if form_code == "gba":
        result = check(form_code, built, language=language, part_numbers=part_numbers(gba.part_of(notice)))
    else:
        result = check(form_code, built, language=language)
    result.acknowledgement = acknowledgement_shown(notice)
    return result


# The acknowledgement a document shows is the one of the step its state is in (a document of a notice awaiting
# approval: the submitter's; approved: the approver's; filed: the filer's), made before that step: so that a document
# rendered again later shows the same, whatever happened to the notice since.
_STEP_OF_STATUS = {
    "awaiting_approval": ("submit", "submitted_at"),
    "approved": ("approve", "approved_at"),
    "filed": ("file", "completed_at"),
}


def acknowledgement_shown(notice: Any) -> Any:
    step = _STEP_OF_STATUS.get(getattr(notice, "status", ""))
    if step is None or not getattr(notice, "pk", None):
        return None
    name, moment = step
    at = getattr(notice, moment, None)
    found = notice.acknowledgements.filter(step=name)
    if at is not None:
        found = found.filter(at__lte=at)
    return found.select_related("by").order_by("-at", "-pk").first()
