"""The reasons for the decision in the breach register: the incident stores them in English as the risk engine wrote
them; the register PDF and its preview say them in the document's language from the stored assessment, and the
CSV — written by PostgreSQL or by Python, the same bytes — keeps them as recorded."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone, translation

from reports.documents.register import register_context
from reports.register import Period
from reports.rendering import document_locale
from risk import explanations
from risk import services as risk_services
from risk.models import RiskAssessment
from tests.notifications.conftest import decided
from tests.personas import advance, make_incident
from tests.reports.conftest import not_a_breach
from tests.risk.builders import facts_dict

LOW_RISK = facts_dict(recipients="trusted", mitigation={"data_retrieved_or_deleted": True})


def _reasons(organisation, language: str) -> dict[str, str]:
    with document_locale(language):
        context = register_context(
            organisation, Period.default(), language=language, version="1", created=None, now=timezone.now()
        )
    return {row["reference"]: row["decision_reasons"] for row in context["rows"]}


def _verdicts_in(language: str, assessment: RiskAssessment) -> list[str]:
    with translation.override(language):
        return [
            explanations.reason_text(r)
            for r in assessment.decision["reasons"]
            if r["code"].startswith("verdict_")
        ]


def test_the_register_pdf_says_the_engines_reasons_in_the_documents_language(owner, dpo):
    incident = decided(owner, dpo, title="Order overview to a trusted customer", facts=LOW_RISK)
    incident.refresh_from_db()
    assessment = incident.assessments.get()
    organisation = incident.organisation
    english = incident.risk_rationale
    assert english.startswith("unlikely (risk engine ")  # stored as the engine wrote it

    assert _reasons(organisation, "en")[incident.reference] == english
    for language, words in (("nl", "risico-engine"), ("fr", "moteur de risque")):
        said = _reasons(organisation, language)[incident.reference]
        assert words in said and said != english
        with translation.override(language):
            assert str(incident.get_risk_level_display()) in said  # the label, not the code "unlikely"
        for verdict in _verdicts_in(language, assessment):
            assert verdict in said  # every verdict, said in that language
        assert not any(verdict in said for verdict in _verdicts_in("en", assessment))  # and no English one


def test_the_register_gives_the_dpos_own_justification_as_written(owner, dpo):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(
        actor=owner, incident_id=incident.pk, facts=LOW_RISK | {"role": "controller"}
    )
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    justification = "Wij melden toch: de klant is een school."
    risk_services.assessment_decide(
        actor=dpo,
        incident_id=incident.pk,
        agree=False,
        risk="risk",
        notify_authority=True,
        notify_subjects=False,
        public_communication=False,
        justification=justification,
    )
    for language in ("en", "nl", "fr"):
        assert _reasons(incident.organisation, language)[incident.reference] == justification


def test_a_closed_not_a_breach_keeps_its_closure_reason_in_every_language(owner):
    incident = not_a_breach(owner, "Alleen testdata.")
    assert _reasons(incident.organisation, "fr")[incident.reference] == "Alleen testdata."


def test_the_csv_keeps_the_reasons_as_recorded_in_english(client, owner, dpo):
    incident = decided(owner, dpo, facts=LOW_RISK)
    incident.refresh_from_db()
    client.force_login(owner)
    today = timezone.localdate()
    params = {
        "date_from": (today - timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
        "language": "nl",
    }
    response = client.get("/register/csv/", params)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["Melden aan toezichthouder"] == "nee"  # the labels in Dutch …
    assert row["Redenen van het besluit"] == incident.risk_rationale  # … the reasons as recorded


def _decision(owner, dpo) -> tuple[str, RiskAssessment]:
    incident = decided(owner, dpo, facts=LOW_RISK)
    incident.refresh_from_db()
    return incident.risk_rationale, incident.assessments.get()


def test_reasons_are_said_again_only_when_they_are_what_the_assessment_gives(owner, dpo):
    stored, assessment = _decision(owner, dpo)
    say = {"engine_version": assessment.engine_version, "version": assessment.version}
    with translation.override("nl"):
        assert explanations.rationale_text(stored, assessment.decision, **say) != stored
        # reasons from another version, an edited text or a cleared one are shown as stored
        assert (
            explanations.rationale_text(stored, assessment.decision, engine_version="0.9", version=1)
            == stored
        )
        assert explanations.rationale_text("Own words.", assessment.decision, **say) == "Own words."
        assert explanations.rationale_text("", assessment.decision, **say) == ""
        assert explanations.rationale_text(stored, None, **say) == stored


def test_reasons_the_catalogue_cannot_say_stay_english_whole(owner, dpo):
    stored, assessment = _decision(owner, dpo)
    decision = assessment.decision
    for reason in decision["reasons"]:
        if reason["code"].startswith("verdict_"):
            reason["message"]["template"] = "A wording of a later engine version."
            break
    say = {"engine_version": assessment.engine_version, "version": assessment.version}
    with translation.override("fr"):
        assert explanations.rationale_text(stored, decision, **say) == stored  # never a mix


def test_the_notifications_panel_says_why_not_in_the_readers_language(client, owner, dpo):
    incident = decided(owner, dpo, facts=LOW_RISK)
    incident.refresh_from_db()
    client.force_login(owner)
    client.cookies["django_language"] = "nl"
    page = client.get(f"/incidents/{incident.pk}/notifications/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    with translation.override("nl"):
        said = explanations.rationale_text(
            incident.risk_rationale,
            incident.assessments.get().decision,
            engine_version=incident.assessments.get().engine_version,
            version=1,
        )
    assert said != incident.risk_rationale
    assert said.split(". ")[1][:40] in page and incident.risk_rationale.split(". ")[1][:40] not in page
