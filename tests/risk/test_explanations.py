"""The engine's reasons and ENISA bases in Dutch and French: every template the engine can write is marked for
translation and translated in both catalogues, a real decision reads without English left over, and what cannot be
said in the reader's language (older assessments, a template the catalogue lacks) falls back to the English text."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import get_commands
from django.utils import translation
from django.utils.html import escape
from hypothesis import given

from risk.engine import assess
from risk.engine.messages import Message, message_from_dict, render
from risk.explanations import article_text, reason_line, reason_text, severity_basis
from risk.models import RiskAssessment
from tests.incidents.test_views import RISK_FORM
from tests.personas import advance, make_incident
from tests.portal.conftest import *  # noqa: F403 - a processor's clients and their alerts are fixtures
from tests.portal.conftest import send_alert
from tests.risk.test_properties import PROPERTY_SETTINGS, facts_strategy

ROOT = Path(settings.BASE_DIR)
ENGINE_DIR = ROOT / "risk" / "engine"
CASES = ROOT / "tests" / "data" / "cases"
LANGUAGES = ("nl", "fr")
# Words that would betray an English sentence left in a Dutch or French text.
ENGLISH_WORDS = re.compile(
    r"\b(the|people|person|data|breach|recipients?|notify|unknown|probably|accessed|readable|loss|advisory|"
    r"risk|high|and|with|without|would|authority|basic|contact|simple|categories|none)\b",
    re.IGNORECASE,
)


pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def engine_templates() -> set[tuple[str, str | None]]:
    """Every template the engine marks with N_ (msgid) or Nn_ (msgid, plural), read from its source."""
    found: set[tuple[str, str | None]] = set()
    for path in ENGINE_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("N_", "Nn_")
            ):
                args = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
                if node.func.id == "N_" and len(args) == 1:
                    found.add((args[0], None))
                elif node.func.id == "Nn_" and len(args) == 2:
                    found.add((args[0], args[1]))
    return found


def templates_of(message: Message) -> set[str]:
    return {m.template for m in message.templates()}


def decision_of(name: str) -> dict[str, Any]:
    facts = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))["facts"]
    return assess(facts).to_record()


def said(decision: dict[str, Any], language: str) -> tuple[list[str], dict[str, Any]]:
    with translation.override(language):
        return [reason_line(r) for r in decision["reasons"]], severity_basis(decision["severity"])


# --- every template is marked, extracted and translated ---------------------------------------------------------


def test_the_engine_marks_its_templates():
    templates = engine_templates()
    assert len(templates) > 100
    assert ("%(n)s person", "%(n)s people") in templates


def test_every_template_the_engine_writes_is_marked():
    marked = {msgid for msgid, _plural in engine_templates()}
    for path in sorted(CASES.glob("*.json")) + sorted((CASES / "own").glob("*.json")):
        decision = assess(json.loads(path.read_text(encoding="utf-8"))["facts"])
        used = set().union(*(templates_of(r.message) for r in decision.reasons))
        for value in decision.severity.explanation.values():
            for message in value if isinstance(value, tuple) else (value,):
                used |= templates_of(message)
        assert used <= marked, (path.stem, used - marked)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_engine_template_is_translated_in_the_catalogue(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    entries = {entry.msgid: entry for entry in po if not entry.obsolete and not entry.msgctxt}
    for msgid, plural in engine_templates():
        entry = entries.get(msgid)
        assert entry is not None, f"{language}: not in the catalogue: {msgid!r}"
        assert "fuzzy" not in entry.flags and entry.translated(), f"{language}: not translated: {msgid!r}"
        assert entry.msgid_plural == (plural or ""), msgid
        for text in entry.msgstr_plural.values() if plural else [entry.msgstr]:
            assert set(re.findall(r"%\((\w+)\)s", text)) == set(re.findall(r"%\((\w+)\)s", msgid)), text


def test_makemessages_is_the_project_command_that_knows_the_engine_markers():
    assert get_commands()["makemessages"] == "datalek"
    from datalek.management.commands.makemessages import Command

    assert {"--keyword=N_", "--keyword=Nn_:1,2"} <= set(Command.xgettext_options)


# --- a real decision in Dutch and in French -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            [
                "verwerkingsverantwoordelijke",
                "213 personen",
                "toezichthouder",
                "art. 33 lid 1 AVG",
                "gemiddeld",
            ],
        ),
        (
            "fr",
            [
                "responsable du traitement",
                "213 personnes",
                "autorité de contrôle",
                "article 33, paragraphe 1, du RGPD",
            ],
        ),
    ],
)
def test_edpb_case_05_reads_in_the_language_without_english_left(language, expected):
    decision = decision_of("edpb-05")
    lines, basis = said(decision, language)
    text = "\n".join([*lines, basis["dpc"], basis["ei"], *basis["cb"], basis["score"], basis["level"]])

    for words in expected:
        assert words in text
    assert "%(" not in text and "{" not in text  # every placeholder filled
    # Rule codes (hostile_exfiltration) are identifiers; everything else must be the language's own words.
    leftovers = ENGLISH_WORDS.findall(re.sub(r"\b\w+_\w+\b", "", text))
    assert not leftovers, leftovers
    english = [r["text"] for r in decision["reasons"]]
    assert not set(english) & {line.split(": ", 1)[-1] for line in lines}


def test_numbers_are_in_the_locale_and_plurals_follow_the_count():
    decision = decision_of("edpb-14")  # 60,000 people reached 60,000 known recipients
    nl_lines, _basis = said(decision, "nl")
    fr_lines, _basis = said(decision, "fr")
    assert any("60.000 personen" in line and "60.000 bekende ontvangers" in line for line in nl_lines)
    assert any(re.search(r"60\s000 personnes", line) for line in fr_lines)

    facts = json.loads((CASES / "edpb-05.json").read_text(encoding="utf-8"))["facts"]
    one = assess({**facts, "subjects_count": 1, "identifiability": "significant"}).to_record()
    nl_lines, nl_basis = said(one, "nl")
    assert "1 x 0,75 + 1 = 1,75" in nl_basis["score"]
    assert any("1 persoon " in line for line in nl_lines) and not any(
        "1 personen" in line for line in nl_lines
    )


def test_english_stays_the_engines_own_text():
    decision = decision_of("edpb-05")
    with translation.override("en"):
        assert [reason_text(r) for r in decision["reasons"]] == [r["text"] for r in decision["reasons"]]
        assert severity_basis(decision["severity"]) == decision["severity"]["basis"]


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_any_decision_is_said_in_dutch_and_french_with_every_placeholder_filled(data):
    decision = assess(data).to_record()
    for language in LANGUAGES:
        with translation.override(language):
            for reason in decision["reasons"]:
                text = reason_text(reason)
                assert text and "%(" not in text and text != reason["text"], (language, reason["code"])
                assert text[0].isupper() or text[0].isdigit()


# --- what cannot be said falls back to the English text --------------------------------------------------------


def test_an_assessment_stored_before_reasons_had_messages_shows_its_english_text():
    old = {"code": "verdict_notify_authority", "article": "Art. 33(1)", "text": "Notify the authority."}
    with translation.override("nl"):
        assert reason_text(old) == "Notify the authority."
        assert reason_line(old) == "art. 33 lid 1 AVG: Notify the authority."
        assert severity_basis({"basis": {"dpc": "base 1", "cb": ["a", "b"]}}) == {
            "dpc": "base 1",
            "cb": ["a", "b"],
        }
        assert reason_text("Art. 33(1): a reason stored as text") == "Art. 33(1): a reason stored as text"


def test_a_template_the_catalogue_does_not_hold_gives_the_whole_english_text_not_a_mix():
    reason = decision_of("edpb-05")["reasons"][0]
    message = message_from_dict(reason["message"])
    changed = Message("The wording of a later engine: %(finding)s", {"finding": message})
    stored = {**reason, "text": render(changed), "message": changed.to_dict()}
    with translation.override("fr"):
        assert reason_text(stored) == stored["text"]


def test_a_damaged_stored_message_gives_the_english_text():
    reason = {"code": "x", "article": "Art. 33(1)", "text": "English.", "message": {"template": 3}}
    with translation.override("nl"):
        assert reason_text(reason) == "English."


@pytest.mark.parametrize(
    ("language", "article", "expected"),
    [
        ("nl", "Art. 33(1), Art. 34(3)(a)", "art. 33 lid 1 AVG, art. 34 lid 3 sub a AVG"),
        ("nl", "Art. 10", "art. 10 AVG"),
        ("fr", "Art. 34(3)(c)", "article 34, paragraphe 3, point c), du RGPD"),
        (
            "fr",
            "Art. 33(5), Art. 28(3)(f)",
            "article 33, paragraphe 5, du RGPD, article 28, paragraphe 3, point f), du RGPD",
        ),
        ("en", "Art. 33(1), Art. 33(2)", "Art. 33(1), Art. 33(2)"),
        ("nl", "Art. 4(7)", "Art. 4(7)"),  # Art. 4 numbers definitions, not paragraphs: cited as written
    ],
)
def test_articles_are_cited_as_the_authority_of_the_language_cites_them(language, article, expected):
    with translation.override(language):
        assert article_text(article) == expected


# --- where the reasons are shown ----------------------------------------------------------------------------------


def test_the_risk_panel_shows_the_reasons_and_bases_in_the_users_language(client, owner, dpo):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    client.force_login(owner)
    client.post(f"/incidents/{incident.pk}/risk/run/", RISK_FORM)
    stored = RiskAssessment.objects.get(incident=incident).decision
    assert "message" in stored["reasons"][0] and "explanation" in stored["severity"]

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    panel = client.get(f"/incidents/{incident.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()

    with translation.override("nl"):
        dutch = [reason_text(r) for r in stored["reasons"]]
        basis = severity_basis(stored["severity"])
    for english, text in zip([r["text"] for r in stored["reasons"]], dutch, strict=True):
        assert escape(text) in panel and escape(english) not in panel
    assert escape(basis["dpc"]) in panel and "art. 33 lid 1 AVG" in panel


def test_a_controller_alert_says_the_reasons_in_the_clients_language(
    breach, client_b, owner, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    alert = send_alert(
        breach, client_b, owner, dpo2, django_capture_on_commit_callbacks
    )  # a Dutch-speaking client
    reasons = alert.content["sections"]["consequences"]["reasons"]
    assert reasons and all("message" in r and "code" in r for r in reasons)

    body = next(m for m in mailoutbox if "praktijk@tandarts.example" in m.to).body
    with translation.override("nl"):
        lines = [reason_line(r) for r in reasons]
    for line, reason in zip(lines, reasons, strict=True):
        assert line in body and reason["text"] not in body


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "very high"), ("nl", "zeer hoog"), ("fr", "très élevé")]
)
def test_the_enisa_band_of_a_notice_answer_is_said_in_the_language(language, expected):
    from notifications.labels import choice_label

    with translation.override(language):
        assert choice_label("consequences.severity_level", "very high") == expected


# --- rules by their names, not their codes ------------------------------------------------------------------------


def test_every_rule_of_the_engine_has_a_name_for_readers():
    from risk.engine.rules import RULES
    from risk.explanations import RULE_LABELS

    assert {r.code for r in RULES} == set(RULE_LABELS)
    assert all("_" not in str(label) for label in RULE_LABELS.values())


def _conflicting_decision() -> dict[str, Any]:
    """Every case whose reasons name the rules that prevailed (the stricter outcome wins)."""
    for path in sorted(CASES.glob("*.json")):
        decision = decision_of(path.stem)
        if any(re.search(r"\b[a-z]+_[a-z_]+\b", r["text"]) for r in decision["reasons"]):
            return decision
    raise AssertionError("no case names a rule in its reasons")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reason_that_names_rules_says_their_names_in_the_language(language):
    from risk.explanations import RULE_LABELS

    decision = _conflicting_decision()
    english = "\n".join(r["text"] for r in decision["reasons"])
    named = {code for code in re.findall(r"\b[a-z]+_[a-z_]+\b", english) if code in RULE_LABELS}
    assert named  # the engine's own English names the codes
    lines, _basis = said(decision, language)
    text = "\n".join(lines)
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text), text
    with translation.override(language):
        for code in named:
            assert str(RULE_LABELS[code]) in text


def test_the_risk_panel_names_the_rule_of_each_reason_not_its_code(client, owner, dpo):
    from risk import services as risk_services
    from tests.risk.builders import facts_dict

    incident = make_incident(owner)
    advance(incident, "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=facts_dict())
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(f"/incidents/{incident.pk}/risk/").content.decode()
    visible = re.sub(r"<[^>]+>", " ", html)
    assert 'data-rule="' in html
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", visible)
