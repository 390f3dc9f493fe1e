"""The notice to the authority as each regulator's own document: its language, its chapters and question numbers in
the form's order, every answer with its provenance, what is missing flagged — read back from the PDF."""

from datetime import UTC, timedelta

import time_machine
from django.utils import timezone

from notifications import services as notice_services
from reports import selectors
from reports.rendering import render_notice_pdf
from tests.reports.conftest import approved, authority_notice, filed, pdf_info, pdf_text


def in_order(text: str, markers: list[str]) -> bool:
    """Every marker appears, each after the one before it."""
    position = 0
    for marker in markers:
        found = text.find(marker, position)
        if found < 0:
            raise AssertionError(f"{marker!r} not found after position {position}")
        position = found + len(marker)
    return True


AP_CHAPTERS = [
    "1. Introductie",
    "2. Internationale aspecten",
    "3. De verwerkingsverantwoordelijke",
    "4. Tijdlijn",
    "5. Gegevens over de inbreuk",
    "6. Welke persoonsgegevens",
    "7. Getroffen personen",
    "8. Maatregelen vooraf",
    "9. Gevolgen",
    "10. Vervolgacties",
]
AP_QUESTIONS = [
    "1.1",
    "1.2",
    "1.3",
    "2.1.1",
    "2.2.1",
    "3.1.1",
    "3.1.2",
    "3.2.1",
    "3.2.2",
    "3.3",
    "4.1.1",
    "4.1.2",
]
AP_QUESTIONS += ["4.2", "4.3", "4.5", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3.1", "7.1", "7.3", "8.1"]
AP_QUESTIONS += ["9.1", "9.2", "9.3", "10.1.1", "10.1.3", "10.1.7", "10.2"]


def test_the_ap_notice_is_dutch_in_the_chapters_and_question_numbers_of_the_form(ap_notice):
    pdf = render_notice_pdf(ap_notice)
    text = pdf_text(pdf)
    assert in_order(text, AP_CHAPTERS)
    numbered = " ".join(line.split()[0] for line in pdf_text(pdf, layout=True).splitlines() if line.split())
    assert in_order(numbered, AP_QUESTIONS)
    assert "Melding datalek" in text and "Wat voor soort melding wilt u doen?" in text
    assert "Algemene verordening gegevensbescherming (AVG)" in text
    assert "Supervisory" not in text and "Notification" not in text  # no English, no French
    assert (
        "Pagina 1 /" in text and ap_notice.incident.reference in text
    )  # page numbers and the reference on the pages


def test_the_ap_notice_uses_the_form_options_and_maps_the_severity(ap_notice):
    text = pdf_text(render_notice_pdf(ap_notice))
    assert "☒ Persoonsgegevens (mogelijk) ingezien door onbevoegden" in text  # 5.1 from the nature
    assert "☒ Burgerservicenummer (BSN)" in text  # 6.1 from the data categories
    assert "☒ Klanten (huidig en potentieel)" in text  # 7.1
    assert "☒ Zeer groot" in text  # 9.3: ENISA very high with a high risk
    assert "☐ Verwaarloosbaar" in text and "☐ Beperkt" in text and "☐ Aanzienlijk" in text
    assert "5.000" in text  # numbers in the Dutch way


def test_every_answer_carries_its_provenance_and_missing_answers_are_flagged(ap_notice):
    form = selectors.authority_form(ap_notice)
    marks = {(a.number, a.question): a.mark for s in form.sections for a in s.answers}
    assert marks[("3.1.1", "Naam van het bedrijf of de organisatie")] == "recorded"
    assert marks[("3.1.1", "Registratienummer van de FG")] == "missing"  # not on the organisation yet
    assert marks[("6.3.1", "Hoeveel gegevensrecords zijn getroffen?")] == "missing"
    assert (
        marks[("9.3", "Inschatting ernst: verwaarloosbaar, beperkt, aanzienlijk of zeer groot")] == "derived"
    )
    missing = {a.number for a in form.missing}
    assert {"3.1.1", "3.2.1", "5.2", "6.3.1"} <= missing
    text = pdf_text(render_notice_pdf(ap_notice))
    assert f"{len(form.missing)} antwoorden ontbreken" in text
    assert text.count("ontbreekt") >= len(form.missing)
    assert "afgeleid – controleer" in text and "vastgelegd" in text


def test_an_answer_recorded_in_the_notice_is_no_longer_missing(ap_notice, owner):
    notice = notice_services.notice_edit(
        actor=owner, notice_id=ap_notice.pk, answers={"data.records": "ongeveer 5.200"}
    )
    form = selectors.authority_form(notice)
    assert "6.3.1" not in {a.number for a in form.missing}
    assert "ongeveer 5.200" in pdf_text(render_notice_pdf(notice))


def test_a_late_ap_notice_shows_its_reasons_for_the_delay(owner, dpo, dpo2):
    with time_machine.travel(timezone.now() - timedelta(hours=90)):
        notice = authority_notice(owner, dpo)
    text = pdf_text(render_notice_pdf(notice))
    assert "Gemeld na de termijn van 72 uur" in text and "ontbreekt — verplicht" in text
    notice_services.notice_edit(
        actor=owner, notice_id=notice.pk, late_reason="De verwerker meldde het pas op dag vier."
    )
    notice = filed(notice, owner, dpo, dpo2)
    text = pdf_text(render_notice_pdf(notice))
    assert "Reden van de vertraging: De verwerker meldde het pas op dag vier." in text
    assert in_order(
        text, ["4.5", "Indien later dan 72 uur gemeld: waarom?", "De verwerker meldde het pas op dag vier."]
    )


def test_an_ap_follow_up_says_it_supplements_the_filed_notice(ap_notice, owner, dpo, dpo2):
    first = filed(ap_notice, owner, dpo, dpo2, reference="M-2026-4711")
    follow_up = notice_services.notice_follow_up(actor=owner, notice_id=first.pk)
    text = pdf_text(render_notice_pdf(follow_up))
    assert "Aanvulling op de eerdere melding met meldingsnummer M-2026-4711" in text
    assert "interne referentie DL-2026-0001 · aanvulling" in text.replace(
        follow_up.incident.reference, "DL-2026-0001"
    )


def test_a_withdrawal_shows_its_reason(ap_notice, owner, dpo, dpo2):
    first = filed(ap_notice, owner, dpo, dpo2, reference="M-2026-0815")
    withdrawal = notice_services.notice_withdraw(
        actor=owner, notice_id=first.pk, reason="Geen persoonsgegevens geraakt: de bijlage was leeg."
    )
    text = pdf_text(render_notice_pdf(withdrawal))
    assert "Intrekking van de melding met meldingsnummer M-2026-0815" in text
    assert "Reden: Geen persoonsgegevens geraakt: de bijlage was leeg." in text


CNIL_SECTIONS = [
    "1. Type de notification",
    "2. Identification de l'organisme",
    "3. Coordonnées du responsable légal",
    "4. Personne à contacter",
    "5. Autres organismes impliqués",
    "6. Nature de la violation — dates",
    "7. À propos de la violation",
    "8. Nature des données concernées",
    "9. Mesures de sécurité préalables à la violation",
    "10. Conséquences potentielles",
    "11. Préjudices potentiels pour les personnes concernées",
    "12. Mesures techniques et organisationnelles appliquées suite à la violation",
    "13. Communication aux personnes concernées",
    "14. Notifications transfrontalières et autres notifications",
]


def test_the_cnil_notice_is_french_in_the_fourteen_sections_of_the_trame(owner, dpo):
    notice = authority_notice(owner, dpo, country="FR", code="CNIL")
    text = pdf_text(render_notice_pdf(notice))
    assert in_order(text, CNIL_SECTIONS)
    assert "☒ Notification initiale" in text and "☒ Perte de la confidentialité" in text
    assert "☒ Acte externe malveillant" in text and "☒ Maximal" in text
    assert "Non, mais elles le seront" in text  # §13 vocabulary
    assert "Numéro SIREN" in text and "manquant" in text and "Melding" not in text


def test_a_late_cnil_notice_gives_its_motifs_de_retard_and_a_follow_up_is_complementaire(owner, dpo, dpo2):
    with time_machine.travel(timezone.now() - timedelta(hours=80)):
        notice = authority_notice(owner, dpo, country="FR", code="CNIL")
    notice_services.notice_edit(
        actor=owner, notice_id=notice.pk, late_reason="Le sous-traitant nous a prévenus tard."
    )
    notice = filed(notice, owner, dpo, dpo2, reference="CNIL-99")
    text = pdf_text(render_notice_pdf(notice))
    assert "Notification au-delà du délai de 72 heures" in text
    assert in_order(text, ["Motifs de retard", "Le sous-traitant nous a prévenus tard."])
    follow_up = notice_services.notice_follow_up(actor=owner, notice_id=notice.pk)
    text = pdf_text(render_notice_pdf(follow_up))
    assert "☒ Notification complémentaire" in text and "de la notification initiale n° CNIL-99" in text


def test_the_gba_notice_is_part_one_in_dutch_and_part_two_in_the_notice_language(owner, dpo, dpo2):
    notice = authority_notice(owner, dpo, country="BE", code="GBA")
    text = pdf_text(render_notice_pdf(notice))
    assert "Melding van een gegevenslek — GBA, deel 1" in text and "Soort melding" in text
    assert in_order(
        text, ["1.1. Melding", "2.2. Melder", "3.1. Tijdlijn", "3.2. Aard van het gegevenslek", "4.4."]
    )
    part_one = filed(notice, owner, dpo, dpo2, reference="DBN-2026-000123")
    part_two = notice_services.notice_follow_up(actor=owner, notice_id=part_one.pk)
    part_two.language = "fr"  # the GBA accepts the forms in either language
    part_two.save(update_fields=["language"])
    text = pdf_text(render_notice_pdf(part_two))
    assert "Notification de fuite de données — APD, partie 2" in text
    assert (
        "complément de la partie 1 DBN-2026-000123" in text and "Cause" in text and "Gegevenslek" not in text
    )
    assert "Type d'atteinte à la confidentialité" in text  # scope and cause belong to part 2


def test_other_eea_authorities_get_the_edpb_template_in_english(owner, dpo):
    notice = authority_notice(owner, dpo, country="DE", code="SA-DE")
    text = pdf_text(render_notice_pdf(notice))
    assert "Personal data breach notification (Art. 33 GDPR)" in text
    assert in_order(
        text,
        [
            "Type of notification",
            "Date and time of awareness",
            "Nature of the breach",
            "Categories of data subjects",
        ],
    )
    assert "High risk" in text and "missing" in text


def test_rendering_the_same_notice_again_gives_the_same_bytes(ap_notice, owner, dpo2):
    notice = approved(ap_notice, owner, dpo2)
    first, second = render_notice_pdf(notice), render_notice_pdf(notice)
    assert first == second
    info = pdf_info(first)  # the metadata date is the approval's, not the moment of rendering
    assert info["CreationDate"] == notice.approved_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
