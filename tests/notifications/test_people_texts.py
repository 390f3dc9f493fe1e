"""Issue 15: the notice to the people is written for them, from structured facts and the library of consequences
and advice — never from the team's own description and containment notes; each group reads of its own data; every
language the list needs is complete, with a contact point, before approval."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from delivery import services as delivery_services
from incidents import services as incident_services
from notifications import advice, people_texts, readability
from notifications import services as notice_services
from notifications.models import Notice
from people.subjects import subjects_import_csv
from reports.letters import batches, letters_context
from reports.rendering import document_locale, html_to_pdf, render_html, render_notice_pdf
from tests.notifications.conftest import HIGH_RISK, decided, group, v2_facts
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.usefixtures("compiled_catalogues")

# The team's own words, in Dutch, that must never reach a person.
DESCRIPTION = "Ransomware (LockBit-variant) versleutelde de orderserver via een lek in de VPN-appliance."
MEASURES = "Server geïsoleerd, wachtwoorden geroteerd, forensisch onderzoek door Fox-IT gestart."
PLAN = "Herinrichting netwerksegmentatie na advies van het CERT-team."
MITIGATION = "Klantenservice belt alle zakelijke klanten terug via het callcenter."
INTERNAL = (
    "LockBit",
    "versleutelde",
    "orderserver",
    "geïsoleerd",
    "Fox-IT",
    "netwerksegmentatie",
    "callcenter",
)

PEOPLE = (
    "name;email;postal_address;language\n"
    "Anna de Vries;anna@example.nl;;nl\n"
    "Claire Dupont;claire@example.fr;;fr\n"
    "Emma Brown;emma@example.com;;en\n"
    "Piet Post;;Dorpsstraat 1, 1234 AB Dorp;nl\n"
    "Paul Poste;;1 rue de la Gare, 75001 Paris;fr\n"
)


@pytest.fixture
def contact(org):
    org.dpo_name, org.dpo_email = "Daan Jansen", "fg@fietsenbaas.example"
    org.save()
    return org


def _breach(owner, dpo, facts=HIGH_RISK, people=PEOPLE, **incident):
    facts = facts | {"mitigation": {**facts["mitigation"], "description": MITIGATION}}
    made = decided(owner, dpo, facts=facts, description=DESCRIPTION, **incident)
    incident_services.incident_update(
        actor=owner,
        incident_id=made.pk,
        changes={"containment_measures": MEASURES, "containment_plan": PLAN},
    )
    if people:
        subjects_import_csv(actor=owner, incident_id=made.pk, data=people.encode())
    return made


def _approved(notice, owner, dpo2):
    notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    return notice_services.notice_approve(actor=dpo2, notice_id=notice.pk)


def _all_text(content) -> str:
    texts = [t for by_language in content["texts"].values() for t in by_language.values()]
    for by_group in (content.get("group_texts") or {}).values():
        texts += [t for sections in by_group.values() for t in sections.values()]
    return "\n".join(texts)


def _letters_pdf_text(notice) -> str:
    [batch] = batches(notice)
    with document_locale(notice.language):
        html = render_html("reports/letters.html", letters_context(notice, batch.as_params()), language="nl")
    return pdf_text(html_to_pdf(html).pdf)


def test_no_text_e_mail_or_letter_says_the_teams_own_description_or_containment_notes(
    contact, owner, dpo, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    incident = _breach(owner, dpo)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    assert sorted(notice.content["texts"]) == ["en", "fr", "nl"]
    written = _all_text(notice.content)
    assert not [w for w in INTERNAL if w in written], written

    notice = _approved(notice, owner, dpo2)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        sent = message.subject + message.body + message.alternatives[0][0]
        assert not [w for w in INTERNAL if w in sent], sent
        assert "fg@fietsenbaas.example" in message.body

    letters = _letters_pdf_text(Notice.objects.get(pk=notice.pk))
    assert "Piet Post" in letters and "Paul Poste" in letters
    assert not [w for w in INTERNAL if w in letters], letters
    assert "Daan Jansen" in letters


def test_what_happened_is_composed_from_the_facts(contact, owner, dpo):
    incident = _breach(owner, dpo)
    with translation.override("en"):
        texts = people_texts.texts(incident, "en")
    said = texts["what_happened"]
    # HIGH_RISK: exfiltrated, by an attacker (external, malicious), a period of one day
    assert "has seen or copied them" in said and "criminal act" in said and "It happened on" in said
    assert "We discovered it on" in said
    assert (
        texts["measures"].startswith("We have stopped the breach")
        or "stopped the breach" in texts["measures"]
    )
    assert "Daan Jansen" in texts["contact"] and "fg@fietsenbaas.example" in texts["contact"]


def test_in_a_breach_of_two_groups_the_high_risk_groups_letter_names_only_its_own_data(
    contact, owner, dpo, dpo2
):
    facts = v2_facts(
        group("customers", subjects_count=1200, identifiability="limited", data_categories=["contact"]),
        group("medical note", data_categories=["contact", "health"]),
        confidentiality="likely",
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
    )
    people = (
        "name;email;postal_address;language;group\n"
        "Karel Klant;;Dorpsstraat 1, 1234 AB Dorp;nl;customers\n"
        "Mila Medisch;;Kerkstraat 2, 1234 AB Dorp;nl;medical note\n"
    )
    incident = _breach(owner, dpo, facts=facts, people=people)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    assert set(notice.content["group_texts"]["nl"]) == {"medical note"}
    assert "data" not in notice.content["texts"]["nl"] and "advice" not in notice.content["texts"]["nl"]

    notice = _approved(notice, owner, dpo2)
    document = pdf_text(render_notice_pdf(notice))  # the notice as a document: each group's sections
    assert "medical note" in document and "customers" not in document
    assert not [w for w in INTERNAL if w in document]
    delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    letters = _letters_pdf_text(Notice.objects.get(pk=notice.pk))
    assert "Mila Medisch" in letters and "Karel Klant" not in letters
    with translation.override("nl"):
        health, contact_words = str(advice.LIBRARY["health"].words), str(advice.LIBRARY["contact"].words)
        payment = str(advice.LIBRARY["payment_means"].words)
    assert health in letters and contact_words in letters and payment not in letters


def test_leaked_bank_account_numbers_bring_payment_advice_and_no_password_advice(contact, owner, dpo):
    incident = _breach(owner, dpo, facts=HIGH_RISK | {"data_categories": ["basic", "payment_means"]})
    texts = people_texts.texts(incident, "en")
    assert "bank account number (IBAN)" in texts["data"]
    assert "Tell your bank" in texts["advice"] and "take money from your account" in texts["consequences"]
    assert "password" not in texts["advice"].lower() and "password" not in texts["consequences"].lower()
    assert "identity" not in texts["data"]


def test_leaked_passwords_bring_password_advice(contact, owner, dpo):
    incident = _breach(owner, dpo, facts=HIGH_RISK | {"data_categories": ["contact", "credentials"]})
    texts = people_texts.texts(incident, "en")
    assert "Change your password" in texts["advice"] and "bank" not in texts["advice"]
    assert "log in to your account" in texts["consequences"]
    dutch = people_texts.texts(incident, "nl")
    assert "Verander uw wachtwoord" in dutch["advice"] and "bank" not in dutch["advice"]


def test_data_nobody_saw_bring_no_warning_of_misuse(contact, owner, dpo):
    lost = HIGH_RISK | {
        "nature": ["availability"],
        "confidentiality": "none",
        "recipients": "none",
        "cause": "internal_accidental",
        "data_categories": ["health"],
        "availability": {"loss": "permanent", "duration_hours": None, "impact": "severe"},
    }
    incident = _breach(owner, dpo, facts=lost)
    texts = people_texts.texts(incident, "en")
    assert "lost for good" in texts["consequences"] and "treated unfairly" not in texts["consequences"]
    assert "Some of the data were lost." in texts["what_happened"] and "copied" not in texts["what_happened"]


def test_without_a_dpo_contact_submitting_and_approving_are_refused_naming_the_profile_field(
    org, owner, dpo, dpo2
):
    incident = _breach(owner, dpo)
    org.refresh_from_db()
    org.dpo_name = org.dpo_email = ""
    org.save()
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    assert notice.content["texts"]["en"]["contact"] == ""
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    said = " ".join(refused.value.messages)
    assert "“DPO or contact point: name”" in said and "“DPO or contact point: e-mail”" in said
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.DRAFT

    org.dpo_name, org.dpo_email = "Daan Jansen", "fg@fietsenbaas.example"
    org.save()
    notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    org.dpo_email = ""
    org.save()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        notice_services.notice_approve(actor=dpo2, notice_id=notice.pk)
    assert "“DPO or contact point: e-mail”" in " ".join(refused.value.messages)
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.AWAITING_APPROVAL


def test_a_language_of_the_list_without_a_section_or_a_text_is_refused_naming_both(contact, owner, dpo):
    incident = _breach(owner, dpo)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    notice_services.notice_edit(actor=owner, notice_id=notice.pk, texts={"fr": {"advice": "  "}})
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    assert refused.value.messages == ["The French text still lacks: What they can do."]

    notice_services.notice_edit(actor=owner, notice_id=notice.pk, texts={"fr": {"advice": "Soyez vigilant."}})
    subjects_import_csv(
        actor=owner,
        incident_id=incident.pk,
        data=b"name;email;postal_address;language\nKees;kees@example.nl;;nl\n",
    )
    notice.refresh_from_db()
    Notice.objects.filter(pk=notice.pk).update(
        content={**notice.content, "texts": {k: v for k, v in notice.content["texts"].items() if k != "en"}}
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    assert "There is no English text" in " ".join(refused.value.messages)

    notice_services.notice_refresh(actor=owner, notice_id=notice.pk)  # adds the language the list needs
    assert "en" in Notice.objects.get(pk=notice.pk).content["texts"]
    assert Notice.objects.get(pk=notice.pk).content["texts"]["fr"]["advice"] == "Soyez vigilant."
    notice_services.notice_submit(actor=owner, notice_id=notice.pk)


def test_a_group_without_its_advice_is_refused_naming_the_group_and_the_section(contact, owner, dpo):
    facts = v2_facts(
        group("customers", subjects_count=1200, identifiability="limited", data_categories=["contact"]),
        group("medical note", data_categories=["contact", "health"]),
        confidentiality="likely",
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
    )
    people = "name;email;postal_address;language;group\nMila;mila@example.nl;;nl;medical note\n"
    incident = _breach(owner, dpo, facts=facts, people=people)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    notice_services.notice_edit(
        actor=owner, notice_id=notice.pk, group_texts={"nl": {"medical note": {"advice": ""}}}
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    assert refused.value.messages == [
        "The Dutch text for the group “medical note” still lacks: What they can do."
    ]


def test_the_public_communication_speaks_the_languages_of_every_country_concerned(contact, owner, dpo):
    incident = _breach(owner, dpo, people="", affected_countries=["BE", "LU", "DE"])
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="public", language="nl")
    assert sorted(notice.content["texts"]) == ["en", "fr", "nl"]
    written = _all_text(notice.content)
    assert not [w for w in INTERNAL if w in written]
    assert people_texts.country_languages(incident) == ["en", "fr", "nl"]


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_composed_texts_read_plainly(contact, owner, dpo, language):
    incident = _breach(owner, dpo, facts=HIGH_RISK | {"data_categories": list(advice.LIBRARY)})
    texts = people_texts.texts(incident, language)
    for section, text in texts.items():
        flags = readability.check(text, language, names=(contact.name, contact.dpo_name))
        assert not flags, (section, [f.message for f in flags])


def test_readability_flags_a_long_sentence_jargon_and_words_of_another_language():
    long = " ".join(["word"] * 39) + " end."
    flags = readability.check(f"{long} Short one.", "en")
    assert [(f.kind, f.words) for f in flags] == [("long_sentence", 40)]

    jargon = readability.check("The ransomware-attack caused exfiltration of your data.", "en")
    assert {f.detail for f in jargon if f.kind == "jargon"} == {"ransomware", "exfiltration"}
    assert [f.kind for f in readability.check("Het forensisch onderzoek loopt nog.", "nl")] == ["jargon"]

    dutch = readability.check("Your data were exposed. Server geïsoleerd, wachtwoorden geroteerd.", "en")
    assert [(f.kind, f.language) for f in dutch] == [("foreign", "nl")]
    assert "wachtwoorden" in dutch[0].detail
    with translation.override("en"):
        assert "Dutch" in dutch[0].message

    assert readability.check("We have stopped the breach. Contact us.", "en") == []
    assert readability.check("Wij hebben het lek gestopt.", "nl") == []


def test_the_notice_page_shows_each_groups_texts_with_their_flags_and_previews_them_as_sent(
    client, contact, owner, dpo, outsider
):
    facts = v2_facts(
        group("customers", subjects_count=1200, identifiability="limited", data_categories=["contact"]),
        group("medical note", data_categories=["contact", "health"]),
        confidentiality="likely",
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
    )
    people = "name;email;postal_address;language;group\nMila;mila@example.nl;;en;medical note\n"
    incident = _breach(owner, dpo, facts=facts, people=people)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    said = (
        "The forensic investigation by Fox-IT found that the attackers exfiltrated wachtwoorden en gegevens."
    )
    notice_services.notice_edit(
        actor=owner, notice_id=notice.pk, group_texts={"en": {"medical note": {"consequences": said}}}
    )
    client.force_login(owner)

    with translation.override("en"):
        page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-group-text="medical note"' in page and 'data-group-text="customers"' not in page
    assert "Jargon the reader may not know: “forensic”" in page
    assert "Words of another language (Dutch)" in page

    base = f"/documents/notices/{notice.pk}/people/?language=en&group=medical%20note"
    email = client.get(base + "&channel=email").content.decode()
    with translation.override("en"):
        health = str(advice.LIBRARY["health"].words)
    assert health in email and said in email and "Dear Sir or Madam" in email
    letter = client.get(base + "&channel=letter").content.decode()
    assert health in letter and "(the person&#x27;s postal address)" in letter
    assert not [w for w in ("LockBit", "orderserver", "callcenter") if w in email + letter]

    assert client.get(base.replace("medical%20note", "customers")).status_code == 404
    assert client.get(f"/documents/notices/{notice.pk}/people/?language=de").status_code == 404
    client.force_login(outsider)
    assert client.get(base).status_code == 404


READINGS = [
    {"confidentiality": "likely", "cause": "internal_malicious", "recipients": "known"},
    {"confidentiality": "unknown", "cause": "unknown", "recipients": "unknown"},
    {"confidentiality": "not_exfiltrated", "cause": "external_accidental", "recipients": "trusted"},
    {
        "nature": ["integrity", "availability"],
        "confidentiality": "none",
        "recipients": "none",
        "integrity": {"loss": "unrecoverable", "misused": True},
        "availability": {"loss": "temporary", "duration_hours": 30, "impact": "minor"},
        "mitigation": {"data_retrieved_or_deleted": True},
    },
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_reading_of_the_facts_is_told_plainly_and_completely(contact, owner, dpo, language, reading):
    facts = HIGH_RISK | {"data_categories": ["contact", "payment_means", "health"]} | reading
    facts["mitigation"] = HIGH_RISK["mitigation"] | reading.get("mitigation", {})
    incident = _breach(owner, dpo, facts=facts)
    texts = people_texts.texts(incident, language)
    assert all(texts[s].strip() for s in people_texts.SECTIONS), texts
    for section, text in texts.items():
        flags = readability.check(text, language, names=(contact.name, contact.dpo_name))
        assert not flags, (section, [f.message for f in flags])


def test_the_dpo_edits_a_groups_sections_on_the_notice_page(client, contact, owner, dpo):
    facts = v2_facts(
        group("customers", subjects_count=1200, identifiability="limited", data_categories=["contact"]),
        group("medical note", data_categories=["contact", "health"]),
        confidentiality="likely",
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
    )
    incident = _breach(
        owner,
        dpo,
        facts=facts,
        people="name;email;postal_address;language;group\nM;m@x.nl;;nl;medical note\n",
    )
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    client.force_login(owner)
    form = {f"text__nl__{s}": v for s, v in notice.content["texts"]["nl"].items()} | {
        f"group__nl__0__{s}": v for s, v in notice.content["group_texts"]["nl"]["medical note"].items()
    }
    form["group__nl__0__advice"] = "Bel ons als iemand u benadert over uw gezondheid."

    response = client.post(f"/notices/{notice.pk}/edit/", form)

    assert response.status_code == 302
    edited = Notice.objects.get(pk=notice.pk).content["group_texts"]["nl"]["medical note"]
    assert edited["advice"] == "Bel ons als iemand u benadert over uw gezondheid."
    assert edited["data"] == notice.content["group_texts"]["nl"]["medical note"]["data"]
