"""What a person on the list of affected people must be for a message to reach them: one rule, used by the import
(every row), by a DPO's correction of a person, and by the outbox (which makes a delivery only of a person who
passes it, and shows the others to the DPO as problems).

Why the limits: an address longer than the outbox's column stopped a whole notice (a database error on the one
statement that queues everyone), and a name over two lines breaks the e-mail's header. The postal address is
printed in a letter's address window, so it is held to what a window shows; the e-mail address to what an SMTP
path carries (RFC 5321: 256 octets with the brackets).
"""

from __future__ import annotations

from functools import lru_cache

from django.core.validators import EmailValidator
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Length, Replace
from django.db.models.lookups import LessThan, LessThanOrEqual
from django.utils.translation import gettext as _

NAME_MAX = 200
EMAIL_MAX = 254
POSTAL_ADDRESS_MAX = 500
POSTAL_ADDRESS_MAX_LINES = 8
EXTERNAL_ID_MAX = 100
GROUP_MAX = 100  # a group's label, as the assessor wrote it (breach facts v2: the groups of people)
LANGUAGE_CODES = ("nl", "fr", "en")
# The outbox holds a person's e-mail or postal address, and a controller client's alert address, which Django's
# EmailValidator lets up to 320 characters.
RECIPIENT_MAX = max(320, EMAIL_MAX, POSTAL_ADDRESS_MAX)
SINGLE_LINE = ("name", "email", "language", "external_id", "group")

_EMAIL = EmailValidator()


@lru_cache(maxsize=4096)
def _domain_ok(domain: str) -> bool:
    return domain in _EMAIL.domain_allowlist or _EMAIL.validate_domain_part(domain)


# The compiled pattern's own method, not reached through Django's lazy proxy for every row.
_user_part_ok = _EMAIL.user_regex.match


def email_ok(value: str) -> bool:
    """Django's e-mail check within the column, with the domain part remembered: a list has few distinct
    domains."""
    user, at, domain = value.rpartition("@")
    return bool(at and user and len(value) <= EMAIL_MAX and _user_part_ok(user) and _domain_ok(domain))


def problem(
    *, name: str, email: str, postal_address: str, language: str, external_id: str = "", group: str = ""
) -> tuple[str, str] | None:
    """The first reason a person cannot be told, as (field, message), or None. Values are taken as stored
    (trimmed). (Whether the person's group is one the assessment has is asked per notice: ``people.groups``.)

    The import asks this of every row, and nearly every row is fine: all the rules are first asked at once, in as
    few steps as Python allows (one text of the one-line fields searched for what it must not hold); only a row
    that fails one of them is asked again, rule by rule, for the first reason (``_first_problem``)."""
    one_line = f"{name}{email}{language}{external_id}{group}"
    if (
        language in LANGUAGE_CODES
        and "\n" not in one_line
        and "\r" not in one_line
        and "\x00" not in one_line
        and "\x00" not in postal_address
        and len(name) <= NAME_MAX
        and len(external_id) <= EXTERNAL_ID_MAX
        and len(group) <= GROUP_MAX
        and len(postal_address) <= POSTAL_ADDRESS_MAX
        and (email_ok(email) if email else postal_address)
        and postal_address.count("\n") < POSTAL_ADDRESS_MAX_LINES
    ):
        return None
    return _first_problem(name, email, postal_address, language, external_id, group)


def _first_problem(
    name: str, email: str, postal_address: str, language: str, external_id: str, group: str
) -> tuple[str, str] | None:
    values = (name, email, postal_address, language, external_id, group)
    if "\x00" in "".join(values):
        field = ("name", "email", "postal_address", "language", "external_id", "group")[
            next(i for i, v in enumerate(values) if "\x00" in v)
        ]
        return field, _("contains a NUL character, which text cannot hold")
    for field, value in zip(SINGLE_LINE, (name, email, language, external_id, group), strict=True):
        if "\n" in value or "\r" in value:
            return field, _(
                'runs over more than one line (is a quote “"” not closed, joining lines into one cell?)'
            )
    for field, value, most in (
        ("name", name, NAME_MAX),
        ("external_id", external_id, EXTERNAL_ID_MAX),
        ("group", group, GROUP_MAX),
    ):
        if len(value) > most:
            return field, _too_long(len(value), most)
    if not email and not postal_address:
        return "email", _("neither an e-mail address nor a postal address")
    if email and len(email) > EMAIL_MAX:
        return "email", _too_long(len(email), EMAIL_MAX)
    if email and not email_ok(email):
        return "email", _("“%(email)s” is not a valid e-mail address") % {"email": email}
    if len(postal_address) > POSTAL_ADDRESS_MAX:
        return "postal_address", _too_long(len(postal_address), POSTAL_ADDRESS_MAX)
    if postal_address.count("\n") >= POSTAL_ADDRESS_MAX_LINES:
        return "postal_address", _("%(lines)d lines; a letter's address has at most %(most)d") % {
            "lines": postal_address.count("\n") + 1,
            "most": POSTAL_ADDRESS_MAX_LINES,
        }
    if language not in LANGUAGE_CODES:
        return "language", _("unknown language “%(lang)s” (use nl, fr or en)") % {"lang": language}
    return None


def _too_long(length: int, most: int) -> str:
    return _("%(length)d characters; at most %(most)d") % {"length": length, "most": most}


def _reachable() -> Q:
    """The rule above as the database asks it of many people at once, for what the outbox must hold. The e-mail's
    form is not asked here: every way onto the list (the import, a correction) checks it.

    Written with the measures inline (not as annotations) so that it can also be the condition of an index: see
    ``unreachable_rule``."""
    chars = Length("postal_address")
    breaks = chars - Length(Replace("postal_address", Value("\n"), Value("")))
    one_line = ~Q(name__contains="\n") & ~Q(name__contains="\r")
    postal = (
        Q(email="")
        & ~Q(postal_address="")
        & Q(LessThanOrEqual(chars, POSTAL_ADDRESS_MAX))
        & Q(LessThan(breaks, POSTAL_ADDRESS_MAX_LINES))
    )
    return one_line & (~Q(email="") | postal) & Q(language__in=LANGUAGE_CODES)


def unreachable_rule() -> Q:
    """Who no delivery can be made of, as one condition: what ``unreachable`` filters by, and the condition of the
    partial index of the people still to be corrected or excluded (``people.models``). PostgreSQL uses a partial
    index only when it can prove the query's WHERE implies the index's, which it does by finding the very same
    expression in both: so both are built here, and a change of the rule is a change of the index (a migration;
    the tests compare them)."""
    return ~_reachable()


def reachable(people: QuerySet) -> QuerySet:
    """Of ``people``, those a delivery can be made of."""
    return people.filter(_reachable())


def unreachable(people: QuerySet) -> QuerySet:
    """Of ``people``, those no delivery can be made of: the problems a DPO must correct or exclude."""
    return people.filter(unreachable_rule())
