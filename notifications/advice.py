"""The maintained library of what a breach can mean for a person, and what they can do about it, in words people
use (Art. 34(2): "clear and plain language"; the AP's report on warning messages after breaches, 2024: say which
data, explain the consequences — phishing, identity fraud — and give concrete advice; docs/domain.md §7).

Per category of data (``vocabulary.codes.DATA_CATEGORIES``, every code): the words a letter uses for it (not the
register's jargon: "your bank account number or payment card", not "payment means"), what its loss can mean, and
what the person can do. Categories that mean the same for a person share one text, which a letter then says once.
Besides the data, the breach itself matters: data nobody saw cannot be misused, but data changed or lost can
harm too (``for_nature``).

Every text is a lazy gettext string, said in the reader's language when the letter is composed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vocabulary.codes import DATA_CATEGORY_CODES

# --- what the loss of a category can mean, and what to do: shared where they mean the same ---------------------

_PHISHING = _(
    "Criminals can use your contact details to send you fake messages that look real. An e-mail, text message or "
    "call may seem to come from us. This is called phishing."
)
_NAMED = _("Because your name is in the data, others can tell that the other information is about you.")
_PHISHING_ADVICE = _(
    "Be careful with messages about this breach or about us. Do not click on links and do not give personal "
    "details, codes or money when a message asks for them. If in doubt, contact us yourself."
)
_IDENTITY_FRAUD = _(
    "Someone could pretend to be you, for example to open an account, take out a loan or order goods in your "
    "name. This is called identity fraud."
)
_IDENTITY_ADVICE = _(
    "Watch for letters, bills or debts you do not recognise. If you think someone is using your identity, report "
    "it to the police."
)
_DOCUMENT_ADVICE = _(
    "If you think someone is using a copy of your passport or identity card, report it to the police and to "
    "your town hall. You can ask for a new document."
)
_PAYMENT_FRAUD = _(
    "Someone could try to take money from your account, or use your details to make payments or to ask you to "
    "pay a false bill."
)
_PAYMENT_ADVICE = _(
    "Check your bank statements in the coming months. Tell your bank at once if you see a payment you do not "
    "recognise, and be wary of unexpected bills or payment requests."
)
_FINANCIAL = _("Someone could use what they know about your money to deceive you or put pressure on you.")
_ACCOUNT_TAKEOVER = _(
    "Someone could log in to your account with us, or to other accounts where you use the same password."
)
_PASSWORD_ADVICE = _(
    "Change your password with us. If you use the same password anywhere else, change it there too. Where you "
    "can, turn on a second step when logging in, such as a code by text message or an app."
)
_LOCATION = _("Someone could find out where you live or where you go, and follow or approach you.")
_LOCATION_ADVICE = _("If you notice that someone is following or approaching you, contact the police.")
_PRIVATE_LIFE = _(
    "Others could learn things about you that you want to keep to yourself. This can be unpleasant or "
    "embarrassing."
)
_PRIVATE_ADVICE = _(
    "If someone contacts you about this information, or uses it to put pressure on you, do not respond and let "
    "us know."
)
_SENSITIVE = _(
    "This is very personal information. If others learn it, you could be treated unfairly, for example at work "
    "or when you apply for insurance, or be put under pressure."
)
_SENSITIVE_ADVICE = _(
    "If someone contacts you about this information or puts you under pressure, do not respond and contact us. "
    "If you are threatened, contact the police."
)
_HEALTH = _(
    "Others could learn about your health. This can be embarrassing, and you could be treated unfairly, for "
    "example by an employer or an insurer."
)
_BIOMETRIC = _(
    "Your fingerprint or face cannot be changed like a password. Someone could try to use it to pass as you."
)
_BIOMETRIC_ADVICE = _(
    "Where you use your fingerprint or face to log in or to confirm payments, watch for anything unusual and "
    "tell the organisation concerned."
)


@dataclass(frozen=True)
class CategoryAdvice:
    """A category of data as a letter speaks of it."""

    words: Promise  # the data in words people use ("your bank account number or payment card details")
    consequences: tuple[Promise, ...]  # what it can mean for the person if others have it
    advice: tuple[Promise, ...]  # what the person can do


LIBRARY: dict[str, CategoryAdvice] = {
    # A name says whom the other data are about; the phishing that follows from contact details is theirs.
    "basic": CategoryAdvice(_("your name and other basic details about you"), (_NAMED,), ()),
    "contact": CategoryAdvice(
        _("your contact details, such as your address, e-mail address or telephone number"),
        (_PHISHING,),
        (_PHISHING_ADVICE,),
    ),
    "national_id": CategoryAdvice(
        _("your citizen service number or other national identification number"),
        (_IDENTITY_FRAUD,),
        (_IDENTITY_ADVICE,),
    ),
    "official_documents": CategoryAdvice(
        _("a copy of your passport or identity card"),
        (_IDENTITY_FRAUD,),
        (_IDENTITY_ADVICE, _DOCUMENT_ADVICE),
    ),
    "financial": CategoryAdvice(
        _("information about your money, such as your income, debts or payments"),
        (_FINANCIAL,),
        (_PHISHING_ADVICE,),
    ),
    "payment_means": CategoryAdvice(
        _("your bank account number (IBAN) or payment card details"), (_PAYMENT_FRAUD,), (_PAYMENT_ADVICE,)
    ),
    "credentials": CategoryAdvice(
        _("the username and password of your account"), (_ACCOUNT_TAKEOVER,), (_PASSWORD_ADVICE,)
    ),
    "location": CategoryAdvice(
        _("information about where you are or have been"), (_LOCATION,), (_LOCATION_ADVICE,)
    ),
    "behavioural": CategoryAdvice(
        _("information about what you do, such as what you bought or which pages you visited"),
        (_PRIVATE_LIFE,),
        (_PRIVATE_ADVICE,),
    ),
    "profile": CategoryAdvice(_("your profile and preferences"), (_PRIVATE_LIFE,), (_PRIVATE_ADVICE,)),
    "education": CategoryAdvice(
        _("information about your education, such as your diplomas or results"),
        (_PRIVATE_LIFE,),
        (_PRIVATE_ADVICE,),
    ),
    "employment": CategoryAdvice(
        _("information about your job and your employer"), (_PRIVATE_LIFE,), (_PRIVATE_ADVICE,)
    ),
    "family": CategoryAdvice(_("information about your family"), (_PRIVATE_LIFE,), (_PRIVATE_ADVICE,)),
    "health": CategoryAdvice(_("information about your health"), (_HEALTH,), (_SENSITIVE_ADVICE,)),
    "genetic": CategoryAdvice(_("information about your DNA"), (_SENSITIVE,), (_SENSITIVE_ADVICE,)),
    "biometric": CategoryAdvice(
        _("your fingerprint or a scan of your face used to recognise you"),
        (_BIOMETRIC,),
        (_BIOMETRIC_ADVICE,),
    ),
    "racial_ethnic": CategoryAdvice(_("your origin"), (_SENSITIVE,), (_SENSITIVE_ADVICE,)),
    "political": CategoryAdvice(_("your political views"), (_SENSITIVE,), (_SENSITIVE_ADVICE,)),
    "religious": CategoryAdvice(_("your religion or beliefs"), (_SENSITIVE,), (_SENSITIVE_ADVICE,)),
    "trade_union": CategoryAdvice(
        _("whether you are a member of a trade union"), (_SENSITIVE,), (_SENSITIVE_ADVICE,)
    ),
    "sex_life": CategoryAdvice(
        _("information about your sex life or sexual orientation"), (_SENSITIVE,), (_SENSITIVE_ADVICE,)
    ),
    "criminal": CategoryAdvice(
        _("information about criminal convictions or offences"), (_SENSITIVE,), (_SENSITIVE_ADVICE,)
    ),
}
assert set(LIBRARY) == set(DATA_CATEGORY_CODES), (
    "every category of data has its words, consequences and advice"
)

# --- the breach itself: changed or lost data harm too, whatever the category ---------------------------------

_CHANGED = _(
    "Some of your data were changed. Until we have corrected them, decisions based on them could be wrong."
)
_CHANGED_MISUSED = _(
    "Some of your data were changed, and the changed data were used. Decisions about you may have been based on "
    "wrong information."
)
_CHANGED_ADVICE = _("Check the information we have about you, and tell us if something is wrong.")
_UNAVAILABLE = _("For a while we could not use some of your data. This can delay our services to you.")
_LOST = _("Some of your data are lost for good. We may have to ask you for them again.")
_UNAVAILABLE_ADVICE = _("If you are waiting for something from us, or miss something, contact us.")
_NO_HARM = _("As far as we can tell, nobody has seen your data, so we do not expect this breach to harm you.")
_NO_ACTION = _("You do not need to do anything. If you notice anything unusual, please contact us.")
# Nobody is known to have seen the data (confidentiality "none" or "not_exfiltrated"): no misuse to fear.
CONFIDENTIAL_READINGS = ("unknown", "likely", "exfiltrated", None)


def for_nature(facts: dict) -> tuple[list[Promise], list[Promise]]:
    """What the breach's integrity and availability facts mean for a person, and what they can do."""
    consequences: list[Promise] = []
    advice: list[Promise] = []
    integrity = facts.get("integrity") or {}
    if integrity.get("loss") in ("recoverable", "unrecoverable"):
        consequences.append(_CHANGED_MISUSED if integrity.get("misused") else _CHANGED)
        advice.append(_CHANGED_ADVICE)
    availability = facts.get("availability") or {}
    if availability.get("loss") == "permanent":
        consequences.append(_LOST)
        advice.append(_UNAVAILABLE_ADVICE)
    elif availability.get("loss") == "temporary" and availability.get("impact") in ("minor", "severe"):
        consequences.append(_UNAVAILABLE)
        advice.append(_UNAVAILABLE_ADVICE)
    return consequences, advice


def may_be_misused(facts: dict) -> bool:
    """Whether others may have the data (what the category consequences are about): not when there is reasonable
    evidence that nobody accessed them, nor when the breach is no confidentiality breach."""
    nature = facts.get("nature") or []
    return "confidentiality" in nature and facts.get("confidentiality") in CONFIDENTIAL_READINGS


def words(codes: Iterable[str]) -> list[Promise]:
    return [LIBRARY[c].words for c in codes if c in LIBRARY]


def consequences_of(codes: Iterable[str], facts: dict) -> list[Promise]:
    """What the breach can mean for a person whose ``codes`` of data it concerns, each text once (data nobody saw,
    and nothing changed or lost: no harm expected)."""
    codes = list(codes)
    found: list[Promise] = []
    if may_be_misused(facts):
        found += [text for c in codes if c in LIBRARY for text in LIBRARY[c].consequences]
    found += for_nature(facts)[0]
    return _once(found) or ([_NO_HARM] if codes and not may_be_misused(facts) else [])


def advice_for(codes: Iterable[str], facts: dict) -> list[Promise]:
    """What a person whose ``codes`` of data the breach concerns can do, each text once."""
    codes = list(codes)
    found: list[Promise] = []
    if may_be_misused(facts):
        found += [text for c in codes if c in LIBRARY for text in LIBRARY[c].advice]
    found += for_nature(facts)[1]
    return _once(found) or ([_NO_ACTION] if codes and not may_be_misused(facts) else [])


def _once(texts: list[Promise]) -> list[Promise]:
    seen: list[Promise] = []
    for text in texts:
        if not any(text is other for other in seen):
            seen.append(text)
    return seen
