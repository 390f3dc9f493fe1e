"""What the inventory records beyond the breach vocabulary (vocabulary/codes.py, which it shares with the engine,
the risk app and the documents): the protection of a system as its records choose it, the legal basis of an
activity, the countries — and the validators of its fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vocabulary import codes

# The breach vocabulary's data and subject categories (the one copy: vocabulary/codes.py).
DATA_CATEGORIES = codes.DATA_CATEGORIES
DATA_CATEGORY_CODES = codes.DATA_CATEGORY_CODES
SUBJECT_CATEGORIES = codes.SUBJECT_CATEGORIES
SUBJECT_CATEGORY_CODES = codes.SUBJECT_CATEGORY_CODES


class Protection(models.TextChoices):
    """Encryption at rest: ``protection.encryption``."""

    NONE = "none", _("None")
    WEAK = "weak", _("Weak or outdated")
    STATE_OF_THE_ART = "state_of_the_art", _("State of the art")


class Hashing(models.TextChoices):
    """Hashing of stored credentials: ``protection.hashing`` (the same values as ``Protection``)."""

    NONE = "none", _("None: passwords stored readable or reversibly")
    WEAK = "weak", _("Weak: fast or unsalted (e.g. MD5, SHA-1)")
    STATE_OF_THE_ART = "state_of_the_art", _("State of the art: slow and salted (bcrypt, Argon2)")


class Backup(models.TextChoices):
    """The backup regime: ``protection.backup``."""

    NONE = "none", _("No backup")
    OUTDATED = "outdated", _("Outdated backup")
    RECENT = "recent", _("Recent backup")


PROTECTION_CHOICES = {
    "protection.encryption": Protection.choices,
    "protection.hashing": Hashing.choices,
    "protection.backup": Backup.choices,
}

# Weakest first: the proposal for an incident takes the weakest value among its affected systems.
PROTECTION_ORDER: tuple[str, ...] = ("none", "weak", "state_of_the_art")
BACKUP_ORDER: tuple[str, ...] = ("none", "outdated", "recent")


class LegalBasis(models.TextChoices):
    """Art. 6(1) GDPR. Empty for processing done for a client: the controller determines the basis."""

    CONSENT = "consent", _("Art. 6(1)(a) consent")
    CONTRACT = "contract", _("Art. 6(1)(b) contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Art. 6(1)(c) legal obligation")
    VITAL_INTERESTS = "vital_interests", _("Art. 6(1)(d) vital interests")
    PUBLIC_TASK = "public_task", _("Art. 6(1)(e) public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Art. 6(1)(f) legitimate interests")


# ISO 3166-1 alpha-2 (from the iso-codes package), for the countries where data is kept or processed.
_ISO_3166_ALPHA_2 = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV "
    "BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET "
    "FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM "
    "IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD "
    "ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE "
    "PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST "
    "SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS "
    "YE YT ZA ZM ZW"
)
COUNTRY_CODES = frozenset(_ISO_3166_ALPHA_2.split())
# The European Economic Area: outside it, a processor means a transfer (Chapter V GDPR, Art. 44-49).
_EEA = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO"
EEA_COUNTRY_CODES = frozenset(_EEA.split())


def validate_country(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(
            _("Use a two-letter ISO 3166 country code, e.g. NL, IE, US; got “%(value)s”."),
            params={"value": value},
            code="invalid_country",
        )


def _list_errors(value: object, allowed: Iterable[str]) -> list[str]:
    allowed = tuple(allowed)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [str(_("Must be a list of codes."))]
    errors = []
    unknown = [item for item in value if item not in allowed]
    if unknown:
        errors.append(
            str(_("Unknown: %(unknown)s. Choose from: %(allowed)s."))
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)}
        )
    duplicates = sorted({item for item in value if value.count(item) > 1})
    if duplicates:
        errors.append(str(_("Listed twice: %(items)s.")) % {"items": ", ".join(duplicates)})
    return errors


def validate_data_categories(value: object) -> None:
    errors = _list_errors(value, DATA_CATEGORY_CODES)
    if errors:
        raise ValidationError(errors, code="invalid_categories")


def validate_subject_categories(value: object) -> None:
    errors = _list_errors(value, SUBJECT_CATEGORY_CODES)
    if errors:
        raise ValidationError(errors, code="invalid_categories")


def in_vocabulary_order(codes: Iterable[str], order: tuple[str, ...]) -> list[str]:
    """The codes without duplicates, in the vocabulary's order (unknown codes last, as given)."""
    seen = list(dict.fromkeys(codes))
    known = [code for code in order if code in seen]
    return known + [code for code in seen if code not in order]


def label_of(code: str, choices: tuple[tuple[str, str], ...]) -> str:
    return str(dict(choices).get(code, code))
