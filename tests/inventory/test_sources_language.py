"""Where a derived fact comes from — "from systems: …", "upper bound: the sum over …", "the weakest among …" — is
stored as a message beside its English text and said in the reader's language on the incident card and the risk
form; the API keeps the English; what the catalogue cannot say falls back to the stored English whole."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from inventory import proposals, selectors, services
from inventory.sources import source_text
from inventory.vocabulary import Protection
from tests.inventory.builders import make_inventory
from tests.inventory.test_proposals import LAPTOP, MAILBOX, NEWSLETTER, ORDERS, SUPPORT, WEBSHOP, by_path
from tests.personas import advance, make_incident
from vocabulary.messages import message_from_dict, render

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("nl", "fr")
# Words that would betray English left in a Dutch or French source.
ENGLISH = re.compile(r"\b(from|systems|activities|upper bound|sum|weakest|among|others|hosts|none)\b")


pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def proposal_templates() -> set[str]:
    tree = ast.parse(Path(proposals.__file__).read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_"
    }


def said(fact, language: str) -> str:
    with translation.override(language):
        return source_text(fact.message.to_dict(), fact.source)


def test_the_proposal_marks_its_sentences_for_translation():
    templates = proposal_templates()
    assert len(templates) >= 10
    assert "from systems: %(systems)s" in templates


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_of_the_proposal_is_translated_in_the_catalogue(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    entries = {entry.msgid: entry for entry in po if not entry.obsolete and not entry.msgctxt}
    for msgid in proposal_templates():
        entry = entries.get(msgid)
        assert entry is not None, f"{language}: not in the catalogue: {msgid!r}"
        assert "fuzzy" not in entry.flags and entry.translated(), f"{language}: not translated: {msgid!r}"
        assert set(re.findall(r"%\((\w+)\)s", entry.msgstr)) == set(re.findall(r"%\((\w+)\)s", msgid))


def test_the_english_text_is_the_message_said_in_english():
    facts = by_path(propose_all())
    assert facts["data_categories"].source == (
        "from systems: Webshop DB (activities: Orders, Newsletter); Mailbox (activities: Support)"
    )
    assert facts["processors"].source.startswith("from systems and activities: Shopify hosts Webshop DB")
    assert "Mailbox: weak" in facts["protection.encryption"].source
    for fact in facts.values():
        assert render(message_from_dict(fact.message.to_dict())) == fact.source  # stored and read back


def propose_all():
    return proposals.propose([WEBSHOP, MAILBOX, LAPTOP], [ORDERS, NEWSLETTER, SUPPORT], our_role="controller")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            "uit systemen: Webshop DB (activiteiten: Orders, Newsletter); Mailbox (activiteiten: Support)",
        ),
        (
            "fr",
            "d'après les systèmes : Webshop DB (activités : Orders, Newsletter); Mailbox (activités : Support)",
        ),
    ],
)
def test_every_source_reads_in_dutch_and_french_without_english_left(language, expected):
    facts = by_path(propose_all())
    assert said(facts["data_categories"], language).replace("\u00a0", " ") == expected
    for path, fact in facts.items():
        text = said(fact, language)
        assert text != fact.source, path
        assert not ENGLISH.search(text), (path, text)


@pytest.mark.parametrize(("language", "number"), [("en", "12,000"), ("nl", "12.000"), ("fr", "12\u00a0000")])
def test_the_numbers_in_a_source_follow_the_locale(language, number):
    count = by_path(propose_all())["subjects_count"]
    assert f"Orders ({number})" in said(count, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_protection_levels_are_said_with_the_inventory_labels(language):
    encryption = by_path(propose_all())["protection.encryption"]
    text = said(encryption, language)
    with translation.override(language):
        weak = str(Protection.WEAK.label)
    assert "Laptop" in text and f"Mailbox{' ' if language == 'fr' else ''}: {weak.lower()}" in text.replace(
        "\u00a0", " "
    )


def test_what_the_catalogue_cannot_say_is_the_stored_english_whole():
    fact = by_path(propose_all())["data_categories"]
    unknown = {**fact.message.to_dict(), "template": "from systems, worded otherwise: %(systems)s"}
    with translation.override("nl"):
        assert source_text(unknown, fact.source) == fact.source
        assert source_text(None, "from systems: Old DB") == "from systems: Old DB"  # stored before messages
        assert source_text({"template": 3}, "as stored") == "as stored"


# --- on the pages and in the API ------------------------------------------------------------------------------


@pytest.fixture
def hit(org, owner, dpo):
    inventory = make_inventory(dpo, org)
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    services.incident_set_affected_systems(
        actor=owner, incident_id=incident.pk, system_ids=[inventory.mailbox.pk]
    )
    return incident


def in_dutch(client):
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})


def test_the_card_and_the_risk_form_say_the_source_in_the_readers_language(client, hit, owner):
    client.force_login(owner)
    in_dutch(client)
    card = client.get(f"/incidents/{hit.pk}/systems/", HTTP_HX_REQUEST="true").content.decode()
    panel = client.get(f"/incidents/{hit.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    for html in (card, panel):
        assert "uit systemen: Support mailbox (activiteiten: Customer service)" in html
        assert "from systems:" not in html and "upper bound" not in html
    assert "3.000" in card  # the number of people, grouped the Dutch way


def test_the_api_keeps_the_source_in_english(client, hit, owner):
    client.force_login(owner)
    in_dutch(client)
    response = client.get(f"/api/incidents/{hit.pk}/proposed-facts/", HTTP_ACCEPT_LANGUAGE="nl")
    facts = {fact["path"]: fact for fact in response.json()["facts"]}
    assert (
        facts["data_categories"]["source"] == "from systems: Support mailbox (activities: Customer service)"
    )


def test_a_source_proposed_before_messages_gets_its_message_without_an_audit_event(hit, owner):
    row = selectors.fact_provenance(hit)["data_categories"]
    row.source_message = None
    row.save(update_fields=["source_message"])
    events = hit.events.count()
    services.incident_propose_facts(actor=owner, incident_id=hit.pk)
    row.refresh_from_db()
    assert row.source_message["template"] == "from systems: %(systems)s"
    assert hit.events.count() == events  # nothing was proposed anew
