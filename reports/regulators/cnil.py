"""CNIL (FR): the 14 sections of the *Trame des notifications de violations de données* (July 2023, as set out by a
preparation document, docs/forms.md §2.1), in French, with the answer vocabularies of §2.2 (official open-data
values where they exist, mirrors otherwise). The téléservice is the only way to notify the CNIL; the DPO copies the
answers section by section."""

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
    mapped,
    number,
    people_in,
    translated,
    weakest,
)

LANGUAGE = "fr"
YES_NO = {True: "Oui", False: "Non"}
MARKS = {RECORDED: "saisi", DERIVED: "déduit – à vérifier", MISSING: "manquant"}
STATUS = {
    "draft": "brouillon",
    "awaiting_approval": "en attente d'approbation",
    "approved": "approuvée, pas encore déposée",
    "filed": "déposée auprès de la CNIL",
}

TYPES = ("Notification initiale", "Notification complémentaire")
NATURE = {
    "confidentiality": "Perte de la confidentialité",
    "integrity": "Perte de l'intégrité",
    "availability": "Perte de la disponibilité",
}
ORIGINS = (
    "Equipement perdu ou volé",
    "Papier perdu, volé ou laissé accessible dans un endroit non sécurisé",
    "Courrier perdu ou ouvert avant d'être retourné à l'envoyeur",
    "Piratage, logiciel malveillant (par exemple rançongiciel) et/ou hameçonnage",
    "Mise au rebut de documents papier contenant des données personnelles sans destruction physique",
    "Mise au rebut d'appareils numériques contenant des données personnelles sans effacement sécurisé",
    "Publication non volontaire d'informations",
    "Données de la mauvaise personne affichées sur le portail du client",
    "Données personnelles envoyées à un mauvais destinataire",
    "Informations personnelles divulguées de façon verbale",
)
CAUSES = {
    "internal_malicious": "Acte interne malveillant",
    "internal_accidental": "Acte interne accidentel",
    "external_malicious": "Acte externe malveillant",
    "external_accidental": "Acte externe accidentel",
    "unknown": "Inconnu",
}
CAUSE_OPTIONS = (*CAUSES.values(), "Autre")
DATA = {
    "basic": ("État civil (nom, sexe, date de naissance, âge...)",),
    "national_id": ("NIR (Numéro de sécurité sociale)",),
    "contact": ("Coordonnées (adresse postale ou électronique, numéros de téléphone fixe ou portable...)",),
    "credentials": ("Données d’identification ou d’accès (identifiant, mot de passe, numéro client...)",),
    "financial": (
        "Données relatives à des informations financières (revenus, numéro de carte de crédit, coordonnées "
        "bancaires), économiques",
    ),
    "official_documents": ("Documents officiels (Passeports, pièces d’identité, etc.)",),
    "location": ("Données de localisation",),
    "criminal": ("Données relatives à des infractions, condamnations, mesures de sûreté",),
}
DATA["payment_means"] = DATA["financial"]
DATA_OTHER = "La violation concerne d'autres données"
DATA_OPTIONS = (
    *dict.fromkeys(o for options in DATA.values() for o in options),
    "Les données concernées ne sont pas connues pour le moment",
    DATA_OTHER,
)
SENSITIVE = {
    "racial_ethnic": "Origine raciale ou ethnique",
    "political": "Opinions politiques",
    "religious": "Opinions philosophiques ou religieuses",
    "trade_union": "Appartenance syndicale",
    "sex_life": "Orientation sexuelle",
    "health": "Données de santé",
    "biometric": "Données biométriques",
    "genetic": "Données génétiques",
}
PEOPLE = {
    "employees": ("Employés",),
    "users": ("Utilisateurs",),
    "students": ("Étudiants / élèves",),
    "customers": ("Clients (actuels ou potentiels)",),
    "patients": ("Patients",),
    "minors": ("Mineurs",),
    "vulnerable": ("Personnes vulnérables",),
}
PEOPLE_OPTIONS = (
    "Employés",
    "Utilisateurs",
    "Adhérents",
    "Étudiants / élèves",
    "Personnel militaire",
    "Clients (actuels ou potentiels)",
    "Patients",
    "Mineurs",
    "Personnes vulnérables",
    "Pas déterminé pour le moment",
    "Autres",
)
PEOPLE_OTHER = {
    "subscribers": "abonnés",
    "job_applicants": "candidats à un emploi",
    "job_seekers": "demandeurs d'emploi",
}
# "Diffusées" says the data certainly went out (exfiltrated or published); a likely or unassessable access is the
# weaker "peuvent être croisées ou rapprochées" (vocabulary.disclosure).
CONSEQUENCES = {
    "disclosed": "Les données ont été diffusées plus que nécessaire et ont échappé à la maîtrise des personnes "
    "concernées",
    "possible": "Les données peuvent être croisées ou rapprochées avec d'autres informations relatives aux "
    "personnes concernées",
    "misused": "Les données peuvent être détournées par un tiers à d'autres fins que celles prévues initialement "
    "et/ou de manière non loyale ou malveillante",
}
CONFIDENTIALITY_OPTIONS = (CONSEQUENCES["disclosed"], CONSEQUENCES["possible"], CONSEQUENCES["misused"])
IMPACT_WORDS = {"none": "aucun", "minor": "mineur", "severe": "grave"}
AVAILABILITY = "Dysfonctionnement et difficultés à fournir un service critique"
HARM = {
    "loss_of_control": "Perte de contrôle sur leurs données personnelles",
    "discrimination": "Discrimination",
    "identity_theft": "Vol d'identité",
    "financial_loss": "Pertes financières",
    "reputation": "Atteinte à la réputation",
    "professional_secrecy": "Perte de la confidentialité de données protégées par un secret professionnel",
}
RIGHTS = "Limitation de leurs droits"
HARM_OPTIONS = (
    HARM["loss_of_control"],
    RIGHTS,
    HARM["discrimination"],
    HARM["identity_theft"],
    "Fraude",
    "Levée non autorisée de pseudonimisation",
    HARM["financial_loss"],
    HARM["reputation"],
    HARM["professional_secrecy"],
    "Autre",
)
GRAVITY = ("Négligeable", "Limité", "Important", "Maximal")
INFORMED = (
    "Oui, les personnes ont été informées",
    "Non, mais elles le seront",
    "Non ils ne le seront pas",
    "Non déterminé pour le moment",
)
DISCOVERY = {
    "own_detection": "Détection ou surveillance interne",
    "processor": "Signalée par un sous-traitant",
    "data_subject": "Signalée par une personne concernée",
    "external": "Signalée par un tiers",
    "press": "Presse ou réseaux sociaux",
    "other": "Autre",
}
LEVEL_WORDS = {
    "none": "aucun",
    "weak": "faible ou obsolète",
    "state_of_the_art": "conforme à l'état de l'art",
    "not_applicable": "sans objet (aucun mot de passe concerné)",
}
BACKUP_WORDS = {
    "none": "aucune sauvegarde",
    "outdated": "une sauvegarde ancienne",
    "recent": "une sauvegarde récente",
    "not_applicable": "sans objet (aucune donnée perdue ni indisponible)",
}
EXEMPTIONS = {
    "art34_3_a": "article 34.3.a du RGPD : données rendues incompréhensibles (p. ex. chiffrées)",
    "art34_3_b": "article 34.3.b du RGPD : mesures ultérieures rendant le risque élevé improbable",
    "art34_3_c": "article 34.3.c du RGPD : efforts disproportionnés, communication publique à la place",
}
RISK_WORDS = {"unlikely": "risque improbable", "risk": "risque", "high": "risque élevé"}


def build(source: Source) -> Form:
    form = Form(source, YES_NO)
    for part in (_type, _organisation, _legal, _contact, _others, _dates, _about, _data, _before):
        part(form)
    for part in (_consequences, _harm, _after, _communication, _cross_border):
        part(form)
    return form


def _type(form: Form) -> None:
    s = form.source
    form.section("1", "Type de notification")
    chosen = TYPES[0] if s.notice.phase == "initial" else TYPES[1]
    form.add("", "Type de notification", chosen, DERIVED, options=TYPES, chosen=[chosen])


def _organisation(form: Form) -> None:
    s = form.source
    form.section("2", "Identification de l'organisme")
    form.text(
        "",
        "Numéro SIREN",
        "controller.registration_number",
        note="Cochez la case « pas de SIREN » si l'organisme n'en a pas.",
    )
    form.text("", "Dénomination", "controller.name")
    form.add("", "Numéro de TVA intracommunautaire", None, "", required=False, key="2-vat", input=TEXT)
    form.text("", "Secteur d'activité", "controller.sector")
    form.add("", "Effectif", None, "", required=False, key="2-staff", input=TEXT)
    form.text("", "Adresse postale, code postal, ville", "controller.address")
    country = s.value("controller.country")
    form.add("", "Pays", country_names([country]) if country else None, s.mark("controller.country"))


def _legal(form: Form) -> None:
    form.section("3", "Coordonnées du responsable légal")
    form.add(
        "",
        "Civilité, nom, prénom, adresse électronique",
        None,
        "",
        note="À remplir même s'il s'agit de la personne à contacter.",
        key="3-legal",
        input=TEXT,
    )


def _contact(form: Form) -> None:
    form.section("4", "Personne à contacter")
    form.text("", "Nom, prénom", "controller.dpo_name")
    form.add(
        "",
        "Fonction",
        None,
        "",
        key="4-function",
        input=TEXT,
        note="La fonction n'est jamais supposée : indiquez-la.",
    )
    form.text("", "Adresse électronique", "controller.dpo_email")
    form.text("", "Téléphone", "controller.dpo_phone")


def _others(form: Form) -> None:
    s = form.source
    form.section("5", "Autres organismes impliqués")
    lines = []
    if s.value("on_behalf.processor"):
        lines.append(
            f"{s.value('on_behalf.processor')} (sous-traitant, notifie pour le compte du responsable)"
        )
    for p in s.processors:
        kind = "sous-traitant ultérieur" if p.get("parent") else "sous-traitant"
        lines.append(f"{p['name']} ({kind})")
    form.add("", "Autres organismes impliqués (p. ex. sous-traitants)", lines, DERIVED, required=False)


def _dates(form: Form) -> None:
    s = form.source
    form.section("6", "Nature de la violation — dates")
    occurrence = s.value("timeline.occurrence")
    form.add("", "Période déterminée", YES_NO[occurrence == "period"], s.mark("timeline.occurrence"))
    if occurrence != "unknown":
        form.text("", "Date et heure de début", "timeline.occurred_from")
    if occurrence == "period":
        form.text("", "Date et heure de fin", "timeline.occurred_until")
    form.add("", "Toujours en cours", YES_NO[occurrence == "ongoing"], s.mark("timeline.occurrence"))
    form.text("", "Date de prise de connaissance", "timeline.aware_at")
    form.add(
        "",
        "Commentaires sur les dates",
        [
            f"Découverte : {_show(form, 'timeline.detected_at')}",
            f"Délai de 72 heures : {_show(form, 'timeline.deadline')}",
        ],
        DERIVED,
        required=False,
    )
    channel = s.value("timeline.discovery_channel")
    form.add(
        "",
        "Circonstances de la découverte",
        [DISCOVERY.get(channel, channel or ""), s.value("timeline.aware_justification")],
        weakest(s.mark("timeline.discovery_channel"), s.mark("timeline.aware_justification")),
    )
    late = bool(s.notice.needs_late_reason)
    reason = s.value("timeline.late_reason") or s.notice.late_reason
    form.add(
        "",
        "Motifs de retard",
        reason or (None if late else "Sans objet : notifiée dans les 72 heures."),
        RECORDED if reason else DERIVED,
        required=late,
    )


def _show(form: Form, path: str) -> str:
    return " ".join(form.show(form.source.value(path))) or "—"


def _about(form: Form) -> None:
    s = form.source
    form.section("7", "À propos de la violation")
    chosen = [NATURE[n] for n in s.value("breach.nature") or [] if n in NATURE]
    form.add(
        "",
        "Nature de la violation",
        chosen,
        s.mark("breach.nature"),
        options=tuple(NATURE.values()),
        chosen=chosen,
    )
    form.add(
        "",
        "Origine de l'incident",
        None,
        "",
        options=ORIGINS,
        key="7-origin",
        input=CHOICE,
    )
    cause = CAUSES.get(s.value("breach.cause"))
    form.add(
        "",
        "Cause de l'incident",
        cause,
        s.mark("breach.cause"),
        options=CAUSE_OPTIONS,
        chosen=[cause] if cause else [],
    )
    form.text("", "Descriptif détaillé", "breach.description")


def _data(form: Form) -> None:
    s = form.source
    form.section("8", "Nature des données concernées")
    categories = s.value("data.categories") or []
    chosen, exact = mapped(categories, DATA, DATA_OTHER)
    form.add(
        "",
        "Catégories de données",
        [*chosen, *_people_per_category(s, categories)],
        translated(s.mark("data.categories"), exact),
        options=DATA_OPTIONS,
        chosen=chosen,
    )
    special = s.value("data.special_categories") or []
    sensitive = [SENSITIVE[c] for c in special if c in SENSITIVE]
    form.add(
        "",
        "Données sensibles",
        [*(sensitive or (["Aucune"] if categories else [])), *_special_by_group(s, special)],
        s.mark("data.categories"),
        options=tuple(SENSITIVE.values()),
        chosen=sensitive,
    )
    form.text("", "Nombre approximatif d'enregistrements concernés", "data.records")
    people = s.value("subjects.categories") or []
    chosen, exact = mapped(people, PEOPLE, "Autres")
    others = [PEOPLE_OTHER.get(p, p) for p in people if p not in PEOPLE]
    lines = [c for c in chosen if c != "Autres"] + (["Autres : " + ", ".join(others)] if others else [])
    form.add(
        "",
        "Catégories de personnes concernées",
        lines,
        translated(s.mark("subjects.categories"), exact),
        options=PEOPLE_OPTIONS,
        chosen=chosen,
    )
    count = s.value("subjects.count")
    split = [f"« {g.get('label')} » : {count_or(g.get('count'), 'à déterminer')}" for g in s.groups()]
    form.add(
        "",
        "Nombre approximatif de personnes concernées",
        [number(count), *(["Par groupe : " + " ; ".join(split)] if split else [])]
        if count is not None
        else None,
        s.mark("subjects.count"),
    )


def _labels(groups: list[dict]) -> str:
    return ", ".join(f"« {g.get('label')} »" for g in groups)


def _not_told(group: dict) -> str:
    """Why a group is not told individually, in the CNIL's words (its verdict)."""
    why = [EXEMPTIONS[e] for e in group.get("exemptions") or [] if e in EXEMPTIONS]
    return "; ".join(why) if why else f"{RISK_WORDS.get(group.get('risk'), '—')}, pas de risque élevé"


def _words(code: str) -> str:
    """One of our data categories in the CNIL's words, shortened to the name before its examples."""
    if code in DATA:
        return DATA[code][0].split(" (")[0]
    return SENSITIVE.get(code) or code


def _personnes(count: int | None) -> str:
    return f"{count_or(count, 'nombre à déterminer de')} personne{'s' if count != 1 else ''}"


def _people_per_category(s: Source, codes: list[str]) -> list[str]:
    """A breach of several groups: how many people each category concerns."""
    counts = s.people_by_category()
    said = [f"{_words(c)} : {_personnes(counts[c])}" for c in codes if c in counts]
    return ["Nombre de personnes par catégorie : " + " ; ".join(said)] if said else []


def _special_by_group(s: Source, codes: list[str]) -> list[str]:
    """A breach of several groups: which groups each sensitive category concerns, and how many people."""
    lines = []
    for code in codes:
        groups = s.groups_with(code)
        if groups:
            scope = (
                "tous les groupes"
                if len(groups) == len(s.groups())
                else f"uniquement le(s) groupe(s) {_labels(groups)}"
            )
            lines.append(f"{_words(code)} : {scope}, {_personnes(people_in(groups))}")
    return lines


def _before(form: Form) -> None:
    s = form.source
    form.section("9", "Mesures de sécurité préalables à la violation")
    encryption = s.value("measures_before.encryption")
    lines = []
    if encryption is not None:
        lines.append(
            f"Chiffrement : {LEVEL_WORDS.get(encryption, encryption)}"
            + (" ; la clé est compromise" if s.value("measures_before.key_compromised") else "")
            + f". Hachage : {LEVEL_WORDS.get(s.value('measures_before.hashing'), '—')}"
            + f". Sauvegarde : {BACKUP_WORDS.get(s.value('measures_before.backup'), '—')}."
        )
    form.add(
        "",
        "Mesures de sécurité préalables à la violation",
        lines,
        translated(weakest(s.mark("measures_before.encryption"), s.mark("measures_before.hashing")), False),
    )


def _consequences(form: Form) -> None:
    s = form.source
    form.section("10", "Conséquences potentielles")
    keys = v.consequence_keys(s.facts, s.value("breach.nature"))
    nature = s.value("breach.nature") or []
    disclosure = v.disclosure(s.facts)
    confidentiality = [CONSEQUENCES[disclosure]] if disclosure else []
    if "misused" in keys:
        confidentiality.append(CONSEQUENCES["misused"])
    if "confidentiality" in nature:
        form.add(
            "",
            "En cas de perte de confidentialité",
            confidentiality,
            DERIVED,
            options=CONFIDENTIALITY_OPTIONS,
            chosen=confidentiality,
            key="10-confidentiality",
            input=MULTI,
        )
    if "integrity" in nature:
        form.add(
            "",
            "En cas de perte d'intégrité",
            None,
            "",
            key="10-integrity",
            input=TEXT,
        )
    if "availability" in nature:
        # "service critique" only when the facts say the unavailability had a severe impact on the people
        impact = v.availability_impact(s.facts)
        critical = v.critical_service(s.facts)
        form.add(
            "",
            "En cas de perte de disponibilité",
            [AVAILABILITY]
            if critical
            else (
                [f"Aucun service critique touché : impact {IMPACT_WORDS[impact]} sur les personnes"]
                if impact
                else []
            ),
            DERIVED,
            options=(AVAILABILITY,),
            chosen=[AVAILABILITY] if critical else [],
        )
    if not nature:
        form.add("", "Conséquences potentielles", None, "")


def _harm(form: Form) -> None:
    s = form.source
    form.section("11", "Préjudices potentiels pour les personnes concernées")
    harm = [HARM[k] for k in v.harm_keys(s.facts, s.all_data_categories())]
    if not harm and "availability" in (s.value("breach.nature") or []) and v.availability_impact(s.facts):
        harm = [RIGHTS]  # unavailable data: the people cannot exercise their rights on them
    form.add(
        "",
        "Préjudices potentiels",
        harm,
        DERIVED,
        options=HARM_OPTIONS,
        chosen=harm,
        key="11-harm",
        input=MULTI,
    )
    step = v.severity_step(s.value("consequences.severity_level"), s.value("consequences.risk"))
    score = s.value("consequences.severity_score")
    lines = []
    if step is not None:
        lines = [
            GRAVITY[step],
            f"Déduit du score ENISA {number(score) if score is not None else '—'} "
            f"et du niveau de risque ({RISK_WORDS.get(s.value('consequences.risk'), '—')}).",
        ]
    form.add(
        "",
        "Estimation du niveau de gravité",
        lines,
        DERIVED,
        options=GRAVITY,
        chosen=[GRAVITY[step]] if step is not None else [],
        key="11-gravity",
        input=CHOICE,
    )


def _after(form: Form) -> None:
    s = form.source
    form.section("12", "Mesures techniques et organisationnelles appliquées suite à la violation")
    paths = (
        "measures_after.containment_measures",
        "measures_after.containment_plan",
        "measures_after.mitigation",
    )
    form.add(
        "",
        "Mesures techniques et organisationnelles appliquées au traitement suite à la violation",
        [s.value(p) for p in paths if s.value(p)],
        weakest(*(s.mark(p) for p in paths if s.value(p))),
    )


def _communication(form: Form) -> None:
    s = form.source
    form.section("13", "Communication aux personnes concernées")
    tell = s.value("communication.notify_subjects")
    done = s.value("communication.told") or {}
    if tell is None:
        status = INFORMED[3]
    elif not tell:
        status = INFORMED[2]
    else:
        status = INFORMED[0] if done.get("sent") else INFORMED[1]
    lines = [status]
    told = s.told_groups()
    if tell and told:
        others = [g for g in s.groups() if g not in told]
        lines.append(
            f"Uniquement le(s) groupe(s) à risque élevé : {_labels(told)}, {_personnes(people_in(told))} ; "
            + "pas individuellement : "
            + " ; ".join(f"« {g.get('label')} » ({_not_told(g)})" for g in others)
        )
    if tell is False:
        why = [EXEMPTIONS[e] for e in s.value("communication.exemptions") or [] if e in EXEMPTIONS]
        lines.append(
            "Motif : "
            + ("; ".join(why) if why else "la violation n'est pas susceptible d'engendrer un risque élevé")
        )
    form.add(
        "",
        "Les personnes ont-elles été informées ?",
        lines,
        s.mark("communication.notify_subjects") or DERIVED,
        options=INFORMED,
        chosen=[status],
    )
    # the means from what was done — letters posted, e-mails sent, the public communication published
    means = (
        (["Courrier postal"] if done.get("post") else [])
        + (["Courrier électronique"] if done.get("email") else [])
        + (["Communication publique sur le site internet"] if done.get("public") else [])
    )
    form.add(
        "",
        "Moyen utilisé",
        means,
        DERIVED,
        required=bool(tell),
        key="13-means",
        input=TEXT,
        note="Pas encore : aucune communication n'a encore été envoyée ; à compléter dans une notification "
        "complémentaire (article 33.4 du RGPD)."
        if tell and not means
        else "",
    )


def _cross_border(form: Form) -> None:
    s = form.source
    form.section("14", "Notifications transfrontalières et autres notifications")
    cross_border = s.value("international.cross_border")
    unknown = "Enregistrez les pays des personnes concernées et décidez des autorités à notifier."
    form.add(
        "",
        "Cette notification concerne-t-elle un traitement transfrontalier ciblant des personnes de différents États membres ?",
        None if cross_border is None else YES_NO[bool(cross_border)],
        s.mark("international.cross_border") or DERIVED,
        note=unknown if cross_border is None else "",
    )
    others = s.value("international.other_authorities")
    form.add(
        "",
        "La violation a-t-elle été ou va-t-elle être notifiée à une autre autorité de protection des données ?",
        None if others is None else (("Oui : " + ", ".join(others)) if others else "Non"),
        s.mark("international.other_authorities") or DERIVED,
        note=unknown if others is None else "",
    )
    form.add(
        "",
        "Autres notifications (p. ex. ANSSI, autorités judiciaires)",
        None,
        "",
        required=False,
        key="14-other",
        input=TEXT,
    )
