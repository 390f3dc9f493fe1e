"""Breach facts: the engine's only input, parsed and validated into frozen dataclasses.

The format is the one of docs/breach-facts.md ("breach-facts"). Every field is required except
`summary`; unknown fields are an error at every level. Validation collects every problem it finds
and raises one `FactsError` whose `errors` list names each bad field by its dotted path
(`protection.encryption`, `data_categories[2]`), so a caller can show all of them at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, get_args

Role = Literal["controller", "processor"]
Sector = Literal[
    "general", "healthcare", "finance", "public", "education", "childcare", "telecom", "retail", "other"
]
Nature = Literal["confidentiality", "integrity", "availability"]
Confidentiality = Literal["none", "not_exfiltrated", "unknown", "likely", "exfiltrated"]
Cause = Literal[
    "internal_accidental", "internal_malicious", "external_accidental", "external_malicious", "unknown"
]
Recipients = Literal["none", "trusted", "known", "unknown", "public"]
DataCategory = Literal[
    "basic", "contact", "national_id", "official_documents", "financial", "payment_means", "credentials",
    "location", "behavioural", "profile", "education", "employment", "family", "health", "genetic",
    "biometric", "racial_ethnic", "political", "religious", "trade_union", "sex_life", "criminal",
]  # fmt: skip
Identifiability = Literal["negligible", "limited", "significant", "maximum"]
Encryption = Literal["none", "weak", "state_of_the_art"]
# "not_applicable": none of the data the measure protects is concerned (hashing: no passwords among the data; backup:
# no data whose loss a backup would repair). The engine reads it as the measure being absent (docs/breach-facts.md).
Hashing = Literal["none", "weak", "state_of_the_art", "not_applicable"]
Backup = Literal["none", "outdated", "recent", "not_applicable"]
AvailabilityLoss = Literal["none", "temporary", "permanent"]
AvailabilityImpact = Literal["none", "minor", "severe"]
IntegrityLoss = Literal["none", "recoverable", "unrecoverable"]
# The data elements a category holds, where the regulators' forms ask them one by one (AP 6.1 splits "basic" into
# name, gender and birth date, "contact" into address, e-mail and phone, payment means into bank account and card).
DataElement = Literal[
    "name", "gender", "birth_date", "address", "email", "phone", "bank_account", "payment_card",
]  # fmt: skip
ELEMENT_CATEGORY: dict[str, str] = {
    "name": "basic",
    "gender": "basic",
    "birth_date": "basic",
    "address": "contact",
    "email": "contact",
    "phone": "contact",
    "bank_account": "payment_means",
    "payment_card": "payment_means",
}

DPC_DELTA_RANGE = range(-3, 4)
V1_GROUP_LABEL = "all"  # the one group a v1 object describes


class FactsError(ValueError):
    """Invalid breach facts. `field`/`message` describe the first problem, `errors` all of them."""

    def __init__(self, field: str, message: str, *, errors: list[tuple[str, str]] | None = None) -> None:
        self.field = field
        self.message = message
        self.errors = errors or [(field, message)]
        super().__init__("; ".join(f"{f or '(facts)'}: {m}" for f, m in self.errors))


@dataclass(frozen=True)
class DpcAdjustment:
    delta: int
    reason: str


@dataclass(frozen=True)
class Protection:
    encryption: Encryption
    key_compromised: bool
    hashing: Hashing
    backup: Backup


@dataclass(frozen=True)
class Availability:
    loss: AvailabilityLoss
    duration_hours: float | None
    impact: AvailabilityImpact


@dataclass(frozen=True)
class Integrity:
    loss: IntegrityLoss
    misused: bool


@dataclass(frozen=True)
class Mitigation:
    data_retrieved_or_deleted: bool
    high_risk_no_longer_likely: bool
    description: str


@dataclass(frozen=True)
class Group:
    """One group of people whose data the breach concerns: a verdict is reached for each group (v2).

    `subjects_count` is None while it is to be determined; `already_public`: the group's data were lawfully public
    before the breach (ENISA's decreasing factor "public availability")."""

    label: str
    subject_categories: tuple[str, ...]
    subjects_count: int | None
    data_categories: tuple[DataCategory, ...]
    identifiability: Identifiability
    already_public: bool = False
    dpc_adjustment: DpcAdjustment | None = None
    data_elements: tuple[DataElement, ...] | None = None  # optional: which elements of its categories


@dataclass(frozen=True)
class RecipientsDetail:
    """What v1's "trusted" recipient mixed up: who they are and what they undertook (v2)."""

    identified: bool
    bound_by_confidentiality: bool
    asked_to_delete: bool
    deletion_confirmed: bool


TRUSTED_DETAIL = RecipientsDetail(True, True, True, True)
KNOWN_DETAIL = RecipientsDetail(True, False, False, False)


@dataclass(frozen=True)
class BreachFacts:
    """The facts of one breach. v1 input is read as v2 with one group labelled "all" (`version` remembers which
    format it came in, so `to_dict` gives it back in that format). `confidentiality`, `cause` and `recipients`
    are None while they are to be determined (v2 only)."""

    role: Role
    sector: Sector
    nature: tuple[Nature, ...]
    confidentiality: Confidentiality | None
    cause: Cause | None
    recipients: Recipients | None
    recipients_count: int | None
    protection: Protection
    availability: Availability
    integrity: Integrity
    mitigation: Mitigation
    individual_notice_disproportionate: bool
    groups: tuple[Group, ...]
    recipients_detail: RecipientsDetail | None = None
    summary: str | None = None
    # optional: the data elements named for the breach as a whole (a group may name its own)
    data_elements: tuple[DataElement, ...] | None = None
    # optional: the data are protected by a professional secrecy (medical, legal …) — AP 9.2, CNIL §11
    professional_secrecy: bool | None = None
    version: int = 2

    # v1's people fields, for a breach of one group (and for code that still reads the v1 shape).
    @property
    def data_categories(self) -> tuple[DataCategory, ...]:
        seen: dict[str, None] = {}
        for group in self.groups:
            seen.update(dict.fromkeys(group.data_categories))
        return tuple(seen)  # type: ignore[return-value]

    @property
    def subject_categories(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for group in self.groups:
            seen.update(dict.fromkeys(group.subject_categories))
        return tuple(seen)

    @property
    def subjects_count(self) -> int | None:
        counts = [group.subjects_count for group in self.groups]
        return None if None in counts else sum(counts)  # type: ignore[arg-type]

    def to_v2_dict(self) -> dict[str, Any]:
        """The facts as a v2 object, whatever version they came in."""
        return replace(self, version=2).to_dict()

    def to_dict(self) -> dict[str, Any]:
        """The facts back in the breach-facts JSON shape of the version they came in (lists, not tuples; no
        `summary` if absent)."""
        data = asdict(self)
        groups = data.pop("groups")
        version = data.pop("version")
        for group in groups:
            for key in ("data_categories", "subject_categories"):
                group[key] = list(group[key])
            if group["data_elements"] is None:
                del group["data_elements"]
            else:
                group["data_elements"] = list(group["data_elements"])
        data["nature"] = list(data["nature"])
        for key in ("summary", "data_elements", "professional_secrecy"):
            if data[key] is None:
                del data[key]
        if data.get("data_elements") is not None:
            data["data_elements"] = list(data["data_elements"])
        if version == 1:
            (group,) = groups
            del data["recipients_detail"]
            return data | {
                "data_categories": group["data_categories"],
                "dpc_adjustment": group["dpc_adjustment"],
                "subject_categories": group["subject_categories"],
                "subjects_count": group["subjects_count"],
                "identifiability": group["identifiability"],
            }
        if data["recipients_detail"] is None:
            del data["recipients_detail"]
        return {"version": 2, **data, "groups": list(groups)}


# --- validation -----------------------------------------------------------------------------------
# Each parser takes (value, dotted field path, error list) and returns the parsed value, or None after
# recording an error. Objects are parsed field by field from a table, so nested objects behave exactly
# like the top level: unknown keys and missing keys are errors, and every problem is collected.

Errors = list[tuple[str, str]]
Parser = Callable[[object, str, Errors], Any]


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not the number 1


def _enum(allowed: tuple[str, ...]) -> Parser:
    def parse(value: object, field: str, errors: Errors) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        errors.append((field, f"must be one of {', '.join(allowed)}; got {value!r}"))
        return None

    return parse


def _bool(value: object, field: str, errors: Errors) -> Any:
    if isinstance(value, bool):
        return value
    errors.append((field, f"must be true or false; got {_type_name(value)} {value!r}"))
    return None


def _count(value: object, field: str, errors: Errors) -> Any:
    if _is_int(value) and value >= 0:  # type: ignore[operator]
        return value
    errors.append((field, f"must be an integer >= 0; got {_type_name(value)} {value!r}"))
    return None


def _hours(value: object, field: str, errors: Errors) -> Any:
    number = _is_int(value) or isinstance(value, float)
    if number and math.isfinite(value) and value >= 0:  # type: ignore[arg-type,operator]
        return float(value)  # type: ignore[arg-type]
    errors.append((field, f"must be a number >= 0 or null; got {_type_name(value)} {value!r}"))
    return None


def _text(value: object, field: str, errors: Errors) -> Any:
    if isinstance(value, str):
        return value
    errors.append((field, f"must be a string; got {_type_name(value)}"))
    return None


def _non_empty_text(value: object, field: str, errors: Errors) -> Any:
    if isinstance(value, str) and value.strip():
        return value
    errors.append((field, "must be a non-empty string"))
    return None


def _delta(value: object, field: str, errors: Errors) -> Any:
    if _is_int(value) and value in DPC_DELTA_RANGE:
        return value
    errors.append((field, f"must be an integer from -3 to 3; got {_type_name(value)} {value!r}"))
    return None


def _nullable(parse: Parser) -> Parser:
    def parse_or_null(value: object, field: str, errors: Errors) -> Any:
        return None if value is None else parse(value, field, errors)

    return parse_or_null


def _unique_list(item: Parser, *, non_empty: bool) -> Parser:
    """A JSON list whose items pass `item`, without duplicates (and not empty when asked)."""

    def parse(value: object, field: str, errors: Errors) -> Any:
        if not isinstance(value, list):
            errors.append((field, f"must be a list; got {_type_name(value)}"))
            return None
        if non_empty and not value:
            errors.append((field, "must not be empty"))
        items: list[Any] = []
        for index, element in enumerate(value):
            parsed = item(element, f"{field}[{index}]", errors)
            if parsed is not None and parsed in items:
                errors.append((f"{field}[{index}]", f"duplicate value {parsed!r}"))
            items.append(parsed)
        return tuple(items)

    return parse


def _object(cls: type, spec: dict[str, Parser], optional: tuple[str, ...] = ()) -> Parser:
    """An object with exactly the keys of `spec` (those in `optional` may be left out), built into `cls`."""

    def parse(value: object, field: str, errors: Errors) -> Any:
        if not isinstance(value, Mapping):
            what = "breach facts must be a JSON object" if not field else "must be an object"
            errors.append((field, f"{what}; got {_type_name(value)}"))
            return None
        before = len(errors)
        allowed = ", ".join(spec)
        for key in value:
            if key not in spec:
                errors.append((_join(field, str(key)), f"unknown field; allowed fields: {allowed}"))
        parsed = {}
        for key, parse_value in spec.items():
            if key in value:
                parsed[key] = parse_value(value[key], _join(field, key), errors)
            elif key not in optional:
                errors.append((_join(field, key), "is required"))
        return cls(**parsed) if len(errors) == before else None

    return parse


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _v1(
    *,
    data_categories: tuple,
    dpc_adjustment: DpcAdjustment | None,
    subject_categories: tuple,
    subjects_count: int,
    identifiability: Identifiability,
    **breach: Any,
) -> BreachFacts:
    """A v1 object means one undivided set of people: one group, labelled "all"."""
    group = Group(
        V1_GROUP_LABEL,
        subject_categories,
        subjects_count,
        data_categories,
        identifiability,
        False,
        dpc_adjustment,
    )
    return BreachFacts(**breach, groups=(group,), version=1)


def _group_labels_unique(groups: tuple[Group | None, ...], field: str, errors: Errors) -> None:
    seen: set[str] = set()
    for index, group in enumerate(groups):
        if group is None:
            continue
        if group.label in seen:
            errors.append((f"{field}[{index}].label", f"duplicate label {group.label!r}; labels are unique"))
        seen.add(group.label)


_DPC_ADJUSTMENT = _nullable(_object(DpcAdjustment, {"delta": _delta, "reason": _non_empty_text}))
_PROTECTION = _object(
    Protection,
    {
        "encryption": _enum(get_args(Encryption)),
        "key_compromised": _bool,
        "hashing": _enum(get_args(Hashing)),
        "backup": _enum(get_args(Backup)),
    },
)
_AVAILABILITY = _object(
    Availability,
    {
        "loss": _enum(get_args(AvailabilityLoss)),
        "duration_hours": _nullable(_hours),
        "impact": _enum(get_args(AvailabilityImpact)),
    },
)
_INTEGRITY = _object(Integrity, {"loss": _enum(get_args(IntegrityLoss)), "misused": _bool})
_MITIGATION = _object(
    Mitigation,
    {"data_retrieved_or_deleted": _bool, "high_risk_no_longer_likely": _bool, "description": _text},
)
_DATA_CATEGORIES = _unique_list(_enum(get_args(DataCategory)), non_empty=True)
_SUBJECT_CATEGORIES = _unique_list(_non_empty_text, non_empty=False)
_DATA_ELEMENTS = _unique_list(_enum(get_args(DataElement)), non_empty=False)

# The fields both versions share, breach-wide (v2 lets three of them be null: to be determined).
_BREACH_WIDE: dict[str, Parser] = {
    "role": _enum(get_args(Role)),
    "sector": _enum(get_args(Sector)),
    "nature": _unique_list(_enum(get_args(Nature)), non_empty=True),
    "confidentiality": _enum(get_args(Confidentiality)),
    "cause": _enum(get_args(Cause)),
    "recipients": _enum(get_args(Recipients)),
    "recipients_count": _nullable(_count),
    "protection": _PROTECTION,
    "availability": _AVAILABILITY,
    "integrity": _INTEGRITY,
    "mitigation": _MITIGATION,
    "individual_notice_disproportionate": _bool,
    "summary": _nullable(_text),  # optional: null is the same as leaving it out
    "data_elements": _nullable(_DATA_ELEMENTS),  # optional
    "professional_secrecy": _nullable(_bool),  # optional
}
OPTIONAL_BREACH_WIDE = ("summary", "data_elements", "professional_secrecy")
# v1's people fields: in v2 they belong to a group and are not allowed at the top level.
V1_PEOPLE_FIELDS = (
    "data_categories",
    "dpc_adjustment",
    "subject_categories",
    "subjects_count",
    "identifiability",
)
TO_BE_DETERMINED = ("confidentiality", "cause", "recipients")

_parse_v1 = _object(
    _v1,
    {
        **_BREACH_WIDE,
        "data_categories": _DATA_CATEGORIES,
        "dpc_adjustment": _DPC_ADJUSTMENT,
        "subject_categories": _SUBJECT_CATEGORIES,
        "subjects_count": _count,
        "identifiability": _enum(get_args(Identifiability)),
    },
    optional=OPTIONAL_BREACH_WIDE,
)

_parse_group = _object(
    Group,
    {
        "label": _non_empty_text,
        "subject_categories": _SUBJECT_CATEGORIES,
        "subjects_count": _nullable(_count),
        "data_categories": _DATA_CATEGORIES,
        "identifiability": _enum(get_args(Identifiability)),
        "already_public": _bool,
        "dpc_adjustment": _DPC_ADJUSTMENT,
        "data_elements": _nullable(_DATA_ELEMENTS),
    },
    optional=("already_public", "dpc_adjustment", "data_elements"),
)


def _groups(value: object, field: str, errors: Errors) -> Any:
    if not isinstance(value, list):
        errors.append((field, f"must be a list of groups; got {_type_name(value)}"))
        return None
    if not value:
        errors.append((field, "must not be empty: describe at least one group of people"))
        return None
    groups = tuple(_parse_group(item, f"{field}[{index}]", errors) for index, item in enumerate(value))
    _group_labels_unique(groups, field, errors)
    return groups


def _version(value: object, field: str, errors: Errors) -> Any:
    if value == 2 and _is_int(value):
        return value
    errors.append((field, f"must be 2 (or leave it out for a v1 object); got {_type_name(value)} {value!r}"))
    return None


_parse_v2 = _object(
    BreachFacts,
    {
        "version": _version,
        **{
            key: _nullable(parse) if key in TO_BE_DETERMINED else parse for key, parse in _BREACH_WIDE.items()
        },
        "recipients_detail": _nullable(
            _object(
                RecipientsDetail,
                {
                    "identified": _bool,
                    "bound_by_confidentiality": _bool,
                    "asked_to_delete": _bool,
                    "deletion_confirmed": _bool,
                },
            )
        ),
        "groups": _groups,
    },
    optional=(*OPTIONAL_BREACH_WIDE, "recipients_detail"),
)


def _v2_consistency(facts: BreachFacts, errors: Errors) -> None:
    """What the fields say together: "trusted" is the four facts of `recipients_detail` at once, and the
    detail describes identified recipients only."""
    detail = facts.recipients_detail
    if detail is None:
        return
    if facts.recipients == "trusted" and detail != TRUSTED_DETAIL:
        errors.append(
            (
                "recipients_detail",
                'recipients "trusted" means identified, bound by confidentiality, asked to delete and deletion '
                'confirmed; for anything less use recipients "known" with this detail',
            )
        )
    if facts.recipients in ("none", "unknown", "public") and detail.identified:
        errors.append(
            (
                "recipients_detail.identified",
                f'the recipients are {facts.recipients!r}: they cannot be identified; use recipients "known"',
            )
        )


def _elements_consistency(facts: BreachFacts, errors: Errors) -> None:
    """A data element belongs to a category the data include: "gender" needs "basic", "iban" payment means."""
    named = [("data_elements", facts.data_elements or (), set(facts.data_categories))]
    if facts.version == 2:
        named += [
            (f"groups[{i}].data_elements", g.data_elements or (), set(g.data_categories))
            for i, g in enumerate(facts.groups)
        ]
    for field, elements, categories in named:
        for index, element in enumerate(elements):
            category = ELEMENT_CATEGORY[element]
            if category not in categories:
                errors.append(
                    (
                        f"{field}[{index}]",
                        f"{element!r} is {category!r} data; add {category!r} to the data categories",
                    )
                )


def parse_facts(obj: object) -> BreachFacts:
    """Validate a breach-facts object (parsed JSON, v1 or v2) and return it as frozen dataclasses (v2).

    Nothing is coerced (the string "3" is not a count, `true` is not 1). Raises `FactsError` listing
    every bad field by its dotted path; `FactsError.field` is the first one.
    """
    if isinstance(obj, BreachFacts):
        return obj
    errors: Errors = []
    if isinstance(obj, Mapping) and "version" in obj:
        errors += [
            (key, "not allowed at the top level in v2: it belongs to each group")
            for key in V1_PEOPLE_FIELDS
            if key in obj
        ]
        facts = _parse_v2({k: v for k, v in obj.items() if k not in V1_PEOPLE_FIELDS}, "", errors)
        if facts is not None:
            _v2_consistency(facts, errors)
    else:
        facts = _parse_v1(obj, "", errors)
    if facts is not None:
        _elements_consistency(facts, errors)
    if errors:
        field, message = errors[0]
        raise FactsError(field, message, errors=errors)
    return facts


IDENTIFIABILITY_ORDER = get_args(Identifiability)


def v1_can_say(data: Mapping[str, Any]) -> bool:
    """Whether a stored facts object says nothing v1 cannot: v1 itself, or v2 with one group and none of v2's own
    facts (the recipients' detail, facts to be determined, data public before)."""
    if data.get("version") != 2:
        return True
    groups = data.get("groups") or []
    if len(groups) != 1 or data.get("recipients_detail") is not None:
        return False
    determined = all(data.get(key) is not None for key in TO_BE_DETERMINED)
    return determined and groups[0].get("subjects_count") is not None and not groups[0].get("already_public")


def one_breach_facts(view: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    """A breach view of `stored` (perhaps narrowed, e.g. to one client's part) back as a facts object that keeps
    what `stored` says of the breach: the view itself (v1) when v1 can say `stored`, else v2 with one group holding
    the view's people fields, `stored`'s recipients' detail, and data public before when every group's was."""
    if v1_can_say(stored):
        return dict(view)
    groups = stored.get("groups") or []
    group = {
        "label": V1_GROUP_LABEL,
        "subject_categories": view.get("subject_categories"),
        "subjects_count": view.get("subjects_count"),
        "data_categories": view.get("data_categories"),
        "identifiability": view.get("identifiability"),
        "already_public": bool(groups) and all(g.get("already_public") for g in groups),
        "dpc_adjustment": view.get("dpc_adjustment"),
    }
    facts = {"version": 2, **{k: v for k, v in view.items() if k not in V1_PEOPLE_FIELDS}, "groups": [group]}
    if stored.get("recipients_detail") is not None:
        facts["recipients_detail"] = stored["recipients_detail"]
    return facts


def v2_shape(data: Mapping[str, Any]) -> dict[str, Any]:
    """A facts object of either version, perhaps incomplete (a form's starting point), in v2's shape without
    validating it: v1's people fields move into one group labelled "all", as `parse_facts` reads them. A v2
    object comes back as it is (a copy of its top level)."""
    if data.get("version") == 2 or "groups" in data:
        return dict(data)
    breach = {key: value for key, value in data.items() if key not in V1_PEOPLE_FIELDS}
    group = {"label": V1_GROUP_LABEL, **{key: data[key] for key in V1_PEOPLE_FIELDS if key in data}}
    return {"version": 2, **breach, "groups": [group]}


def breach_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored breach-facts object (v1 or v2) seen as one breach, in v1's shape: for what reads the breach as a
    whole (a register line, a form that asks for one number of people). The groups' data and subject categories
    are joined in order, their counts added (None while any is to be determined), the easiest identifiability
    kept, and a DPC adjustment only when there is one group. A v1 object comes back as it is."""
    if data.get("version") != 2:
        return dict(data)
    groups = data.get("groups") or []
    view = {
        key: value for key, value in data.items() if key not in ("version", "groups", "recipients_detail")
    }
    view["data_categories"] = list(dict.fromkeys(c for g in groups for c in g.get("data_categories", [])))
    view["subject_categories"] = list(
        dict.fromkeys(c for g in groups for c in g.get("subject_categories", []))
    )
    counts = [g.get("subjects_count") for g in groups]
    view["subjects_count"] = None if None in counts else sum(counts)
    levels = [g.get("identifiability") for g in groups if g.get("identifiability") in IDENTIFIABILITY_ORDER]
    view["identifiability"] = max(levels, key=IDENTIFIABILITY_ORDER.index) if levels else None
    view["dpc_adjustment"] = groups[0].get("dpc_adjustment") if len(groups) == 1 else None
    if any(g.get("data_elements") for g in groups):
        view["data_elements"] = list(
            dict.fromkeys(
                [
                    *(data.get("data_elements") or []),
                    *(e for g in groups for e in g.get("data_elements") or []),
                ]
            )
        )
    return view
