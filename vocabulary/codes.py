"""The one breach vocabulary: the codes of breach facts (docs/breach-facts.md) with the labels every page, form,
notice and document says them with, in English, Dutch and French (Django's lazy translation: no app, no
database). The engine (risk/engine) speaks the same codes: tests/test_vocabulary.py checks that its types and these
lists agree. Pure: imported by the inventory, the risk app, the notices and the documents alike, and by nothing of
ours below it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
# The elements of a category a breach may name (optional fact ``data_elements``): the forms that ask them one by one
# (AP 6.1) tick only those named.
DATA_ELEMENTS = [
    ("name", _("Name")),
    ("gender", _("Gender")),
    ("birth_date", _("Date of birth or age")),
    ("address", _("Postal address")),
    ("email", _("E-mail address")),
    ("phone", _("Phone number")),
    ("bank_account", _("Bank account number (IBAN)")),
    ("payment_card", _("Payment card details")),
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
# Hashing protects passwords: "not applicable" when none are among the data (the engine reads it as no hashing).
HASHING_LEVELS = [*PROTECTION_LEVELS, ("not_applicable", _("Not applicable (no passwords concerned)"))]
BACKUP = [
    ("none", _("No backup")),
    ("outdated", _("An outdated backup")),
    ("recent", _("A recent backup")),
    ("not_applicable", _("Not applicable (no data lost or unavailable)")),
]
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


def codes(vocabulary: list[tuple[str, object]]) -> tuple[str, ...]:
    """The codes of a vocabulary, in its order."""
    return tuple(code for code, _label in vocabulary)


DATA_CATEGORY_CODES = codes(DATA_CATEGORIES)
SUBJECT_CATEGORY_CODES = codes(SUBJECT_CATEGORIES)
