"""The controller alert, the texts to the people and the incident report — each from the stored data, in its language."""

from notifications import services as notice_services
from people.subjects import subjects_import_csv
from reports.rendering import render_notice_pdf
from risk import services as risk_services
from tests.notifications.conftest import HIGH_RISK
from tests.personas import advance, make_incident
from tests.reports.conftest import approved, pdf_text


def test_the_controller_alert_gives_the_clause_9_2_content_in_the_clients_language(owner, dpo, client_org):
    from tests.notifications.conftest import decided

    client_org.language = "nl"
    client_org.save()
    incident = decided(owner, dpo, our_role="processor", clients=[client_org])
    alert = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client_org.pk
    )
    text = pdf_text(render_notice_pdf(alert))
    assert "Waarschuwing datalek (art. 33 lid 2 AVG)" in text and "aan Bakkerij van Dam" in text
    for heading in (
        "(a) De aard van de inbreuk",
        "(b) Contactpunt",
        "(c) Waarschijnlijke gevolgen",
        "(c) Genomen of voorgestelde maatregelen",
    ):
        assert heading in text
    assert "5.000" in text and "nog niet bekend" in text  # the number of records is not known yet


def test_the_texts_to_the_people_are_shown_per_language(notifiable, owner, dpo2):
    subjects_import_csv(
        actor=owner,
        incident_id=notifiable.pk,
        data=b"name,email,postal_address,language\nAnna,anna@example.nl,,nl\nJean,jean@example.fr,,fr\n",
    )
    notice = approved(
        notice_services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects"), owner, dpo2
    )
    text = pdf_text(render_notice_pdf(notice))
    assert (
        "Texte en français (art. 34.2 RGPD)" in text and "Tekst in het Nederlands (art. 34 lid 2 AVG)" in text
    )
    # the texts composed for the people, never the team's own description (issue 15)
    assert notifiable.description not in text
    assert "Bij Fietsenbaas B.V. is een datalek geweest" in text
    assert "Fietsenbaas B.V. a subi une fuite de données" in text


def test_the_incident_report_shows_the_advice_and_the_dpos_different_decision_side_by_side(
    client, owner, dpo
):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=HIGH_RISK)
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    risk_services.assessment_decide(
        actor=dpo,
        incident_id=incident.pk,
        agree=False,
        risk="high",
        notify_authority=True,
        notify_subjects=False,
        public_communication=False,
        justification="Art. 34(3)(b): every affected account was locked and re-verified within the hour.",
    )
    client.force_login(dpo)
    html = client.get(f"/incidents/{incident.pk}/documents/report/", {"language": "en"}).content.decode()
    from html import unescape

    html = unescape(html)
    assert "The engine's advice and the DPO's decision" in html
    assert "Tell the people (Art. 34)</td><td>yes</td><td>no <span" in html  # advice yes, DPO no, marked
    assert "every affected account was locked and re-verified within the hour" in html
    assert "SE = DPC x EI + CB" in html and "Art. 34(1)" in html  # the breakdown and the reasons
    incident.refresh_from_db()
    assert incident.audit_head_hash in html and "was verified" in html
