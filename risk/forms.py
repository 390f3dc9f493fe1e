"""The assessment form: the breach facts grouped as a person thinks about them, in plain language, turned
into the breach-facts object the engine reads (and back, to prefill)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from incidents.forms import StyledForm
from incidents.models import Incident
from risk import selectors

SECTORS = [
    ("general", _("General")),
    ("healthcare", _("Healthcare")),
    ("finance", _("Finance and insurance")),
    ("public", _("Public sector")),
    ("education", _("Education")),
    ("childcare", _("Childcare")),
    ("telecom", _("Telecom")),
    ("retail", _("Retail and web shops")),
    ("other", _("Other")),
]
NATURES = [
    ("confidentiality", _("Confidentiality: data seen or taken by someone who should not have it")),
    ("integrity", _("Integrity: data changed")),
    ("availability", _("Availability: data lost or unreachable")),
]
CONFIDENTIALITY = [
    ("none", _("Not a confidentiality breach")),
    ("not_exfiltrated", _("Reasonable evidence that nobody accessed the data")),
    ("unknown", _("Cannot be assessed (e.g. a stolen device)")),
    ("likely", _("Probably accessed or copied, no proof")),
    ("exfiltrated", _("Certainly disclosed or copied")),
]
CAUSES = [
    ("internal_accidental", _("A mistake by us or our staff")),
    ("internal_malicious", _("An insider, on purpose")),
    ("external_accidental", _("A mistake by someone outside")),
    ("external_malicious", _("An attack or theft")),
    ("unknown", _("Unknown")),
]
RECIPIENTS = [
    ("none", _("Nobody")),
    ("trusted", _("Identified recipients bound by confidentiality who confirmed deletion or return")),
    ("known", _("Identified recipients, not bound or not confirmed")),
    ("unknown", _("Unknown people (a thief, an attacker, an unknown number)")),
    ("public", _("The public: it was published")),
]
DATA_CATEGORIES = [
    ("basic", _("Basic identity (name, date of birth, gender)")),
    ("contact", _("Contact details")),
    ("national_id", _("National identification number (BSN, NIR)")),
    ("official_documents", _("Copies of passports or ID cards")),
    ("financial", _("Financial data")),
    ("payment_means", _("Card or account details enabling payments")),
    ("credentials", _("Usernames and passwords")),
    ("location", _("Location data")),
    ("behavioural", _("Behaviour, habits, traffic data")),
    ("profile", _("Profile and preferences")),
    ("education", _("Education")),
    ("employment", _("Employment")),
    ("family", _("Family life")),
    ("health", _("Health")),
    ("genetic", _("Genetic")),
    ("biometric", _("Biometric")),
    ("racial_ethnic", _("Racial or ethnic origin")),
    ("political", _("Political opinions")),
    ("religious", _("Religious or philosophical beliefs")),
    ("trade_union", _("Trade-union membership")),
    ("sex_life", _("Sex life or sexual orientation")),
    ("criminal", _("Criminal convictions and offences")),
]
SUBJECT_CATEGORIES = [
    ("customers", _("Customers")),
    ("employees", _("Employees")),
    ("users", _("Users")),
    ("subscribers", _("Subscribers")),
    ("patients", _("Patients")),
    ("minors", _("Children (minors)")),
    ("students", _("Students")),
    ("vulnerable", _("Other vulnerable people")),
    ("job_applicants", _("Job applicants")),
    ("job_seekers", _("Job seekers")),
]
IDENTIFIABILITY = [
    ("negligible", _("Negligible: extremely hard to link the data to a person")),
    ("limited", _("Limited: possible with considerable effort")),
    ("significant", _("Significant: possible with some effort or other data")),
    ("maximum", _("Maximum: the data names the person directly")),
]
PROTECTION_LEVELS = [
    ("none", _("None")),
    ("weak", _("Weak or outdated")),
    ("state_of_the_art", _("State of the art")),
]
BACKUP = [("none", _("No backup")), ("outdated", _("An outdated backup")), ("recent", _("A recent backup"))]
AVAILABILITY_LOSS = [("none", _("No loss")), ("temporary", _("Temporary")), ("permanent", _("Permanent"))]
AVAILABILITY_IMPACT = [
    ("none", _("None for the people")),
    ("minor", _("Minor: delays, inconvenience")),
    ("severe", _("Severe: e.g. medical care delayed, benefits not paid")),
]
INTEGRITY_LOSS = [
    ("none", _("Not altered")),
    ("recoverable", _("Altered, can be restored")),
    ("unrecoverable", _("Altered beyond repair")),
]
# Who may hold the data, as the engine's weighing names them (risk/engine/weighing.py).
HOLDERS = [
    ("none", _("nobody")),
    ("trusted", _("a trusted recipient")),
    ("bound", _("recipients bound by confidentiality")),
    ("identified", _("identified recipients")),
    ("identified_malicious", _("an identified person who took the data on purpose")),
    ("unknown", _("unknown holders")),
    ("attacker", _("an attacker")),
    ("public", _("the public")),
]
DPC_DELTAS = [(str(d), f"{d:+d}" if d else _("no adjustment")) for d in range(-3, 4)]

# form field -> path in the breach-facts object
NESTED = {
    "dpc_adjustment_delta": "dpc_adjustment.delta",
    "dpc_adjustment_reason": "dpc_adjustment.reason",
    "protection_encryption": "protection.encryption",
    "protection_key_compromised": "protection.key_compromised",
    "protection_hashing": "protection.hashing",
    "protection_backup": "protection.backup",
    "availability_loss": "availability.loss",
    "availability_duration_hours": "availability.duration_hours",
    "availability_impact": "availability.impact",
    "integrity_loss": "integrity.loss",
    "integrity_misused": "integrity.misused",
    "mitigation_data_retrieved_or_deleted": "mitigation.data_retrieved_or_deleted",
    "mitigation_high_risk_no_longer_likely": "mitigation.high_risk_no_longer_likely",
    "mitigation_description": "mitigation.description",
}
GROUPS = [
    (_("What happened"), ["summary", "nature", "confidentiality", "cause", "recipients", "recipients_count"]),
    (
        _("Which data"),
        ["data_categories", "identifiability", "dpc_adjustment_delta", "dpc_adjustment_reason"],
    ),
    (_("Whose data"), ["sector", "subject_categories", "other_subject_categories", "subjects_count"]),
    (
        _("Protection before the breach"),
        ["protection_encryption", "protection_key_compromised", "protection_hashing", "protection_backup"],
    ),
    (
        _("Impact"),
        [
            "availability_loss",
            "availability_duration_hours",
            "availability_impact",
            "integrity_loss",
            "integrity_misused",
        ],
    ),
    (
        _("Measures since"),
        [
            "mitigation_data_retrieved_or_deleted",
            "mitigation_high_risk_no_longer_likely",
            "mitigation_description",
            "individual_notice_disproportionate",
        ],
    ),
]


def _radio(choices, label, help_text=""):
    return forms.ChoiceField(choices=choices, label=label, help_text=help_text, widget=forms.RadioSelect)


def _select(choices, label, help_text=""):
    return forms.ChoiceField(choices=[("", "—"), *choices], label=label, help_text=help_text)


class BreachFactsForm(StyledForm, forms.Form):
    summary = forms.CharField(
        label=_("In a few words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    nature = forms.MultipleChoiceField(
        choices=NATURES,
        label=_("What kind of breach"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply."),
    )
    confidentiality = _select(CONFIDENTIALITY, _("Was the data accessed?"))
    cause = _select(CAUSES, _("Cause"))
    recipients = _select(RECIPIENTS, _("Who may have the data now"))
    recipients_count = forms.IntegerField(
        label=_("How many recipients"),
        required=False,
        min_value=0,
        help_text=_("Leave empty when not known."),
    )
    data_categories = forms.MultipleChoiceField(
        choices=DATA_CATEGORIES, label=_("Which personal data"), widget=forms.CheckboxSelectMultiple
    )
    identifiability = _radio(IDENTIFIABILITY, _("How easily can the people be identified from it"))
    dpc_adjustment_delta = forms.TypedChoiceField(
        choices=DPC_DELTAS,
        coerce=int,
        initial="0",
        label=_("Adjust the data score (ENISA step 2)"),
        help_text=_(
            "Only when the context makes the data more or less sensitive than its category says: e.g. "
            "-1 for data that was already public, +1 for a year of records instead of a week."
        ),
    )
    dpc_adjustment_reason = forms.CharField(label=_("Why adjust"), required=False)
    sector = _select(SECTORS, _("Our sector"))
    subject_categories = forms.MultipleChoiceField(
        choices=SUBJECT_CATEGORIES, label=_("Whose data"), widget=forms.CheckboxSelectMultiple, required=False
    )
    other_subject_categories = forms.CharField(
        label=_("Other groups"), required=False, help_text=_("Separate with commas.")
    )
    subjects_count = forms.IntegerField(label=_("About how many people"), min_value=0)
    protection_encryption = _select(PROTECTION_LEVELS, _("Encryption of the affected data"))
    protection_key_compromised = forms.BooleanField(
        label=_("The key or password was compromised too"), required=False
    )
    protection_hashing = _select(
        PROTECTION_LEVELS,
        _("Hashing of passwords"),
        _("State of the art: a slow, salted algorithm such as bcrypt or Argon2."),
    )
    protection_backup = _select(BACKUP, _("Backup"))
    availability_loss = _select(AVAILABILITY_LOSS, _("Loss of availability"))
    availability_duration_hours = forms.DecimalField(
        label=_("For how many hours"), required=False, min_value=0, max_digits=8, decimal_places=1
    )
    availability_impact = _select(AVAILABILITY_IMPACT, _("Effect of the unavailability on the people"))
    integrity_loss = _select(INTEGRITY_LOSS, _("Alteration of the data"))
    integrity_misused = forms.BooleanField(label=_("Altered data was used"), required=False)
    mitigation_data_retrieved_or_deleted = forms.BooleanField(
        label=_("The data was retrieved or deleted by the recipients"), required=False
    )
    mitigation_high_risk_no_longer_likely = forms.BooleanField(
        label=_("Measures taken since make a high risk no longer likely (Art. 34(3)(b))"),
        required=False,
        help_text=_("E.g. the stolen credentials were invalidated before they could be used."),
    )
    mitigation_description = forms.CharField(
        label=_("Measures taken since"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    individual_notice_disproportionate = forms.BooleanField(
        label=_("Telling each person individually would take disproportionate effort (Art. 34(3)(c))"),
        required=False,
        help_text=_("E.g. no contact details for most of them: a public notice replaces it."),
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        self.incident = incident
        self._provenance: dict[str, dict[str, Any]] | None = None
        super().__init__(*args, **kwargs)

    def provenance(self) -> dict[str, dict[str, Any]]:
        """Facts the form starts from that the inventory proposed, by path: derived or recorded."""
        if self._provenance is None:
            self._provenance = selectors.starting_provenance(self.incident)
        return self._provenance

    def groups(self):
        """The fields by group; each carries ``provenance`` (its mark, or None) for the template."""
        marks = self.provenance()
        groups = []
        for title, names in GROUPS:
            fields = [self[name] for name in names]
            for field in fields:
                field.provenance = marks.get(NESTED.get(field.name, field.name))
            groups.append((title, fields))
        return groups

    def to_facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        facts: dict[str, Any] = {"role": self.incident.our_role}
        for name in (
            "sector",
            "confidentiality",
            "cause",
            "recipients",
            "recipients_count",
            "identifiability",
            "subjects_count",
            "individual_notice_disproportionate",
        ):
            facts[name] = data[name]
        facts["nature"] = list(data["nature"])
        facts["data_categories"] = list(data["data_categories"])
        others = [item.strip() for item in data["other_subject_categories"].split(",") if item.strip()]
        facts["subject_categories"] = list(dict.fromkeys([*data["subject_categories"], *others]))
        facts["summary"] = data["summary"] or None
        delta = data["dpc_adjustment_delta"]
        facts["dpc_adjustment"] = {"delta": delta, "reason": data["dpc_adjustment_reason"]} if delta else None
        for field, path in NESTED.items():
            if field.startswith("dpc_adjustment"):
                continue
            group, key = path.split(".")
            value = data[field]
            if field == "availability_duration_hours" and value is not None:
                value = float(value)
            facts.setdefault(group, {})[key] = value
        return facts

    @classmethod
    def initial_from(cls, facts: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in facts.items() if k in cls.base_fields and not isinstance(v, dict)}
        known = {value for value, _label in SUBJECT_CATEGORIES}
        subjects = list(facts.get("subject_categories") or [])
        initial["subject_categories"] = [s for s in subjects if s in known]
        initial["other_subject_categories"] = ", ".join(s for s in subjects if s not in known)
        adjustment = facts.get("dpc_adjustment") or {}
        initial["dpc_adjustment_delta"] = str(adjustment.get("delta", 0))
        initial["dpc_adjustment_reason"] = adjustment.get("reason", "")
        for field, path in NESTED.items():
            group, key = path.split(".")
            if not field.startswith("dpc_adjustment") and isinstance(facts.get(group), dict):
                initial[field] = facts[group].get(key)
        return initial

    def add_facts_errors(self, exc: ValidationError) -> None:
        """Engine validation errors come keyed by breach-facts path; put each on its form field."""
        by_path = {path: field for field, path in NESTED.items()}
        for path, messages in exc.message_dict.items():
            field = by_path.get(path) or path.split("[")[0].split(".")[0]
            if field == "subject_categories" and field not in self.errors:
                field = "other_subject_categories"
            self.add_error(field if field in self.fields else None, messages)


class DecisionForm(StyledForm, forms.Form):
    YES_NO = [("true", _("Yes")), ("false", _("No"))]

    agree = forms.TypedChoiceField(
        choices=[("true", _("I agree with the advice")), ("false", _("I decide otherwise"))],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        label=_("Your decision"),
        initial="true",
    )
    risk = forms.ChoiceField(
        choices=[("", "—"), *Incident.RiskLevel.choices], required=False, label=_("Risk")
    )
    notify_authority = forms.TypedChoiceField(
        choices=[("", "—"), *YES_NO],
        coerce=lambda v: v == "true",
        required=False,
        empty_value=None,
        label=_("Notify the supervisory authority (Art. 33)"),
    )
    notify_subjects = forms.TypedChoiceField(
        choices=[("", "—"), *YES_NO],
        coerce=lambda v: v == "true",
        required=False,
        empty_value=None,
        label=_("Tell the people individually (Art. 34)"),
    )
    public_communication = forms.TypedChoiceField(
        choices=[("", "—"), *YES_NO],
        coerce=lambda v: v == "true",
        required=False,
        empty_value=None,
        label=_("Public communication instead (Art. 34(3)(c))"),
    )
    justification = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Justification"),
        help_text=_(
            "Required when you decide differently from the advice; it goes "
            "into the audit trail and every report."
        ),
    )
