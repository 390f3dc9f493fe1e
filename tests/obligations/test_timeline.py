"""The obligations' audit events on the incident's timeline: an evaluation says which regime's obligation arose or
was ruled out and why; an answer to a regime's test says the question and the answer; a report's step says the
regime, the report, the step, who took it and, for a filing, the recipient's reference. The events keep their codes
(their hashes never depend on a language), and one written before the report step carried its rule set is read
just as well."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from incidents.events import event_append
from incidents.models import IncidentEvent
from obligations import services
from obligations.events import ObligationEventKind
from obligations.templatetags.obligation_tags import report_label
from tests.obligations.test_obligations import (
    AWARE,
    NOW,
    SIGNIFICANT,
    _incident,
    _obligation,
    _through,
    hospital,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


def _timeline(client, incident) -> str:
    response = client.get(f"/incidents/{incident.pk}/timeline/")
    assert response.status_code == 200
    return response.content.decode()


def _item(html: str, marker: str) -> list[str]:
    """The timeline items holding ``marker``."""
    return [item.split("</li>", 1)[0] for item in html.split('<li class="timeline-item') if marker in item]


def test_an_obligation_arising_and_one_ruled_out_say_the_regime_and_the_reason(
    hospital,  # noqa: F811
    owner,
    client,
):
    incident = _incident(owner)
    with time_machine.travel(NOW, tick=False):
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT
        )
    client.force_login(owner)
    html = _timeline(client, incident)
    [answers] = _item(html, "data-regime-answers")
    assert "NIS2" in answers
    assert "severe operational disruption of the services?" in answers and "<strong>Yes</strong>" in answers
    assert "financial loss for the organisation?" in answers and "<strong>Not known yet</strong>" in answers

    [arose] = _item(html, 'data-change="nis2:entity"')
    assert "NIS2" in arose and "arises: owed" in arose
    assert "Art. 23(3)" in arose  # the reason's article
    assert "Early warning due" in arose and "Incident notification due" in arose

    services.regime_answers_record(
        actor=owner, incident_id=incident.pk, regime="nis2", answers=dict.fromkeys(SIGNIFICANT, False)
    )
    ruled_out = _item(_timeline(client, incident), 'data-change="nis2:entity"')[-1]
    assert "ruled out (was owed)" in ruled_out
    assert "Not a significant incident" in ruled_out


def test_each_step_of_a_report_says_the_regime_the_report_the_step_who_and_the_reference(
    hospital,  # noqa: F811
    owner,
    dpo,
    client,
):
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    early = _obligation(incident, "nis2", "entity").reports.get(code="early_warning")
    with time_machine.travel(AWARE + timedelta(hours=20), tick=False):
        _through(early, team=owner, dpo=dpo, reference="CSIRT-2026-0042")
    client.force_login(owner)
    steps = _item(_timeline(client, incident), 'data-obligation-report="nis2:early_warning"')
    assert len(steps) == 3
    drafted, approved, filed = steps
    assert "<strong>NIS2</strong>" in drafted
    assert f"Early warning drafted by {owner.display_name()}" in drafted
    assert f"Early warning approved by {dpo.display_name()}" in approved
    assert f"Early warning filed by {owner.display_name()}" in filed
    assert "CSIRT-2026-0042" in filed and "filed at" in filed
    assert IncidentEvent.objects.filter(kind="obligation_report").latest("sequence").data["rule_set"] == (
        "nis2-2022"
    )


def test_an_older_event_without_its_rule_set_is_rendered_from_the_regimes_rule_sets(owner, client):
    """A report step written before the events carried the rule set: its report is named all the same, and a
    payload missing more (no variant, no deadlines) breaks nothing."""
    incident = _incident(owner)
    event_append(
        incident=incident,
        kind=ObligationEventKind.REPORT_STEP,
        actor=owner,
        data={
            "obligation": 1,
            "regime": "nis2",
            "report": "final",
            "step": "filed",
            "reference": "CSIRT-OLD",
        },
    )
    event_append(
        incident=incident,
        kind=ObligationEventKind.EVALUATED,
        actor=None,
        data={"changes": [{"regime": "dora"}]},
    )
    client.force_login(owner)
    html = _timeline(client, incident)
    [old] = _item(html, 'data-obligation-report="nis2:final"')
    assert "Final report filed by" in old and "CSIRT-OLD" in old
    [sparse] = _item(html, 'data-change="dora"')
    assert "DORA" in sparse


def test_the_report_label_falls_back_to_the_code_for_a_report_no_rule_set_knows():
    assert report_label({"regime": "gdpr", "variant": "processor", "report": "controller_alert"}) == (
        "Alert to the controller"
    )
    assert (
        report_label({"regime": "nis2", "rule_set": "gone-2019", "report": "early_warning"})
        == "Early warning"
    )
    assert report_label({"regime": "unknown", "report": "odd_report"}) == "Odd report"
