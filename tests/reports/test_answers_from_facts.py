"""Issue 15: every answer on a regulator's form comes from a recorded fact, the organisation's profile or a record of
what was done — or it is missing. No option is ticked by a default or inferred from a neighbouring category. Each
rule is tested with the fact that justifies the answer and with the fact that must not give it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from delivery import services as delivery_services
from delivery.models import Delivery
from notifications import services as notice_services
from notifications.models import Notice
from people.subjects import subjects_import_csv
from reports import selectors
from reports.regulators import ap, cnil
from reports.regulators import vocabulary as v
from reports.regulators.common import DERIVED, MISSING, RECORDED, Source
from risk.engine.facts import FactsError, parse_facts
from tests.reports.conftest import approved, authority_notice
from tests.risk.builders import facts_dict

# --- a notice's answers without a database: the content's sections and the assessment's facts -----------------


def source(
    facts: dict[str, Any] | None = None, form_answers: dict[str, Any] | None = None, **paths: Any
) -> Source:
    """A notice's source with the given answers (``data__categories=[…]`` is ``data.categories``), all recorded."""
    sections: dict[str, dict[str, Any]] = {}
    for name, value in paths.items():
        section, key = name.split("__", 1)
        sections.setdefault(section, {})[key] = value
    provenance = {f"{s}.{k}": RECORDED for s, keys in sections.items() for k in keys}
    notice = SimpleNamespace(phase="initial", needs_late_reason=False, late_reason="", parent=None)
    return Source(
        sections=sections,
        provenance=provenance,
        facts=facts or {},
        fact_provenance={},
        notice=notice,
        incident=SimpleNamespace(reference="DL-TEST"),
        language="nl",
        people={},
        form_answers=form_answers or {},
    )


def answer(form, number: str, question: str = ""):
    found = [
        a
        for s in form.sections
        for a in s.answers
        if (a.number or s.number) == number and question in a.question
    ]
    assert found, f"no answer {number} {question!r}"
    return found[0]


# --- AP 6.1: "basic" ticks only what the facts name ------------------------------------------------------------


def test_ap_basic_alone_is_a_name_and_never_gender_or_birth_date():
    a = answer(ap.build(source(data__categories=["basic"])), "6.1")
    assert a.chosen == ("Naam",)
    assert "Geslacht" not in a.chosen and "Geboortedatum en/of leeftijd" not in a.chosen
    assert a.mark == DERIVED  # the elements are not named: check it


def test_ap_gender_and_birth_date_are_ticked_when_the_facts_name_them():
    named = source(data__categories=["basic"], data__elements=["name", "gender"])
    a = answer(ap.build(named), "6.1")
    assert a.chosen == ("Naam", "Geslacht")
    assert a.mark == RECORDED
    with_birth = answer(ap.build(source(data__categories=["basic"], data__elements=["birth_date"])), "6.1")
    assert "Geboortedatum en/of leeftijd" in with_birth.chosen and "Geslacht" not in with_birth.chosen


def test_ap_contact_elements_tick_only_the_named_ones():
    a = answer(ap.build(source(data__categories=["contact"], data__elements=["email"])), "6.1")
    assert a.chosen == ("Contactgegevens", "E-mailadres")
    bare = answer(ap.build(source(data__categories=["contact"])), "6.1")
    assert bare.chosen == ("Contactgegevens",)


def test_ap_payment_means_never_ticks_both_iban_and_card_by_default():
    bare = answer(ap.build(source(data__categories=["payment_means"])), "6.1")
    assert bare.chosen == ("Financiële gegevens",) and bare.mark == DERIVED
    iban = answer(
        ap.build(source(data__categories=["payment_means"], data__elements=["bank_account"])), "6.1"
    )
    assert "Bankrekeningnummer / IBAN" in iban.chosen and "Creditcardgegevens" not in iban.chosen


def test_ap_an_element_of_a_category_that_did_not_leak_ticks_nothing():
    a = answer(ap.build(source(data__categories=["contact"], data__elements=["gender"])), "6.1")
    assert "Geslacht" not in a.chosen


def test_breach_facts_refuse_an_element_of_a_category_the_data_do_not_include():
    with pytest.raises(FactsError) as caught:
        parse_facts(facts_dict(data_categories=["contact"], data_elements=["gender"]))
    assert caught.value.field == "data_elements[0]"
    assert "basic" in str(caught.value)
    parsed = parse_facts(facts_dict(data_elements=["name", "email"]))
    assert parsed.to_dict()["data_elements"] == ["name", "email"]
    assert "data_elements" not in parse_facts(facts_dict()).to_dict()


# --- AP 2.2.1 / CNIL §14: other authorities from recorded countries and the decision ----------------------------


def test_ap_other_authorities_missing_without_recorded_countries_never_no():
    a = answer(ap.build(source(international__other_authorities=None)), "2.2.1")
    assert a.mark == MISSING and a.lines == ()
    assert answer(ap.build(source(international__other_authorities=[])), "2.2.1").lines == ("Nee",)
    assert answer(ap.build(source(international__other_authorities=["CNIL"])), "2.2.1").lines == ("Ja: CNIL",)


def test_cnil_cross_border_and_other_authorities_missing_without_recorded_countries():
    form = cnil.build(source(international__cross_border=None, international__other_authorities=None))
    assert answer(form, "14", "transfrontalier").mark == MISSING
    assert answer(form, "14", "autre autorité").mark == MISSING
    known = cnil.build(source(international__cross_border=False, international__other_authorities=[]))
    assert answer(known, "14", "transfrontalier").lines == ("Non",)
    assert answer(known, "14", "autre autorité").lines == ("Non",)


# --- AP 9.2 / CNIL §11: professional secrecy only from a recorded fact ------------------------------------------

SECRECY_AP = ap.HARM["professional_secrecy"]
SECRECY_CNIL = cnil.HARM["professional_secrecy"]


@pytest.mark.parametrize(
    ("facts", "ticked"),
    [
        ({"sector": "retail"}, False),  # a web shop's customer wrote about an illness: nobody's secrecy
        ({"sector": "healthcare"}, True),  # a hospital's health data: medical secrecy
        ({"sector": "retail", "professional_secrecy": True}, True),  # recorded explicitly
        ({"sector": "healthcare", "professional_secrecy": False}, False),  # recorded explicitly
    ],
)
def test_professional_secrecy_only_from_a_recorded_fact(facts, ticked):
    read = {"nature": ["confidentiality"], "confidentiality": "likely"}
    s = source(facts=read | facts, data__categories=["contact"], data__special_categories=["health"])
    assert (SECRECY_AP in answer(ap.build(s), "9.2").chosen) is ticked
    assert (SECRECY_CNIL in answer(cnil.build(s), "11", "Préjudices").chosen) is ticked


def test_criminal_data_alone_is_not_under_professional_secrecy():
    read = {"nature": ["confidentiality"], "confidentiality": "exfiltrated"}
    s = source(facts={"sector": "general", **read}, data__categories=["criminal"])
    assert SECRECY_AP not in answer(ap.build(s), "9.2").chosen
    assert v.professional_secrecy({"sector": "general", "professional_secrecy": True}, ["criminal"])


# --- AP 9.2 / CNIL §11: harm from data in someone else's hands only when someone may have read them -------------


def test_payment_data_nobody_read_is_no_financial_loss_nor_identity_theft():
    lost = {"nature": ["availability"], "availability": {"loss": "permanent", "impact": "minor"}}
    s = source(facts=lost, breach__nature=["availability"], data__categories=["payment_means", "national_id"])
    assert answer(ap.build(s), "9.2").chosen == (ap.RIGHTS,)
    assert answer(cnil.build(s), "11", "Préjudices").chosen == (cnil.RIGHTS,)
    read = {"nature": ["confidentiality"], "confidentiality": "exfiltrated"}
    s = source(
        facts=read, breach__nature=["confidentiality"], data__categories=["payment_means", "national_id"]
    )
    chosen = answer(ap.build(s), "9.2").chosen
    assert ap.HARM["financial_loss"] in chosen and ap.HARM["identity_theft"] in chosen
    assert ap.RIGHTS not in chosen


def test_confidentiality_ruled_out_by_evidence_gives_no_harm_from_disclosure():
    safe = {"nature": ["confidentiality"], "confidentiality": "not_exfiltrated"}
    s = source(facts=safe, breach__nature=["confidentiality"], data__categories=["payment_means"])
    a = answer(ap.build(s), "9.2")
    assert a.chosen == () and a.mark == MISSING  # a person says what remains, if anything


# --- CNIL §10: "diffusées" only when the facts say the data went out ---------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"confidentiality": "exfiltrated", "recipients": "known"}, cnil.CONSEQUENCES["disclosed"]),
        ({"confidentiality": "likely", "recipients": "public"}, cnil.CONSEQUENCES["disclosed"]),
        ({"confidentiality": "likely", "recipients": "known"}, cnil.CONSEQUENCES["possible"]),
        ({"confidentiality": "unknown", "recipients": "known"}, cnil.CONSEQUENCES["possible"]),
    ],
)
def test_cnil_disclosed_only_when_exfiltrated_or_published(facts, expected):
    s = source(facts={**facts, "nature": ["confidentiality"]}, breach__nature=["confidentiality"])
    chosen = answer(cnil.build(s), "10", "confidentialité").chosen
    assert expected in chosen
    other = {cnil.CONSEQUENCES["disclosed"], cnil.CONSEQUENCES["possible"]} - {expected}
    assert not other & set(chosen)


def test_cnil_likely_accessed_by_an_accident_is_not_said_to_be_misused():
    facts = {"nature": ["confidentiality"], "confidentiality": "likely", "cause": "internal_accidental"}
    chosen = answer(cnil.build(source(facts=facts, breach__nature=["confidentiality"])), "10").chosen
    assert cnil.CONSEQUENCES["misused"] not in chosen
    attacked = {**facts, "cause": "external_malicious"}
    assert (
        cnil.CONSEQUENCES["misused"]
        in answer(cnil.build(source(facts=attacked, breach__nature=["confidentiality"])), "10").chosen
    )


# --- "service critique" / "essentiële dienst" only for a severe impact -------------------------------------------


def _unavailable(impact: str) -> Source:
    facts = {"nature": ["availability"], "availability": {"loss": "temporary", "impact": impact}}
    return source(facts=facts, breach__nature=["availability"])


def test_a_critical_service_only_when_the_facts_say_a_severe_impact():
    severe, minor = _unavailable("severe"), _unavailable("minor")
    assert answer(cnil.build(severe), "10", "disponibilité").chosen == (cnil.AVAILABILITY,)
    quiet = answer(cnil.build(minor), "10", "disponibilité")
    assert quiet.chosen == () and "mineur" in quiet.lines[0] and quiet.mark == DERIVED
    essential = ap.CONSEQUENCES["unavailable_temporary"]
    assert essential in answer(ap.build(severe), "9.1").chosen
    assert essential not in answer(ap.build(minor), "9.1").chosen


def test_an_unavailability_whose_impact_is_not_recorded_is_missing_on_the_cnil_form():
    facts = {"nature": ["availability"], "availability": {"loss": "temporary"}}
    a = answer(cnil.build(source(facts=facts, breach__nature=["availability"])), "10", "disponibilité")
    assert a.mark == MISSING


# --- CNIL §4: the contact's function is never assumed ------------------------------------------------------------


def test_cnil_contact_function_is_missing_unless_recorded():
    s = source(controller__dpo_name="Daan Jansen")
    a = answer(cnil.build(s), "4", "Fonction")
    assert a.mark == MISSING and a.lines == ()
    recorded = source(controller__dpo_name="Daan Jansen", form_answers={"4-function": "Directeur juridique"})
    a = answer(cnil.build(recorded), "4", "Fonction")
    assert a.mark == RECORDED and a.lines == ("Directeur juridique",)


# --- AP 10.1.3 / 10.1.7, CNIL §13: from the people's notice and its deliveries -----------------------------------


def test_ap_told_the_people_says_yes_only_once_messages_were_sent():
    decided = answer(ap.build(source(communication__notify_subjects=True)), "10.1.1")
    assert decided.lines[0] == "Nog niet; dat gaat gebeuren (besluit van de FG)"
    sent = source(communication__notify_subjects=True, communication__told={"sent": 4, "email": 4})
    assert answer(ap.build(sent), "10.1.1").lines[0] == "Ja"
    assert answer(ap.build(source(communication__notify_subjects=False)), "10.1.1").lines[0] == "Nee"


def test_ap_people_informed_counts_sent_deliveries_only():
    nothing_sent = answer(ap.build(source(communication__notify_subjects=True)), "10.1.3")
    assert nothing_sent.mark == MISSING and "Nog niet" in nothing_sent.note
    sent = source(communication__notify_subjects=True, communication__told={"sent": 312, "email": 312})
    assert answer(ap.build(sent), "10.1.3").lines == ("312",)
    not_told = source(communication__notify_subjects=False)
    assert answer(ap.build(not_told), "10.1.3").lines == ("Niet van toepassing",)


def test_ap_channel_from_deliveries_never_by_email_by_default():
    nothing = answer(ap.build(source(communication__notify_subjects=True)), "10.1.7")
    assert nothing.chosen == () and nothing.mark == MISSING
    letters = source(communication__notify_subjects=True, communication__told={"sent": 2, "post": 2})
    assert answer(ap.build(letters), "10.1.7").chosen == ("Per brief",)
    emails = source(communication__notify_subjects=True, communication__told={"sent": 2, "email": 2})
    assert answer(ap.build(emails), "10.1.7").chosen == ("Per e-mail",)
    public = source(
        communication__notify_subjects=False,
        communication__public_communication=True,
        communication__told={"sent": 0, "public": True},
    )
    assert answer(ap.build(public), "10.1.7").chosen == ("Via een mededeling op de website",)


def test_cnil_people_informed_only_once_something_was_sent():
    planned = cnil.build(source(communication__notify_subjects=True))
    assert answer(planned, "13", "informées").chosen == ("Non, mais elles le seront",)
    assert answer(planned, "13", "Moyen").mark == MISSING
    sent = cnil.build(source(communication__notify_subjects=True, communication__told={"sent": 3, "post": 3}))
    assert answer(sent, "13", "informées").chosen == ("Oui, les personnes ont été informées",)
    assert answer(sent, "13", "Moyen").lines == ("Courrier postal",)


# --- the same through the database: the content records what was done --------------------------------------------


def test_a_notice_without_recorded_countries_has_the_other_authorities_missing(owner, dpo):
    notice = authority_notice(owner, dpo)
    incident = notice.incident
    incident.affected_countries = []
    incident.save(update_fields=["affected_countries"])
    notice = notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    assert notice.content["provenance"]["international.other_authorities"] == MISSING
    assert answer(selectors.authority_form(notice), "2.2.1").mark == MISSING


def test_a_notice_with_recorded_countries_says_no_other_authority(ap_notice):
    assert ap_notice.content["sections"]["international"]["other_authorities"] == []
    assert answer(selectors.authority_form(ap_notice), "2.2.1").lines == ("Nee",)


def test_the_people_told_are_counted_from_the_deliveries_sent(owner, dpo, dpo2):
    notice = authority_notice(owner, dpo)
    incident = notice.incident
    rows = "".join(f"Person {i};person{i}@example.nl;;nl\n" for i in range(3))
    subjects_import_csv(
        actor=owner, incident_id=incident.pk, data=f"name;email;postal_address;language\n{rows}".encode()
    )
    assert answer(selectors.authority_form(notice), "10.1.3").mark == MISSING
    people = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    people = approved(people, owner, dpo2)
    delivery_services.notice_send(actor=owner, notice_id=people.pk)
    assert Delivery.objects.filter(notice=people).count() == 3
    notice = notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    assert answer(selectors.authority_form(notice), "10.1.3").mark == MISSING  # queued is not told
    # the outbox sends two of them (as its worker records it)
    sent = Delivery.objects.filter(notice=people).order_by("pk")[:2]
    Delivery.objects.filter(pk__in=[d.pk for d in sent]).update(status=Delivery.Status.SENT)
    notice = notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    form = selectors.authority_form(notice)
    assert answer(form, "10.1.3").lines == ("2",)
    assert answer(form, "10.1.7").chosen == ("Per e-mail",)
    assert Notice.objects.get(pk=notice.pk).content["sections"]["communication"]["told"]["email"] == 2
