"""Issue 15: the EDPB 2026 template whole — every field of docs/domain.md §8.1 under the template's own number, with
its options — and every answer from a recorded fact, the organisation profile or a record of what was done, or
missing, never from a default. Each rule that derives an answer is tested with the fact that justifies it and the
fact that must not."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from delivery.models import Delivery
from reports import selectors
from reports.regulators import edpb
from reports.regulators import edpb_template as tpl
from reports.regulators.common import Source
from reports.rendering import render_notice_html
from tests.notifications.conftest import TWO_GROUPS
from tests.reports.conftest import authority_notice

# The template's rows as docs/domain.md §8.1 lists them (ranges written out): 100 fields.
ROWS = "3-7 10-19 21-26 29-31 33-36 38-41 44-53 55-63 65-68 70-73 75-76 79-87 89-90 92 94-95 97-106 109-111 "
ROWS += "113-118 120-123 125-126"


def _rows() -> list[str]:
    out = []
    for part in ROWS.split():
        first, _sep, last = part.partition("-")
        out += [str(n) for n in range(int(first), int(last or first) + 1)]
    return out


def test_the_template_has_every_field_of_domain_8_1_once_under_its_own_number():
    ids = [f.id for f in tpl.FIELDS]
    assert ids == _rows() and len(ids) == 100 == len(set(ids))
    for field in tpl.FIELDS:
        assert field.type in tpl.TYPES and field.section in tpl.SECTION_TITLES
        assert field.en and field.nl and field.fr
        if field.type in (tpl.CHOICE, tpl.MULTI, tpl.BOOLEAN):
            keys = field.option_keys
            assert keys and len(keys) == len(set(keys)), field.id
            assert all(o.en and o.nl and o.fr for o in field.options), field.id
    # The numbers the old document had wrong (domain.md §8.1)
    by = tpl.BY_ID
    assert (by["46"].type, by["47"].type, by["48"].type) == (tpl.DATETIME,) * 3
    assert "confidentiality" in by["79"].en and "integrity" in by["81"].en and "availability" in by["83"].en
    assert by["14"].option_keys == ("private", "public") and by["40"].en.startswith("Name(s)")
    assert len(by["60"].options) == 25 and len(by["70"].options) == 21 and len(by["85"].options) == 15
    assert by["97"].option_keys == ("yes", "not_yet", "investigating", "not_high_risk", "exemption")


def test_every_field_has_a_rule_or_is_recorded_by_a_person():
    for field in tpl.FIELDS:
        assert field.id in edpb.RULES or field.person or field.id == "4", field.id


def test_the_schema_in_the_repository_is_the_template():
    assert json.loads(tpl.SCHEMA_PATH.read_text(encoding="utf-8")) == tpl.json_schema()


def test_the_gba_parts_together_are_the_whole_template():
    part_1 = {f.id for f in tpl.FIELDS if tpl.PART_1 in f.parts}
    part_2 = {f.id for f in tpl.FIELDS if tpl.PART_2 in f.parts}
    assert part_1 | part_2 == {f.id for f in tpl.FIELDS}
    assert {"48", "55", "62", "65", "70"} <= part_1 and {"56", "61", "85", "87", "89"} <= part_2


# --- the rules, one by one, on a notice's source --------------------------------------------------------------


def _source(*, facts=None, form_answers=None, phase="initial", late=False, **answers) -> Source:
    """A notice's source with the given content answers (``"breach.nature": [...]``), all recorded."""
    sections: dict = {}
    for path, value in answers.items():
        section, key = path.split("__")
        sections.setdefault(section, {})[key] = value
    provenance = {p.replace("__", "."): "recorded" for p in answers}
    notice = SimpleNamespace(
        phase=phase,
        needs_late_reason=late,
        late_reason="",
        withdrawal_reason="",
        parent=None,
        approved_at=None,
        pk=1,
        authority="SA-DE",
    )
    return Source(
        sections=sections,
        provenance=provenance,
        facts=facts or {},
        fact_provenance={},
        notice=notice,
        incident=SimpleNamespace(reference="DL-2026-0001", pk=1),
        language="en",
        people={},
        form_answers=form_answers or {},
    )


def _rule(id: str, source: Source, **done) -> edpb.Value:
    ctx = edpb.Ctx(source, "en")
    ctx.done.update(done)
    return edpb.RULES[id](ctx)


def _is(value: edpb.Value, expected, provenance: str) -> None:
    assert (value.value, value.provenance, value.applies) == (expected, provenance, True)


def _missing(value: edpb.Value) -> None:
    assert value.value is None and value.provenance == "missing" and value.applies


def _not_applicable(value: edpb.Value) -> None:
    assert value.value is None and not value.applies


def test_the_sector_is_public_only_when_the_facts_say_so():
    _is(_rule("14", _source(facts={"sector": "public"})), "public", "derived")
    _missing(_rule("14", _source(facts={"sector": "healthcare"})))  # never "private" by default
    _missing(_rule("14", _source(facts={"sector": "retail"})))


def test_the_reporter_is_the_dpo_only_when_the_dpo_address_is_theirs():
    dpo = {"controller__dpo_email": "fg@example.nl"}
    _is(_rule("23", _source(reporter__email="FG@example.nl", **dpo)), "dpo", "derived")
    _missing(_rule("23", _source(reporter__email="someone@example.nl", **dpo)))


def test_a_dpo_is_designated_when_the_profile_names_one_and_an_empty_profile_is_no_no():
    _is(_rule("29", _source(controller__dpo_name="Daan Jansen")), True, "recorded")
    _missing(_rule("29", _source(controller__dpo_name="")))


def test_the_identifier_type_only_with_a_registration_number():
    _is(_rule("10", _source(controller__registration_number="12345678")), "company_id", "derived")
    _missing(_rule("10", _source(controller__registration_number="")))


def test_a_representative_in_the_eea_only_for_a_controller_outside_it():
    value = _rule("18", _source(controller__country="US"))
    _missing(value)
    assert value.required
    _not_applicable(_rule("18", _source(controller__country="NL")))


def test_reasons_for_delay_are_asked_only_after_the_72_hours():
    _not_applicable(_rule("49", _source(late=False)))
    late = _rule("49", _source(late=True))
    _missing(late)
    assert late.required
    _is(_rule("49", _source(late=True, timeline__late_reason="Weekend")), "Weekend", "recorded")


def test_the_other_partys_notice_date_only_when_another_party_told_us():
    told = _source(
        timeline__discovery_channel="data_subject", timeline__detected_at="2026-12-06T10:00:00+00:00"
    )
    _is(_rule("52", told), "2026-12-06T10:00:00+00:00", "derived")
    _not_applicable(_rule("52", _source(timeline__discovery_channel="own_detection")))


def test_the_type_of_confidentiality_breach_follows_the_facts():
    nature = {"breach__nature": ["confidentiality"]}
    _is(_rule("56", _source(breach__confidentiality="likely", **nature)), "likely", "recorded")
    _is(_rule("56", _source(breach__confidentiality="unknown", **nature)), "not_assessable", "recorded")
    # The facts' own "to be determined" (a null confidentiality in v2)
    tbd = _source(facts={"confidentiality": None}, breach__confidentiality=None, **nature)
    _is(_rule("56", tbd), "tbd", "derived")
    _not_applicable(_rule("56", _source(breach__nature=["availability"], breach__confidentiality="none")))


def test_the_type_of_integrity_breach_from_the_loss_and_its_misuse():
    nature = {"breach__nature": ["integrity"]}
    misused = {"integrity": {"loss": "unrecoverable", "misused": True}}
    _is(_rule("58", _source(facts=misused, **nature)), "misused_irreversible", "derived")
    altered = {"integrity": {"loss": "recoverable", "misused": False}}
    _is(_rule("58", _source(facts=altered, **nature)), "altered", "derived")
    _not_applicable(_rule("58", _source(facts=misused, breach__nature=["confidentiality"])))


def test_the_cause_in_the_templates_words_and_to_be_determined_from_a_null():
    _is(
        _rule("61", _source(facts={"cause": "x"}, breach__cause="external_accidental")),
        "external_non_malicious",
        "recorded",
    )
    _is(_rule("61", _source(facts={"cause": None}, breach__cause=None)), "tbd", "derived")
    _missing(_rule("61", _source()))  # no assessment at all: not known


def test_a_category_of_people_the_template_does_not_name_is_additional_and_derived():
    _is(_rule("65", _source(subjects__categories=["customers"])), ["customers"], "recorded")
    value = _rule("65", _source(subjects__categories=["customers", "job_applicants"]))
    _is(value, ["customers", "additional"], "derived")
    _is(
        _rule("66", _source(subjects__categories=["customers", "job_applicants"])),
        "job applicants",
        "derived",
    )


def test_consequences_for_confidentiality_from_who_may_have_the_data():
    read = {"breach__nature": ["confidentiality"], "breach__confidentiality": "likely"}
    attacker = _source(breach__cause="external_malicious", breach__recipients="unknown", **read)
    _is(_rule("79", attacker), ["beyond_purpose", "unlawful_use"], "derived")
    mistake = _source(breach__cause="internal_accidental", breach__recipients="known", **read)
    _is(_rule("79", mistake), ["beyond_purpose"], "derived")
    nobody = _source(breach__nature=["confidentiality"], breach__confidentiality="not_exfiltrated")
    _not_applicable(_rule("79", nobody))


def test_consequences_for_availability_only_from_its_loss_and_impact():
    nature = {"breach__nature": ["availability"]}
    minor = _source(facts={"availability": {"loss": "temporary", "impact": "minor"}}, **nature)
    _is(_rule("83", minor), ["no_access", "disruption"], "derived")
    unseen = _source(facts={"availability": {"loss": "temporary", "impact": "none"}}, **nature)
    _is(_rule("83", unseen), ["disruption"], "derived")


def test_the_impact_follows_the_data_and_professional_secrecy_is_never_inferred():
    read = {"breach__nature": ["confidentiality"], "breach__confidentiality": "exfiltrated"}
    health = _rule("85", _source(data__special_categories=["health"], **read))
    assert "professional_secrecy" not in health.value
    assert {"discrimination", "reputation", "loss_of_control"} <= set(health.value)
    payment = _rule("85", _source(data__categories=["payment_means"], **read))
    assert {"fraud", "financial_loss"} <= set(payment.value) and "identity_theft" not in payment.value
    unread = _rule(
        "85",
        _source(
            data__categories=["basic"],
            breach__nature=["confidentiality"],
            breach__confidentiality="not_exfiltrated",
        ),
    )
    _missing(unread)  # nothing read, nothing named: not "loss of control" by default


def test_the_severity_is_bounded_by_the_legal_verdict_and_missing_without_either():
    _is(
        _rule("87", _source(consequences__risk="high", consequences__severity_level="low")),
        "severe",
        "derived",
    )
    unlikely = _source(consequences__risk="unlikely", consequences__severity_level="high")
    _is(_rule("87", unlikely), "minor", "derived")
    _missing(_rule("87", _source()))


def test_people_per_country_only_when_they_are_all_in_one():
    one = edpb.Value(["NL"], "recorded")
    source = _source(controller__country="NL", subjects__count=5000)
    _is(_rule("117", source, **{"116": one}), {"NL": 5000}, "derived")
    two = edpb.Value(["NL", "BE"], "recorded")
    _missing(_rule("117", source, **{"116": two}))


def test_a_recorded_answer_is_read_in_any_of_the_documents_languages_as_the_option_key():
    field = tpl.BY_ID["60"]
    dutch = field.option("phishing").nl  # recorded on a Dutch GBA notice, read on a French one too
    for language in ("en", "nl", "fr"):
        ctx = edpb.Ctx(_source(form_answers={"60": dutch}), language)
        _is(edpb._written(ctx, field), "phishing", "recorded")
    ctx = edpb.Ctx(_source(form_answers={"109": "Nee"}), "fr")
    _is(edpb._written(ctx, tpl.BY_ID["109"]), False, "recorded")
    assert edpb._written(edpb.Ctx(_source(form_answers={"60": "A burglary"}), "en"), field) is None


# --- on real notices: the record of what was done, and the document -------------------------------------------


def test_told_only_once_deliveries_were_sent_and_then_on_the_first_ones_date(owner, dpo):
    notice = authority_notice(owner, dpo, country="DE", code="SA-DE")
    answers = edpb.answers(selectors.notice_source(notice))
    _is(answers["97"], "not_yet", "recorded")  # the DPO decided to tell them: not told yet
    _not_applicable(answers["98"])

    from notifications import services as notice_services

    people = notice_services.notice_draft(actor=owner, incident_id=notice.incident_id, kind="subjects")
    sent_at = timezone.now().replace(microsecond=0)
    Delivery.objects.create(
        notice=people, recipient="a@example.nl", status=Delivery.Status.SENT, sent_at=sent_at
    )
    Delivery.objects.create(notice=people, recipient="b@example.nl", status=Delivery.Status.QUEUED)
    answers = edpb.answers(selectors.notice_source(notice))
    _is(answers["97"], "yes", "recorded")
    _is(answers["98"], sent_at.isoformat(), "recorded")
    _missing(answers["102"])  # one of two sent: not "all" yet, and not "not all" either


@pytest.mark.parametrize("facts", [None, TWO_GROUPS])
def test_the_document_shows_every_field_under_its_number(owner, dpo, facts):
    notice = authority_notice(owner, dpo, country="DE", code="SA-DE", **({"facts": facts} if facts else {}))
    html = render_notice_html(notice)
    numbers = re.findall(r'<td class="no">(\d+)</td>', html)
    assert numbers == [f.id for f in tpl.FIELDS]
    assert "Not applicable to this notification." in html  # e.g. the withdrawal's reasons on a new notice


def test_the_gba_document_is_the_template_in_two_parts(owner, dpo, dpo2):
    from tests.reports.conftest import filed

    notice = authority_notice(owner, dpo, country="BE", code="GBA")
    part_1 = re.findall(r'<td class="no">(\d+)</td>', render_notice_html(notice))
    assert part_1 == [f.id for f in tpl.FIELDS if tpl.PART_1 in f.parts]
    from notifications import services as notice_services

    follow_up = notice_services.notice_follow_up(actor=owner, notice_id=filed(notice, owner, dpo, dpo2).pk)
    part_2 = re.findall(r'<td class="no">(\d+)</td>', render_notice_html(follow_up))
    assert part_2 == [f.id for f in tpl.FIELDS if tpl.PART_2 in f.parts]


def test_the_coverage_of_the_template_as_the_user_guide_states_it():
    """What the user guide's Documents section (docs/user-guide.md) says of the EDPB template, measured: 100 fields;
    those answered from Datalek's data; those a person records on the draft notice; the rest answered in the
    authority's portal."""
    covered = edpb.coverage()
    assert covered["total"] == 100
    assert covered["from_data"] + covered["recorded_on_the_notice"] + covered["not_covered"] == 100
    assert covered == {"total": 100, "from_data": 69, "recorded_on_the_notice": 30, "not_covered": 1}


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("about 5,000", 5000),
        ("ongeveer 5.200", 5200),
        ("environ 12\u202f500 enregistrements", 12500),
        ("5000", 5000),
        ("between 3 and 5 thousand", None),  # two numbers: not one answer
        ("1.5 million", None),
        ("not known yet", None),
    ],
)
def test_the_number_of_records_is_read_from_what_a_person_wrote(written, number):
    """Field 73 is a number: the records a person wrote as text give theirs, or none (the field stays missing)."""
    from reports.regulators.edpb import records_number

    assert records_number(written) == number
