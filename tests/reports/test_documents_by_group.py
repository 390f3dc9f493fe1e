"""Issue 14: where the forms and documents ask "how many were concerned by what", a breach of two groups — 1,200
customers whose contact data an attacker probably read, and one customer whose medical note was in the same export —
is answered per group: the people per category of data (health: 1, contact: 1,201), the special categories for the
group that has them and with its number, the people told (1, not 1,201); the letter of the note's reader names
health data, no customer's would; the register's line says the groups. A breach of one group reads as before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from delivery import services as delivery_services
from delivery.models import Delivery
from notifications import services as notice_services
from notifications.advice import LIBRARY
from people.subjects import subjects_import_csv
from reports import register, selectors
from reports.incident_report import fact_rows
from reports.insights import insights
from reports.letters import batches, letters_context
from reports.rendering import render_notice_pdf
from risk.models import RiskAssessment
from tests.notifications.conftest import TWO_GROUPS, decided, group, v2_facts
from tests.reports.conftest import approved, authority_notice, pdf_text


def _answer(form, number: str, question: str = "") -> tuple[str, ...]:
    found = [
        a
        for s in form.sections
        for a in s.answers
        if (a.number or s.number) == number and question in a.question
    ]
    assert found, f"no answer {number} {question!r}"
    return found[0].lines


@pytest.fixture
def ap_two_groups(owner, dpo):
    return authority_notice(owner, dpo, facts=TWO_GROUPS)


def test_the_ap_answers_count_the_people_per_category_and_per_group(ap_two_groups):
    form = selectors.authority_form(ap_two_groups)

    general = _answer(form, "6.1")
    assert "Contactgegevens" in general
    assert (
        "Aantal betrokkenen per soort gegevens: Naam: 1.201 betrokkenen; "
        "Contactgegevens: 1.201 betrokkenen" in general
    )
    special = _answer(form, "6.2")
    assert special == (
        "Gegevens over iemands gezondheid",
        "Gegevens over iemands gezondheid: alleen de groep(en) “medical note”, 1 betrokkene",
    )
    assert _answer(form, "7.3") == (
        "Ongeveer 1.201 (exact aantal niet bekend; vul dit in als maximum)",
        "Per groep: “customers”: 1.200; “medical note”: 1",
    )
    assert (
        "“medical note”: 1 betrokkene (Klanten (huidig en potentieel)); gegevens:" in _answer(form, "7.2")[1]
    )
    told = _answer(form, "10.1.1")
    assert told[1].startswith("Alleen de groep(en) met een hoog risico: “medical note”; niet individueel:")
    assert "“customers” (risico, geen hoog risico)" in told[1]
    # the people told are counted from the deliveries sent (tests/reports/test_answers_from_facts.py): none yet
    assert _answer(form, "10.1.3") == ()


def test_the_ap_document_says_the_special_category_for_its_group_only(ap_two_groups):
    text = pdf_text(render_notice_pdf(ap_two_groups))

    assert "☒ Gegevens over iemands gezondheid" in text
    assert "Gegevens over iemands gezondheid: alleen de groep(en) “medical note”, 1 betrokkene" in text
    assert "Per groep: “customers”: 1.200; “medical note”: 1" in text


def test_the_cnil_answers_count_per_group(owner, dpo):
    notice = authority_notice(owner, dpo, country="FR", code="CNIL", facts=TWO_GROUPS)
    form = selectors.authority_form(notice)

    data = _answer(form, "8", "Catégories de données")
    assert (
        "Nombre de personnes par catégorie : État civil : 1 201 personnes ; Coordonnées : 1 201 personnes"
        in [line.replace("\u202f", " ").replace("\xa0", " ") for line in data]
    )
    assert _answer(form, "8", "Données sensibles") == (
        "Données de santé",
        "Données de santé : uniquement le(s) groupe(s) « medical note », 1 personne",
    )
    count = [
        line.replace("\u202f", " ").replace("\xa0", " ")
        for line in _answer(form, "8", "Nombre approximatif de personnes")
    ]
    assert count == ["1 201", "Par groupe : « customers » : 1 200 ; « medical note » : 1"]
    told = _answer(form, "13", "informées")
    assert "Uniquement le(s) groupe(s) à risque élevé : « medical note », 1 personne" in told[1]


@pytest.mark.parametrize(
    ("country", "code", "per_category", "special"),
    [
        (
            "DE",
            "SA-DE",
            "Data subjects per type of data: Basic data: 1,201 data subjects; Contact data: 1,201 data subjects; "
            "Health data: 1 data subject",
            "Health data: only the group(s) “medical note”, 1 data subject",
        ),
        (
            "BE",
            "GBA",
            "Betrokkenen per soort gegevens: Basisgegevens: 1.201 betrokkenen; Contactgegevens: 1.201 betrokkenen; "
            "Gezondheidsgegevens: 1 betrokkene",
            "Gezondheidsgegevens: alleen de groep(en) “medical note”, 1 betrokkene",
        ),
    ],
)
def test_the_edpb_template_and_the_gba_count_per_group(owner, dpo, country, code, per_category, special):
    notice = authority_notice(owner, dpo, country=country, code=code, facts=TWO_GROUPS)
    form = selectors.authority_form(notice)

    data = _answer(form, "70")
    assert per_category in data and special in data
    assert len(_answer(form, "67")) == 2 and "“medical note”: 1 " in _answer(form, "67")[1]
    told = _answer(form, "97")
    assert "“medical note”, 1 " in told[1] and "“customers”" in told[1]


def test_a_breach_of_one_group_answers_as_before(ap_notice):
    form = selectors.authority_form(ap_notice)

    assert _answer(form, "6.2") == ("Geen",)
    assert _answer(form, "7.3") == ("Ongeveer 5.000 (exact aantal niet bekend; vul dit in als maximum)",)
    assert _answer(form, "10.1.3") == ()  # nobody told yet: missing, not the 5,000 on the list
    assert "subjects.groups" not in str(ap_notice.content["provenance"])


def test_the_letter_of_the_medical_notes_reader_names_health_data_and_no_customers_would(owner, dpo, dpo2):
    incident = decided(owner, dpo, facts=TWO_GROUPS)
    people = (
        "name;email;postal_address;language;group\n"
        "Karel Klant;;Dorpsstraat 1, 1234 AB Dorp;nl;customers\n"
        "Mila Medisch;;Kerkstraat 2, 1234 AB Dorp;nl;medical note\n"
    )
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=people.encode())
    notice = approved(
        notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects"), owner, dpo2
    )
    delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    [batch] = batches(notice)

    [letter] = letters_context(notice, batch.as_params())["letters"]
    with translation.override("nl"):
        health = str(LIBRARY["health"].words)
    assert letter["name"] == "Mila Medisch" and health in letter["texts"]["data"]

    # A letter to a customer, were one told, names their data: not health.
    karel = incident.affected_subjects.get(name="Karel Klant")
    Delivery.objects.create(
        notice=notice,
        subject=karel,
        channel="post",
        recipient=karel.postal_address,
        recipient_name=karel.name,
        language="nl",
        status="to_print",
        group="customers",
    )
    notice.content["group_texts"]["nl"]["customers"] = "De betrokken gegevens: Contactgegevens."
    [_mila, to_karel] = letters_context(notice, batches(notice)[0].as_params())["letters"]
    assert to_karel["name"] == "Karel Klant" and health not in to_karel["texts"]["data"]


@pytest.fixture
def register_groups(owner, dpo):
    two = decided(owner, dpo, facts=TWO_GROUPS, title="Customer export read")
    counting = v2_facts(
        group("customers", subjects_count=1200),
        group(
            'patients, "ward 3"',
            subject_categories=["patients"],
            subjects_count=None,
            data_categories=["health"],
        ),
        confidentiality="likely",
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
    )
    tbd = decided(owner, dpo, facts=counting, title="Still counting")
    one = decided(owner, dpo, facts=v2_facts(group("staff, all", subjects_count=None)), title="One group")
    v1 = decided(owner, dpo, title="A v1 assessment")
    return owner.memberships.get().organisation, two, tbd, one, v1


def test_the_register_line_of_a_breach_of_two_groups_says_the_groups(register_groups):
    organisation, two, tbd, one, v1 = register_groups
    period = register.Period(date.today() - timedelta(days=1), timezone.localdate() + timedelta(days=1))

    with translation.override("en"):
        rows = {r["reference"]: r for r in register.rows(organisation, period)}

    line = rows[two.reference]
    assert line["data_categories"] == (
        "customers: Basic identity (name, date of birth, gender), Contact details; "
        "medical note: Basic identity (name, date of birth, gender), Contact details, Health"
    )
    assert line["subject_categories"] == "customers: Customers; medical note: Customers"
    assert line["subjects_count"] == "customers: 1200; medical note: 1"
    assert rows[tbd.reference]["subjects_count"] == 'customers: 1200; patients, "ward 3": to be determined'
    assert (
        rows[one.reference]["subjects_count"] == ""
        and rows[one.reference]["subject_categories"] == "Customers"
    )
    assert rows[v1.reference]["subjects_count"] == "5000"
    assert (
        rows[v1.reference]["data_categories"]
        == "Basic identity (name, date of birth, gender), Contact details, National identification number (BSN, NIR)"
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database writes the register on PostgreSQL only"
)
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_the_database_writes_the_groups_as_python_does(register_groups, language):
    organisation = register_groups[0]
    period = register.Period(date.today() - timedelta(days=1), timezone.localdate() + timedelta(days=1))

    with translation.override(language):
        by_python = "".join(register._python_lines(organisation, period))
        by_database = "".join(register._sql_lines(organisation, period))

    assert "customers: 1200; medical note: 1" in by_python and by_database == by_python


def test_the_incident_report_has_a_row_per_group(owner, dpo):
    incident = decided(owner, dpo, facts=TWO_GROUPS)
    assessment = RiskAssessment.objects.get(incident=incident)

    with translation.override("en"):
        rows = {row.label: row.value for row in fact_rows(assessment)}

    assert rows["Number of people"] == "1,201"
    assert (
        rows["Group “medical note”"]
        == "medical note: 1 (Customers) — Basic identity (name, date of birth, gender), Contact details, Health; High risk, told"
    )
    assert rows["Group “customers”"].startswith("customers: 1,200 (Customers)")
    assert "not told individually" in rows["Group “customers”"]


def test_the_insights_count_a_breach_of_groups_once_by_its_nature_and_cause(owner, dpo):
    """The insights count incidents, not people: a breach of two groups is one incident, of its nature and cause."""
    decided(owner, dpo, facts=TWO_GROUPS)
    organisation = owner.memberships.get().organisation
    period = register.Period(date.today() - timedelta(days=1), timezone.localdate() + timedelta(days=1))

    months = insights(organisation, period)["by_month"]

    [month] = months.values()
    assert (
        month["total"],
        month["confidentiality"],
        month["cause_external_malicious"],
        month["not_assessed"],
    ) == (
        1,
        1,
        1,
        0,
    )
