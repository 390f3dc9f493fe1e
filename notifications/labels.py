"""How the answers of a notice are called on the screen (the documents use each regulator's own wording)."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from notifications.content import source_text
from notifications.models import Channel, Notice
from risk.explanations import SEVERITY_LEVELS, reason_line, risk_label
from vocabulary.codes import (
    BACKUP,
    CAUSES,
    CONFIDENTIALITY,
    DATA_CATEGORIES,
    DATA_ELEMENTS,
    HASHING_LEVELS,
    NATURES,
    PROTECTION_LEVELS,
    RECIPIENTS,
    SUBJECT_CATEGORIES,
)

SECTIONS = {
    "notice": _("About this notice"),
    "controller": _("The controller"),
    "processor": _("The processor"),
    "reporter": _("Who reports"),
    "contact": _("Contact point"),
    "international": _("International aspects"),
    "timeline": _("Time line"),
    "breach": _("The breach"),
    "data": _("Personal data concerned"),
    "subjects": _("People concerned"),
    "measures_before": _("Measures in place before the breach"),
    "consequences": _("Likely consequences"),
    "measures_after": _("Measures taken or proposed"),
    "communication": _("Communication to the people"),
}
ANSWERS = {
    "notice.authority": _("Authority"),
    "notice.authority_name": _("Authority (name)"),
    "notice.phase": _("Phase"),
    "notice.client": _("Controller client"),
    "controller.name": _("Name"),
    "controller.registration_number": _("Registration number (KvK, SIREN, KBO)"),
    "controller.address": _("Address"),
    "controller.sector": _("Sector"),
    "controller.country": _("Country"),
    "controller.dpo_name": _("DPO or contact point"),
    "controller.dpo_email": _("E-mail of the DPO"),
    "controller.dpo_phone": _("Telephone of the DPO"),
    "controller.dpo_registration_number": _("DPO registration number"),
    "controller.processors": _("Processors involved"),
    "processor.name": _("Name"),
    "processor.incident_reference": _("The processor's reference for the incident"),
    "contact.name": _("Name"),
    "contact.email": _("E-mail"),
    "contact.phone": _("Telephone"),
    "reporter.name": _("Name"),
    "reporter.email": _("E-mail"),
    "international.cross_border": _("Cross-border processing"),
    "international.countries": _("Countries where the people live"),
    "international.other_authorities": _("Other authorities notified"),
    "timeline.occurrence": _("When it happened"),
    "timeline.occurred_from": _("Start"),
    "timeline.occurred_until": _("End"),
    "timeline.detected_at": _("Discovered"),
    "timeline.discovery_channel": _("How it was discovered"),
    "timeline.aware_at": _("Aware (T0)"),
    "timeline.aware_established_by": _("Awareness established by"),
    "timeline.aware_justification": _("Evidence for the awareness moment"),
    "timeline.deadline": _("Deadline (T0 + 72 h)"),
    "timeline.late_reason": _("Reasons for the delay"),
    "timeline.alert_hours": _("Alert deadline (hours after our awareness)"),
    "timeline.alert_deadline": _("Alert due"),
    "breach.description": _("Description"),
    "breach.systems": _("Systems involved"),
    "breach.nature": _("Nature (confidentiality, integrity, availability)"),
    "breach.confidentiality": _("Was the data accessed?"),
    "breach.cause": _("Cause"),
    "breach.recipients": _("Who may have the data"),
    "data.categories": _("Categories of personal data"),
    "data.special_categories": _("Special categories"),
    "data.records": _("Number of records"),
    "subjects.categories": _("Categories of people"),
    "subjects.count": _("Approximate number of people"),
    "subjects.source": _("Where the number comes from"),
    "subjects.groups": _("Groups of people, each with its number, data and verdict"),
    "data.people_by_category": _("People concerned per category of data"),
    "communication.told_groups": _("Groups told individually (high risk)"),
    "communication.told_count": _("People in the groups told"),
    "measures_before.encryption": _("Encryption"),
    "measures_before.key_compromised": _("Key compromised"),
    "measures_before.hashing": _("Hashing"),
    "measures_before.backup": _("Backup"),
    "consequences.risk": _("Risk"),
    "consequences.severity_score": _("ENISA severity score"),
    "consequences.severity_level": _("Severity level"),
    "consequences.reasons": _("Reasons"),
    "consequences.dpo_justification": _("DPO's justification"),
    "measures_after.containment_status": _("Containment"),
    "measures_after.containment_measures": _("Measures taken"),
    "measures_after.containment_plan": _("Measures planned"),
    "measures_after.mitigation": _("Mitigation"),
    "communication.notify_subjects": _("The people are told individually"),
    "communication.public_communication": _("Public communication"),
    "communication.exemptions": _("Art. 34(3) exemptions"),
    "communication.channels": _("People on the list, by e-mail and by letter"),
    "communication.told": _("People told so far: messages sent, by channel, and the public communication"),
    "data.elements": _("Data elements named"),
}


def answer_label(path: str) -> str:
    return str(ANSWERS.get(path, path.rsplit(".", 1)[-1].replace("_", " ").capitalize()))


def section_label(section: str) -> str:
    return str(SECTIONS.get(section, section.replace("_", " ").capitalize()))


CHOICES = {
    "notice.phase": Notice.Phase.choices,
    "communication.channels": Channel.choices,
    "timeline.occurrence": Incident.Occurrence.choices,
    "timeline.discovery_channel": Incident.Discovery.choices,
    "measures_after.containment_status": Incident.Containment.choices,
    "consequences.risk": Incident.RiskLevel.choices,
    "consequences.severity_level": list(SEVERITY_LEVELS.items()),
    "breach.nature": NATURES,
    "breach.confidentiality": CONFIDENTIALITY,
    "breach.cause": CAUSES,
    "breach.recipients": RECIPIENTS,
    "data.categories": DATA_CATEGORIES,
    "data.elements": DATA_ELEMENTS,
    "communication.told": [
        ("sent", _("Sent")),
        ("email", _("E-mail")),
        ("post", _("Letter")),
        ("public", _("Published")),
    ],
    "data.special_categories": DATA_CATEGORIES,
    "data.people_by_category": DATA_CATEGORIES,
    "subjects.categories": SUBJECT_CATEGORIES,
    "measures_before.encryption": PROTECTION_LEVELS,
    "measures_before.hashing": HASHING_LEVELS,
    "measures_before.backup": BACKUP,
}


def group_line(group: dict) -> str:
    """One group of a breach as the notice page shows it: "medical note: 1 (Customers) — Health data; High risk,
    told"."""
    data, subjects = dict(DATA_CATEGORIES), dict(SUBJECT_CATEGORIES)
    said = {
        "label": group.get("label", ""),
        "count": answer(group.get("count")),
        "subjects": ", ".join(str(subjects.get(c, c)) for c in group.get("subject_categories") or []) or "—",
        "data": ", ".join(str(data.get(c, c)) for c in group.get("data_categories") or []) or "—",
        "risk": risk_label(group.get("risk")),
        "told": _("told") if group.get("notify_subjects") else _("not told individually"),
    }
    # Translators: one group of people of a breach, e.g. "medical note: 1 (Customers) — Health data; High risk, told".
    return str(_("%(label)s: %(count)s (%(subjects)s) — %(data)s; %(risk)s, %(told)s")) % said


def choice_label(path: str, value):
    """A stored code as its label (lists item by item); other values unchanged."""
    if path == "subjects.source":  # where the client's part comes from, said in the reader's language
        return source_text(value)
    labels = dict(CHOICES.get(path, ()))
    if not labels or value is None:
        return value
    if isinstance(value, list):
        return [str(labels.get(v, v)) for v in value]
    if isinstance(value, dict):  # counts by code, e.g. the people by channel
        return {str(labels.get(k, k)): v for k, v in value.items()}
    return str(labels.get(value, value))


def answer(value, path: str = ""):
    """A notice answer as a person reads it (``value|answer:path`` shows choice codes as their labels)."""
    if path:
        value = choice_label(path, value)
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int):  # a number of people: 12,000 · 12.000 · 12 000
        return number_format(value, force_grouping=True)
    if value and isinstance(value, list) and all(isinstance(v, dict) and "label" in v for v in value):
        # the groups of people of a breach, one per line
        return "\n".join(group_line(v) for v in value)
    if isinstance(value, list) and all(isinstance(v, dict) and "code" in v and "text" in v for v in value):
        # the engine's reasons, said in the reader's language, one per line
        return "\n".join(reason_line(v) for v in value)
    if isinstance(value, dict):  # e.g. the people by channel: "E-mail: 12, Letter: 3"
        # Translators: one count of a list, e.g. "E-mail: 12".
        pair = gettext("%(label)s: %(value)s")
        return ", ".join(pair % {"label": k, "value": answer(v)} for k, v in value.items())
    if isinstance(value, list):  # codes, or records with a name (the processors involved)
        return ", ".join(str(v["name"]) if isinstance(v, dict) and "name" in v else str(v) for v in value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        moment = parse_datetime(value)
        if moment:
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return value
