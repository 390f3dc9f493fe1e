"""The assessment form: the breach facts grouped as a person thinks about them, in plain language, turned
into the breach-facts object the engine reads (v2: the breach-wide facts, and a group for each set of people whose
data or situation differs), and back, to prefill.

The vocabularies below are also the labels the rest of the product says the breach-facts codes with."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from incidents.forms import StyledForm
from incidents.models import Incident
from inventory.provenance import PATH_LABELS
from risk import selectors
from risk.engine.facts import V1_GROUP_LABEL
from vocabulary.codes import (
    AVAILABILITY_IMPACT,
    AVAILABILITY_LOSS,
    BACKUP,
    CAUSES,
    CONFIDENTIALITY,
    DATA_CATEGORIES,
    DATA_ELEMENTS,
    HASHING_LEVELS,
    IDENTIFIABILITY,
    INTEGRITY_LOSS,
    NATURES,
    PROTECTION_LEVELS,
    SECTORS,
    SUBJECT_CATEGORIES,
)

DPC_DELTAS = [(str(d), f"{d:+d}" if d else _("no adjustment")) for d in range(-3, 4)]

TBD = "tbd"  # a fact to be determined: null in the facts (v2), read the stricter way by the engine
TO_BE_DETERMINED = (TBD, _("To be determined"))
# Who may have the data, as the form asks it: v1's "trusted" and "known" are one choice, identified recipients,
# with what they undertook asked fact by fact (``recipients_detail``).
RECIPIENT_CHOICES = [
    ("none", _("Nobody")),
    ("known", _("Identified recipients: we know who received it")),
    ("unknown", _("Unknown people (a thief, an attacker, an unknown number)")),
    ("public", _("The public: it was published")),
    TO_BE_DETERMINED,
]
# The number of groups one assessment may have (each gets its own verdict; the EDPB's cases have one or two).
MAX_GROUPS = 50

# form field -> path in the breach-facts object
NESTED = {
    "protection_encryption": "protection.encryption",
    "protection_key_compromised": "protection.key_compromised",
    "protection_hashing": "protection.hashing",
    "protection_backup": "protection.backup",
    "availability_loss": "availability.loss",
    "availability_duration_hours": "availability.duration_hours",
    "availability_impact": "availability.impact",
    "integrity_loss": "integrity.loss",
    "integrity_misused": "integrity.misused",
    "mitigation_high_risk_no_longer_likely": "mitigation.high_risk_no_longer_likely",
    "mitigation_description": "mitigation.description",
}
# form field -> key of ``recipients_detail`` ("identified" is the choice of identified recipients itself)
DETAIL = {
    "recipients_bound": "bound_by_confidentiality",
    "recipients_asked_to_delete": "asked_to_delete",
    "recipients_deletion_confirmed": "deletion_confirmed",
}
# group form field -> path in a group of the breach-facts object
GROUP_NESTED = {
    "dpc_adjustment_delta": "dpc_adjustment.delta",
    "dpc_adjustment_reason": "dpc_adjustment.reason",
}
SECTIONS = [
    (
        _("What happened"),
        [
            "summary",
            "nature",
            "confidentiality",
            "cause",
            "recipients",
            *DETAIL,
            "recipients_count",
            "sector",
            "professional_secrecy",
        ],
    ),
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
            "mitigation_high_risk_no_longer_likely",
            "mitigation_description",
            "individual_notice_disproportionate",
        ],
    ),
]
GROUP_SECTIONS = [
    (_("Whose data"), ["label", "subject_categories", "other_subject_categories", "subjects_count"]),
    (
        _("Which data"),
        [
            "data_categories",
            "data_elements",
            "identifiability",
            "already_public",
            "dpc_adjustment_delta",
            "dpc_adjustment_reason",
        ],
    ),
]
# The facts a group's fields show marks for when the inventory proposed them (the first group: it starts from the
# proposals; the marks concern the breach as a whole, risk.selectors.marked_facts).
GROUP_MARKED = ("data_categories", "subject_categories", "subjects_count")


def _radio(choices, label, help_text=""):
    return forms.ChoiceField(choices=choices, label=label, help_text=help_text, widget=forms.RadioSelect)


def _select(choices, label, help_text=""):
    return forms.ChoiceField(choices=[("", "—"), *choices], label=label, help_text=help_text)


def _determined(value: str) -> str | None:
    return None if value == TBD else value


def _chosen(facts: Mapping[str, Any], key: str) -> str | None:
    """A stored choice as the form shows it: null in a facts object is "to be determined"."""
    if key in facts and facts[key] is None:
        return TBD
    return facts.get(key)


class BreachFactsForm(StyledForm, forms.Form):
    """The facts of the breach as a whole: what happened, who may have the data, protection, impact, measures."""

    summary = forms.CharField(
        label=_("In a few words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    nature = forms.MultipleChoiceField(
        choices=NATURES,
        label=_("What kind of breach"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply."),
    )
    confidentiality = _select(
        [*CONFIDENTIALITY, TO_BE_DETERMINED],
        _("Was the data accessed?"),
        _(
            "“To be determined” while you are still finding out: until then the advice assumes the worst "
            "(certainly copied) and says so."
        ),
    )
    cause = _select(
        [*CAUSES, TO_BE_DETERMINED],
        _("Cause"),
        _("“To be determined” while it is unclear: until then the advice assumes an attack."),
    )
    recipients = _select(
        RECIPIENT_CHOICES,
        _("Who may have the data now"),
        _(
            "Identified: you know who received the data and can reach them, e.g. the customer who got someone "
            "else's letter; then tick below what they undertook. Unknown: a thief, an attacker, or more people "
            "than you can name. “To be determined”: the advice assumes unknown people until you know."
        ),
    )
    recipients_bound = forms.BooleanField(
        label=_("They are bound by confidentiality (professional secrecy, a contract, our own staff)"),
        required=False,
    )
    recipients_asked_to_delete = forms.BooleanField(
        label=_("We asked them straight away to delete or return the data"), required=False
    )
    recipients_deletion_confirmed = forms.BooleanField(
        label=_("They confirmed that they deleted or returned it"),
        required=False,
        help_text=_("These three only for identified recipients: what they undertook."),
    )
    recipients_count = forms.IntegerField(
        label=_("How many recipients"),
        required=False,
        min_value=0,
        help_text=_("Leave empty when not known."),
    )
    sector = _select(SECTORS, _("Our sector"))
    protection_encryption = _select(PROTECTION_LEVELS, _("Encryption of the affected data"))
    protection_key_compromised = forms.BooleanField(
        label=_("The key or password was compromised too"), required=False
    )
    protection_hashing = _select(
        HASHING_LEVELS,
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
    professional_secrecy = forms.BooleanField(
        label=_("The data are protected by a professional secrecy (medical, legal …)"),
        required=False,
        help_text=_(
            "The authorities' forms ask it. Without it, only a healthcare provider's health data count as such."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("recipients") not in (None, "", "known"):
            for name in DETAIL:
                if data.get(name):
                    self.add_error(
                        name, _("Only for identified recipients: choose them above, or untick this.")
                    )
        return data

    def to_facts(self) -> dict[str, Any]:
        """The breach-wide facts of a v2 object."""
        data = self.cleaned_data
        facts: dict[str, Any] = {
            "sector": data["sector"],
            "nature": list(data["nature"]),
            **{key: _determined(data[key]) for key in ("confidentiality", "cause", "recipients")},
            "recipients_count": data["recipients_count"],
            "individual_notice_disproportionate": data["individual_notice_disproportionate"],
            "summary": data["summary"] or None,
        }
        if data["professional_secrecy"]:
            facts["professional_secrecy"] = True
        for field, path in NESTED.items():
            group, key = path.split(".")
            value = data[field]
            if field == "availability_duration_hours" and value is not None:
                value = float(value)
            facts.setdefault(group, {})[key] = value
        identified = data["recipients"] == "known"
        if identified:
            detail = {key: data[field] for field, key in DETAIL.items()}
            facts["recipients_detail"] = {"identified": True, **detail}
        # What v1 called "retrieved or deleted by the recipients" is now said by the recipients' detail.
        facts["mitigation"]["data_retrieved_or_deleted"] = (
            identified and data["recipients_deletion_confirmed"]
        )
        return facts

    @classmethod
    def initial_from(cls, facts: Mapping[str, Any]) -> dict[str, Any]:
        """What the breach-wide fields show for a facts object (v2's shape, perhaps incomplete)."""
        initial = {k: v for k, v in facts.items() if k in cls.base_fields and not isinstance(v, dict)}
        for key in ("confidentiality", "cause", "recipients"):
            initial[key] = _chosen(facts, key)
        for field, path in NESTED.items():
            group, key = path.split(".")
            if isinstance(facts.get(group), dict):
                initial[field] = facts[group].get(key)
        detail = _recipients_detail(facts)
        if detail is not None:
            initial["recipients"] = "known"
            initial |= {field: bool(detail.get(key)) for field, key in DETAIL.items()}
        return initial


def _recipients_detail(facts: Mapping[str, Any]) -> dict[str, Any] | None:
    """What identified recipients undertook, as the engine reads it (risk/engine/weighing.py
    ``recipients_detail``): given (v2), or v1's "trusted" (all of it) and "known" (with v1's retrieval as asked
    and confirmed); None when the recipients are not identified."""
    if facts.get("recipients") not in ("known", "trusted"):
        return None
    if isinstance(facts.get("recipients_detail"), dict):
        return facts["recipients_detail"]
    if facts.get("recipients") == "trusted":
        return {"bound_by_confidentiality": True, "asked_to_delete": True, "deletion_confirmed": True}
    retrieved = bool((facts.get("mitigation") or {}).get("data_retrieved_or_deleted"))
    return {"bound_by_confidentiality": False, "asked_to_delete": retrieved, "deletion_confirmed": retrieved}


class GroupForm(StyledForm, forms.Form):
    """One group of people: who they are, how many, and which of their data the breach concerns. Each group gets
    its own verdict (Art. 34 concerns the people at high risk)."""

    label = forms.CharField(
        label=_("Name of this group"),
        max_length=100,
        help_text=_(
            "In your own words, e.g. “customers” or “the customer whose medical note was in the export”. "
            "Make a group for each set of people whose data or situation differs: each gets its own advice."
        ),
    )
    subject_categories = forms.MultipleChoiceField(
        choices=SUBJECT_CATEGORIES,
        label=_("Who they are"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_subject_categories = forms.CharField(
        label=_("Other kinds of people"), required=False, help_text=_("Separate with commas.")
    )
    subjects_count = forms.IntegerField(
        label=_("About how many people"),
        min_value=0,
        required=False,
        help_text=_("Leave empty while it is to be determined: until then the advice counts 10,000 people."),
    )
    data_categories = forms.MultipleChoiceField(
        choices=DATA_CATEGORIES, label=_("Which personal data"), widget=forms.CheckboxSelectMultiple
    )
    data_elements = forms.MultipleChoiceField(
        choices=DATA_ELEMENTS,
        label=_("Which of it, where you know"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The authorities' forms ask some data one by one: without these, basic identity counts as a name only "
            "and payment means as financial data."
        ),
    )
    identifiability = _radio(IDENTIFIABILITY, _("How easily can the people be identified from it"))
    already_public = forms.BooleanField(
        label=_("This data was lawfully public before the breach"),
        required=False,
        help_text=_("E.g. names and phone numbers already in a public directory: the breach adds little."),
    )
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

    def to_group(self) -> dict[str, Any]:
        data = self.cleaned_data
        others = [item.strip() for item in data["other_subject_categories"].split(",") if item.strip()]
        delta = data["dpc_adjustment_delta"]
        return {
            "label": data["label"].strip(),
            "subject_categories": list(dict.fromkeys([*data["subject_categories"], *others])),
            "subjects_count": data["subjects_count"],
            "data_categories": list(data["data_categories"]),
            "identifiability": data["identifiability"],
            "already_public": data["already_public"],
            "dpc_adjustment": {"delta": delta, "reason": data["dpc_adjustment_reason"]} if delta else None,
            **({"data_elements": list(data["data_elements"])} if data["data_elements"] else {}),
        }

    @classmethod
    def initial_from(cls, group: Mapping[str, Any], *, only: bool) -> dict[str, Any]:
        """What a group's fields show. The one group of a v1 object ("all") gets a label a person would write."""
        initial = {k: v for k, v in group.items() if k in cls.base_fields and not isinstance(v, dict)}
        if only and group.get("label") in (None, "", V1_GROUP_LABEL):
            initial["label"] = _("All affected people")
        known = {value for value, _label in SUBJECT_CATEGORIES}
        subjects = list(group.get("subject_categories") or [])
        initial["subject_categories"] = [s for s in subjects if s in known]
        initial["other_subject_categories"] = ", ".join(s for s in subjects if s not in known)
        adjustment = group.get("dpc_adjustment") or {}
        initial["dpc_adjustment_delta"] = str(adjustment.get("delta", 0))
        initial["dpc_adjustment_reason"] = adjustment.get("reason", "")
        return initial


GroupFormSet = forms.formset_factory(
    GroupForm, extra=0, min_num=1, validate_min=True, max_num=MAX_GROUPS, validate_max=True
)
GROUP_PATH = re.compile(r"^groups\[(\d+)\](?:\.(.*))?$")


class AssessmentForm:
    """The assessment form: the breach-wide facts and the groups of people (a formset, prefix ``groups``), read as
    one v2 breach-facts object. "Add a group", "Copy this group" and "Remove" post the form as it is typed and
    come back with the change (``edited``): no script, and nothing typed is lost."""

    prefix = "groups"

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        incident: Incident,
        initial: dict[str, Any] | None = None,
        groups: list[dict[str, Any]] | None = None,
    ) -> None:
        self.incident = incident
        self.breach = BreachFactsForm(data, initial=initial)
        # every group is checked, also one added empty: a group without facts is an error, not nothing
        self.people = GroupFormSet(
            data, initial=groups, prefix=self.prefix, form_kwargs={"empty_permitted": False}
        )
        self._provenance: dict[str, dict[str, Any]] | None = None

    @classmethod
    def starting(cls, incident: Incident) -> AssessmentForm:
        """Prefilled from the draft, the last version, or what the incident and the inventory say (one group)."""
        facts = selectors.starting_facts(incident)
        groups = facts.get("groups") or [{}]
        return cls(
            incident=incident,
            initial=BreachFactsForm.initial_from(facts),
            groups=[GroupForm.initial_from(g, only=len(groups) == 1) for g in groups],
        )

    @classmethod
    def edited(cls, data: Mapping[str, Any], *, incident: Incident, action: str) -> AssessmentForm:
        """The form as typed, with a group added ("add"), copied after itself ("copy:<n>") or removed
        ("remove:<n>"; the last one stays). Unbound: nothing is checked until the assessment is run."""
        typed = cls(data, incident=incident)
        breach = {name: typed.breach[name].value() for name in typed.breach.fields}
        groups = [{name: form[name].value() for name in form.fields} for form in typed.people.forms]
        verb, _sep, number = action.partition(":")
        index = int(number) if number.isdigit() else -1
        if verb == "add" and len(groups) < MAX_GROUPS:
            groups.append({"dpc_adjustment_delta": "0"})
        elif verb == "copy" and 0 <= index < len(groups) and len(groups) < MAX_GROUPS:
            copy = dict(groups[index])
            copy["label"] = _("%(label)s (copy)") % {"label": copy.get("label") or ""}
            groups.insert(index + 1, copy)
        elif verb == "remove" and 0 <= index < len(groups) and len(groups) > 1:
            del groups[index]
        return cls(incident=incident, initial=breach, groups=groups or [{}])

    def is_valid(self) -> bool:
        breach, people = self.breach.is_valid(), self.people.is_valid()  # both, to mark every field
        return breach and people and self._not_applicable_holds()

    def _not_applicable_holds(self) -> bool:
        """ "Not applicable" says that no data the measure protects is concerned: no passwords (hashing), no data
        lost or unavailable (backup). Said of a breach where they are, it is an error on that field."""
        facts = self.breach.cleaned_data
        passwords = any(
            "credentials" in (f.cleaned_data.get("data_categories") or ()) for f in self.people.forms
        )
        if facts.get("protection_hashing") == "not_applicable" and passwords:
            self.breach.add_error(
                "protection_hashing",
                _(
                    "Not applicable only when no passwords are among the data; a group has usernames and passwords."
                ),
            )
        if facts.get("protection_backup") == "not_applicable" and facts.get("availability_loss") != "none":
            self.breach.add_error(
                "protection_backup",
                _(
                    "Not applicable only when no data was lost or made unavailable; choose the backup there was."
                ),
            )
        return not self.breach.errors

    @property
    def is_bound(self) -> bool:
        return self.breach.is_bound

    @property
    def errors(self) -> dict[str, Any]:
        """Every error, the groups' by the path the engine names them with (``groups[1].subjects_count``)."""
        errors: dict[str, Any] = dict(self.breach.errors)
        for index, form in enumerate(self.people.forms):
            errors |= {f"groups[{index}].{name}": messages for name, messages in form.errors.items()}
        if self.people.is_bound and self.people.non_form_errors():
            errors["groups"] = self.people.non_form_errors()
        return errors

    def non_field_errors(self) -> list[str]:
        errors = list(self.breach.non_field_errors())
        return errors + (list(self.people.non_form_errors()) if self.people.is_bound else [])

    def to_facts(self) -> dict[str, Any]:
        """A v2 breach-facts object; our role comes from the incident."""
        return {
            "version": 2,
            "role": self.incident.our_role,
            **self.breach.to_facts(),
            "groups": [form.to_group() for form in self.people.forms],
        }

    def add_facts_errors(self, exc: ValidationError) -> None:
        """Engine validation errors come keyed by breach-facts path; put each on its form field, a group's on the
        field of the right group (``groups[1].subjects_count``)."""
        for path, messages in exc.message_dict.items():
            match = GROUP_PATH.match(path)
            if match and int(match[1]) < len(self.people.forms):
                _add_error(self.people.forms[int(match[1])], match[2] or "", messages, GROUP_NESTED)
            elif match:
                self.breach.add_error(None, messages)
            else:
                _add_error(self.breach, path, messages, NESTED)

    # --- for the template ---------------------------------------------------------------------------------------

    def provenance(self) -> dict[str, dict[str, Any]]:
        """Facts the form starts from that the inventory proposed, by path: derived or recorded."""
        if self._provenance is None:
            marks = selectors.starting_provenance(self.incident)
            # "name": the field's, which also names the mark's confirmation form
            self._provenance = {
                path: {**mark, "name": path.replace(".", "_")} for path, mark in marks.items()
            }
        return self._provenance

    def sections(self):
        """The breach-wide fields by section; each carries ``provenance`` (its mark, or None) for the template."""
        marks = self.provenance()
        sections = []
        for title, names in SECTIONS:
            fields = [self.breach[name] for name in names]
            for field in fields:
                field.provenance = marks.get(NESTED.get(field.name, field.name))
            sections.append((title, fields))
        return sections

    def groups(self):
        """Each group form with its fields by section. The inventory's marks concern the whole breach: they are
        shown on the fields of a single group, and for several groups above them (``group_marks``)."""
        marks = self.provenance() if len(self.people.forms) == 1 else {}
        groups = []
        for form in self.people.forms:
            sections = []
            for title, names in GROUP_SECTIONS:
                fields = [form[name] for name in names]
                for field in fields:
                    field.provenance = marks.get(field.name) if field.name in GROUP_MARKED else None
                sections.append((title, fields))
            groups.append((form, sections))
        return groups

    def group_marks(self) -> list[dict[str, Any]]:
        if len(self.people.forms) == 1:
            return []
        marks = self.provenance()
        return [{**marks[name], "label": PATH_LABELS[name]} for name in GROUP_MARKED if name in marks]

    def confirmable(self) -> list[dict[str, Any]]:
        """The marks a person may confirm from the form (each gets a small form of its own)."""
        return [mark for mark in self.provenance().values() if mark["confirmable"]]


def _add_error(form: forms.Form, path: str, messages: list[str], nested: dict[str, str]) -> None:
    by_path = {nested_path: field for field, nested_path in nested.items()}
    field = by_path.get(path) or path.split("[")[0].split(".")[0]
    if field == "recipients_detail":
        field = "recipients"
    if (
        field == "subject_categories"
        and field not in form.errors
        and "other_subject_categories" in form.fields
    ):
        field = "other_subject_categories"
    form.add_error(field if field in form.fields else None, messages)


class DecisionForm(StyledForm, forms.Form):
    YES_NO = [("true", _("Yes")), ("false", _("No"))]

    agree = forms.TypedChoiceField(
        choices=[("true", _("I agree with the advice")), ("false", _("I decide otherwise"))],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        label=_("Your decision"),
        # An explicit choice: nothing is preselected, so one click never approves whatever the engine said.
        error_messages={"required": _("Choose whether you agree with the advice or decide otherwise.")},
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
