"""A readability check of the texts the people read (Art. 34(2): "clear and plain language"): advice to the DPO,
never a blocker.

Per text and language it flags sentences longer than ``MAX_WORDS`` words, jargon from a small maintained list
per language (the words of an incident team or a lawyer, not of the reader), and words of another language — the
trace of a Dutch internal note pasted into an English letter. Names (of the organisation, of the contact person)
are left out of the check: they are what they are in every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vocabulary.languages import LANGUAGES

MAX_WORDS = 25

# Jargon per language: lower case; a term matches as a whole word or phrase (so also inside "ransomware-aanval").
JARGON = {
    "en": (
        "ransomware", "malware", "exfiltration", "exfiltrated", "incident response", "cve", "forensic",
        "forensics", "art. 34", "article 34", "gdpr", "data subject", "data subjects", "controller", "processor",
        "containment", "mitigation", "vulnerability", "exploit", "exploited", "hashed", "hashing", "lockbit",
        "endpoint", "siem", "threat actor", "pseudonymised", "credentials",
    ),
    "nl": (
        "ransomware", "malware", "exfiltratie", "geëxfiltreerd", "incident response", "cve", "forensisch",
        "forensische", "forensisch onderzoek", "art. 34", "artikel 34", "avg", "betrokkene", "betrokkenen",
        "verwerkingsverantwoordelijke", "verwerker", "containment", "mitigatie", "kwetsbaarheid", "exploit",
        "gehasht", "hashing", "lockbit", "endpoint", "siem", "threat actor", "gepseudonimiseerd", "credentials",
    ),
    "fr": (
        "ransomware", "rançongiciel", "malware", "exfiltration", "exfiltré", "exfiltrées", "exfiltrés",
        "incident response", "cve", "forensique", "art. 34", "article 34", "rgpd", "personne concernée",
        "personnes concernées", "responsable du traitement", "sous-traitant", "containment", "vulnérabilité",
        "exploit", "haché", "hachage", "lockbit", "endpoint", "siem", "threat actor", "pseudonymisé",
        "credentials",
    ),
}  # fmt: skip

# Common words that belong to one language and are not words of the others (so no "de", "van", "die", "in", "is",
# "met", "we", "was", "door", "les", "pas"): one of them in a text of another language is the trace of a pasted
# text.
COMMON_WORDS = {
    "en": (
        "the", "and", "your", "you", "have", "has", "with", "this", "that", "were", "which",
        "from", "our", "please", "will", "would", "they", "what", "could", "should", "about",
    ),
    "nl": (
        "het", "een", "niet", "wij", "uw", "werd", "gegevens", "worden", "ook", "naar", "heeft", "zijn", "deze",
        "onze", "maar", "wordt", "kunnen", "hebben", "omdat", "dat", "geen", "wachtwoorden", "geïsoleerd",
        "versleutelde", "onderzoek", "wat", "hoe", "wanneer", "bij",
    ),
    "fr": (
        "le", "la", "des", "une", "et", "est", "vos", "votre", "nous", "avons", "données", "été",
        "sont", "qui", "que", "pour", "dans", "avec", "aux", "cette", "ont", "vous", "leur",
    ),
}  # fmt: skip

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Flag:
    kind: str  # "long_sentence", "jargon" or "foreign"
    detail: str  # the sentence's start, the jargon, or the foreign words
    words: int = 0  # the sentence's length, for a long one
    language: str = ""  # the other language, for foreign words

    @property
    def message(self) -> str:
        if self.kind == "long_sentence":
            return _("A long sentence (%(n)d words; keep them under %(max)d): “%(start)s…”") % {
                "n": self.words,
                "max": MAX_WORDS,
                "start": self.detail,
            }
        if self.kind == "jargon":
            return _("Jargon the reader may not know: “%(term)s”. Say it in everyday words.") % {
                "term": self.detail
            }
        return _("Words of another language (%(lang)s): %(words)s.") % {
            "lang": dict(LANGUAGES).get(self.language, self.language),
            "words": self.detail,
        }


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def check(text: str, language: str, *, names: Iterable[str] = ()) -> list[Flag]:
    """The flags on ``text`` written in ``language``; ``names`` (the organisation's, the contact person's) are not
    read as words of any language."""
    for name in names:
        if name:
            text = (text or "").replace(name, " ")
    return [*_long(text), *_jargon(text, language), *_foreign(text, language)]


def _long(text: str) -> list[Flag]:
    found = []
    for sentence in sentences(text):
        words = _WORD.findall(sentence)
        if len(words) > MAX_WORDS:
            found.append(Flag("long_sentence", " ".join(words[:8]), words=len(words)))
    return found


def _jargon(text: str, language: str) -> list[Flag]:
    lowered = (text or "").lower()
    found = [
        term
        for term in JARGON.get(language, JARGON["en"])
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", lowered)
    ]
    # a phrase that was found says it better than the word inside it ("forensisch onderzoek", not "forensisch")
    return [Flag("jargon", t) for t in found if not any(t != o and t in o for o in found)]


def _foreign(text: str, language: str) -> list[Flag]:
    words = {w.lower() for w in _WORD.findall(text or "")}
    own = set(COMMON_WORDS.get(language, ()))
    found = []
    for other, common in COMMON_WORDS.items():
        if other == language:
            continue
        foreign = sorted((words & set(common)) - own)
        if foreign:
            found.append(Flag("foreign", ", ".join(f"“{w}”" for w in foreign), language=other))
    return found
