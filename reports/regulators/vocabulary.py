"""Our breach-facts codes in the regulators' own answer vocabularies (docs/forms.md §1.1 and §2.2), and the
derivations several forms share: the consequences that follow from the nature of the breach and the data, and the
four-level severity.

Every table maps one of our codes to the option(s) of the form; a code with no option of its own goes to the form's
"other" option and the answer is then marked derived.
"""

from __future__ import annotations

from typing import Any

from risk.engine.rules import SPECIAL_CATEGORIES

MALICIOUS = {"internal_malicious", "external_malicious"}
READ_BY_SOMEONE = {"unknown", "likely", "exfiltrated"}

# The ENISA level (advisory) on the four-level scale the AP and the CNIL use; the DPO's legal verdict bounds it:
# a high risk is at least the third level, "unlikely to result in a risk" is the first.
LEVELS = ("low", "medium", "high", "very high")


def severity_step(level: str | None, risk: str | None) -> int | None:
    """0–3 on the four-level scale, or None when neither the ENISA level nor the risk is known."""
    if level not in LEVELS and risk not in ("unlikely", "risk", "high"):
        return None
    step = LEVELS.index(level) if level in LEVELS else 1
    if risk == "high":
        step = max(step, 2)
    elif risk == "unlikely":
        step = 0
    elif risk == "risk":
        step = min(max(step, 1), 2)
    return step


def consequence_keys(facts: dict[str, Any], nature: list[str] | None) -> list[str]:
    """Consequences for the data, from the nature of the breach (AP 9.1, CNIL §10, EDPB field 79–84)."""
    nature = nature or facts.get("nature") or []
    keys = []
    if "confidentiality" in nature and facts.get("confidentiality") in READ_BY_SOMEONE:
        keys.append("seen")
        if facts.get("cause") in MALICIOUS or facts.get("recipients") in ("unknown", "public"):
            keys.append("misused")
    if "integrity" in nature:
        keys.append("inaccurate")
    if "availability" in nature:
        loss = (facts.get("availability") or {}).get("loss")
        keys.append("unavailable_permanent" if loss == "permanent" else "unavailable_temporary")
    return keys


def may_have_been_read(facts: dict[str, Any]) -> bool:
    """The breach is (possibly) one of confidentiality: someone may have the data (exfiltrated, likely, not
    assessable, or still to be determined — the stricter reading)."""
    nature = facts.get("nature") or []
    return "confidentiality" in nature and facts.get("confidentiality") in (*READ_BY_SOMEONE, None)


def harm_keys(facts: dict[str, Any], categories: list[str] | None) -> list[str]:
    """Likely harm to the people from the data in someone else's hands (AP 9.2, CNIL §11, EDPB field 85): from the
    data concerned, and only when the facts say someone may have read them — lost or altered data that nobody saw
    cause no identity theft, fraud or loss of a professional secret."""
    if not may_have_been_read(facts):
        return []
    categories = set(categories or facts.get("data_categories") or [])
    keys = []
    if categories & {"national_id", "official_documents", "credentials"}:
        keys.append("identity_theft")
    if categories & {"financial", "payment_means", "credentials"}:
        keys.append("financial_loss")
    if categories & {*SPECIAL_CATEGORIES, "criminal"}:
        keys += ["discrimination", "reputation"]
    if professional_secrecy(facts, categories):
        keys.append("professional_secrecy")
    if categories and not keys:
        keys.append("loss_of_control")
    return keys


def natures(facts: dict[str, Any], nature: list[str] | None) -> list[str]:
    """The nature with availability split into temporary and permanent, as the AP form asks it."""
    out = []
    for item in nature or []:
        if item == "availability":
            loss = (facts.get("availability") or {}).get("loss")
            out.append("availability_permanent" if loss == "permanent" else "availability_temporary")
        else:
            out.append(item)
    return out


# Sectors whose data are protected by a professional secrecy by law (medical secrecy); a legal profession or any
# other secrecy is recorded as the fact ``professional_secrecy``.
SECRECY_SECTORS = {"healthcare"}


def professional_secrecy(facts: dict[str, Any], categories: set[str] | list[str] | None = None) -> bool:
    """Whether the data are protected by a professional secrecy (AP 9.2, CNIL §11): only from a recorded fact —
    the explicit ``professional_secrecy``, else a healthcare controller's health data. Health data alone (a web
    shop's customer who wrote about an illness) is not under anyone's professional secrecy."""
    explicit = facts.get("professional_secrecy")
    if explicit is not None:
        return bool(explicit)
    categories = set(categories if categories is not None else facts.get("data_categories") or [])
    return facts.get("sector") in SECRECY_SECTORS and bool(categories & {"health", "genetic"})


def disclosure(facts: dict[str, Any]) -> str | None:
    """How sure it is that the data reached someone (CNIL §10, confidentiality): ``disclosed`` when the facts say
    exfiltrated or published, ``possible`` when only likely or not assessable, None when nobody had them or the
    fact is not recorded."""
    if facts.get("confidentiality") == "exfiltrated" or facts.get("recipients") == "public":
        return "disclosed"
    if facts.get("confidentiality") in ("likely", "unknown"):
        return "possible"
    return None


def availability_impact(facts: dict[str, Any]) -> str | None:
    """The effect of the unavailability on the people as recorded (none/minor/severe), or None."""
    return (facts.get("availability") or {}).get("impact")


def critical_service(facts: dict[str, Any]) -> bool:
    """A critical/essential service could not be given (CNIL §10 "service critique", AP 9.1 "essentiële
    dienst"): only when the facts say the unavailability had a severe impact on the people."""
    return availability_impact(facts) == "severe"
