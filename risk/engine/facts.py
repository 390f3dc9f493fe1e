"""Breach facts: the engine's only input, parsed and validated into frozen dataclasses.

The format is the one of docs/breach-facts.md ("breach-facts"). Every field is required except
`summary`; unknown fields are an error at every level. Validation collects every problem it finds
and raises one `FactsError` whose `errors` list names each bad field by its dotted path
(`protection.encryption`, `data_categories[2]`), so a caller can show all of them at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
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
Backup = Literal["none", "outdated", "recent"]
AvailabilityLoss = Literal["none", "temporary", "permanent"]
AvailabilityImpact = Literal["none", "minor", "severe"]
IntegrityLoss = Literal["none", "recoverable", "unrecoverable"]

DPC_DELTA_RANGE = range(-3, 4)


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
    hashing: Encryption
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
class BreachFacts:
    role: Role
    sector: Sector
    nature: tuple[Nature, ...]
    confidentiality: Confidentiality
    cause: Cause
    recipients: Recipients
    recipients_count: int | None
    data_categories: tuple[DataCategory, ...]
    dpc_adjustment: DpcAdjustment | None
    subject_categories: tuple[str, ...]
    subjects_count: int
    identifiability: Identifiability
    protection: Protection
    availability: Availability
    integrity: Integrity
    mitigation: Mitigation
    individual_notice_disproportionate: bool
    summary: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The facts back in the breach-facts JSON shape (lists, not tuples; no `summary` if absent)."""
        data = asdict(self)
        for key in ("nature", "data_categories", "subject_categories"):
            data[key] = list(data[key])
        if data["summary"] is None:
            del data["summary"]
        return data


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


_parse_breach_facts = _object(
    BreachFacts,
    {
        "role": _enum(get_args(Role)),
        "sector": _enum(get_args(Sector)),
        "nature": _unique_list(_enum(get_args(Nature)), non_empty=True),
        "confidentiality": _enum(get_args(Confidentiality)),
        "cause": _enum(get_args(Cause)),
        "recipients": _enum(get_args(Recipients)),
        "recipients_count": _nullable(_count),
        "data_categories": _unique_list(_enum(get_args(DataCategory)), non_empty=True),
        "dpc_adjustment": _nullable(
            _object(DpcAdjustment, {"delta": _delta, "reason": _non_empty_text}),
        ),
        "subject_categories": _unique_list(_non_empty_text, non_empty=False),
        "subjects_count": _count,
        "identifiability": _enum(get_args(Identifiability)),
        "protection": _object(
            Protection,
            {
                "encryption": _enum(get_args(Encryption)),
                "key_compromised": _bool,
                "hashing": _enum(get_args(Encryption)),
                "backup": _enum(get_args(Backup)),
            },
        ),
        "availability": _object(
            Availability,
            {
                "loss": _enum(get_args(AvailabilityLoss)),
                "duration_hours": _nullable(_hours),
                "impact": _enum(get_args(AvailabilityImpact)),
            },
        ),
        "integrity": _object(Integrity, {"loss": _enum(get_args(IntegrityLoss)), "misused": _bool}),
        "mitigation": _object(
            Mitigation,
            {"data_retrieved_or_deleted": _bool, "high_risk_no_longer_likely": _bool, "description": _text},
        ),
        "individual_notice_disproportionate": _bool,
        "summary": _nullable(_text),  # optional: null is the same as leaving it out
    },
    optional=("summary",),
)


def parse_facts(obj: object) -> BreachFacts:
    """Validate a breach-facts object (parsed JSON) and return it as frozen dataclasses.

    Nothing is coerced (the string "3" is not a count, `true` is not 1). Raises `FactsError` listing
    every bad field by its dotted path; `FactsError.field` is the first one.
    """
    if isinstance(obj, BreachFacts):
        return obj
    errors: Errors = []
    facts = _parse_breach_facts(obj, "", errors)
    if errors:
        field, message = errors[0]
        raise FactsError(field, message, errors=errors)
    return facts
