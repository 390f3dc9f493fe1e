"""The processor side of Art. 33(2): client organisations with the terms of their DPAs, an alert deadline per
affected client (our T0 + its hours) with reminders and an escalation exactly once, alerts that speak of the
client's own part of the breach only, and written instructions before anything is notified on a client's behalf."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from datalek.errors import DomainError
from delivery import clock
from delivery.models import Reminder
from incidents.models import IncidentEvent, Organisation
from inventory.models import InventoryChange
from notifications import client_alerts, services
from notifications.labels import choice_label
from notifications.models import Notice
from processors import selectors as processor_selectors
from processors import services as processor_services
from processors.models import DpaTerms
from risk.engine import parse_facts
from tests.incidents.test_api import assert_error, client_for
from tests.personas import make_incident
from tests.portal.conftest import *  # noqa: F403 - the processor's clients, alerts and incidents are fixtures
from tests.portal.conftest import A_COUNT, B_COUNT, TOTAL, processor_incident, send, send_alert


def _sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return clock.sweep()


# --- client organisations and their DPA terms ------------------------------------------------------------------


def test_a_client_without_terms_gets_24_hours_and_its_contact_point(client_org):
    client_org.dpo_email = "privacy@bakkerij.example"
    client_org.save()
    assert processor_selectors.alert_hours(client_org) == 24
    assert processor_selectors.alert_recipients(client_org) == ["privacy@bakkerij.example"]


def test_the_dpo_adds_a_client_with_the_default_terms(org, dpo, owner, outsider):
    client = processor_services.client_create(
        actor=dpo, processor_id=org.pk, name="Slagerij Jansen", language="nl"
    )
    assert client.kind == Organisation.Kind.CLIENT and client.processor == org
    assert client.dpa_terms.alert_hours == 24
    with pytest.raises(DomainError) as refused:
        processor_services.client_create(actor=owner, processor_id=org.pk, name="Other")
    assert refused.value.status == 403
    with pytest.raises(DomainError) as hidden:
        processor_services.client_create(actor=outsider, processor_id=org.pk, name="Other")
    assert hidden.value.status == 404


def test_the_dpo_sets_hours_addresses_language_and_the_activities_holding_the_clients_data(
    client_org, dpo, owner, mailbox
):
    activity = mailbox.activities.get(name="Webshop support for A")
    terms = processor_services.dpa_terms_save(
        actor=dpo,
        client_id=client_org.pk,
        changes={
            "alert_hours": 48,
            "contacts": ["A@Bakkerij.example", "a@bakkerij.example", "b@bakkerij.example"],
            "language": "fr",
            "sector": "retail",
        },
        activity_ids=[],
    )
    client_org.refresh_from_db()
    assert terms.alert_hours == 48 and terms.contacts == ["a@bakkerij.example", "b@bakkerij.example"]
    assert client_org.language == "fr" and client_org.sector == "retail"
    assert not activity.client_organisations.filter(pk=client_org.pk).exists()
    assert InventoryChange.objects.filter(record_id=activity.pk, action="updated").exists()
    processor_services.dpa_terms_save(
        actor=dpo, client_id=client_org.pk, changes={}, activity_ids=[activity.pk]
    )
    assert activity.client_organisations.filter(pk=client_org.pk).exists()
    with pytest.raises(DomainError):
        processor_services.dpa_terms_save(actor=owner, client_id=client_org.pk, changes={"alert_hours": 12})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"alert_hours": 0}, "alert_hours"),
        ({"alert_hours": 500}, "alert_hours"),
        ({"contacts": ["not an address"]}, "contacts"),
        ({"language": "de"}, "language"),
        ({"sector": "bakeries"}, "sector"),
        ({"slug": "x"}, "slug"),
    ],
)
def test_terms_refuse_what_is_not_valid(client_org, dpo, changes, field):
    with pytest.raises(ValidationError) as refused:
        processor_services.dpa_terms_save(actor=dpo, client_id=client_org.pk, changes=changes)
    assert field in refused.value.message_dict


# --- the alert deadline of each client ----------------------------------------------------------------------------


def test_each_client_gets_its_own_deadline_from_our_awareness(breach, client_a, client_b, owner):
    rows = {row.client.pk: row for row in client_alerts.client_alerts(breach)}
    assert rows[client_a.pk].deadline == breach.aware_at + timedelta(hours=24)
    assert rows[client_b.pk].deadline == breach.aware_at + timedelta(hours=48)
    alert = services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="controller", client_id=client_b.pk
    )
    assert alert.due_at == breach.aware_at + timedelta(hours=48) and alert.language == client_b.language


def test_the_alert_goes_to_every_address_of_the_terms_and_is_released_once(
    breach, client_a, owner, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    alert = send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mailoutbox) == ["eigenaar@bakkerij.example", "privacy@bakkerij.example"]
    assert alert.status == Notice.Status.SENT and alert.released_at is not None
    assert "2.513" in mailoutbox[0].body  # the number of people, grouped as Dutch writes it
    assert f"/portal/alerts/{alert.pk}/" in mailoutbox[0].body  # also delivered in the client's portal
    row = next(r for r in client_alerts.client_alerts(breach) if r.client == client_a)
    assert not row.running and row.on_time


def test_alert_reminders_go_out_half_way_two_hours_before_and_when_overdue_exactly_once(
    owner, dpo, client_a, client_b, mailoutbox
):
    t0 = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    incident = make_incident(
        owner,
        our_role="processor",
        clients=[client_a, client_b],
        occurred_from=t0 - timedelta(hours=2),
        occurred_until=t0 - timedelta(hours=2),
        detected_at=t0 - timedelta(hours=1),
        aware_at=t0,
    )
    for moment in (12, 12.1, 22, 24, 25, 46, 48, 60):
        _sweep_at(t0 + timedelta(hours=moment))
    keys = set(
        Reminder.objects.filter(incident=incident, key__startswith="alert:").values_list("key", flat=True)
    )
    a, b = client_a.pk, client_b.pk
    assert keys == {
        f"alert:{a}:half",
        f"alert:{a}:2h",
        f"alert:{a}:overdue",
        f"alert:{b}:half",
        f"alert:{b}:2h",
        f"alert:{b}:overdue",
    }
    alert_mails = [m for m in mailoutbox if "alert to" in m.subject]
    assert len(alert_mails) == 6
    overdue = [m for m in alert_mails if m.subject.startswith("OVERDUE")]
    assert {m.subject.split("alert to ")[1] for m in overdue} == {client_a.name, client_b.name}
    assert sorted(overdue[0].to) == ["dpo@example.nl", "owner@example.nl"]
    assert (
        IncidentEvent.objects.filter(
            incident=incident, kind="reminder", data__key__startswith="alert:"
        ).count()
        == 6
    )


def test_a_late_logged_incident_gets_the_newest_alert_reminder_only(owner, client_a, mailoutbox):
    t0 = timezone.now().replace(microsecond=0) - timedelta(hours=30)
    incident = make_incident(
        owner,
        our_role="processor",
        clients=[client_a],
        aware_at=t0,
        occurred_from=t0 - timedelta(hours=1),
        occurred_until=t0 - timedelta(hours=1),
        detected_at=t0,
    )
    _sweep_at(timezone.now())
    assert list(
        Reminder.objects.filter(incident=incident, key__startswith="alert").values_list("key", flat=True)
    ) == [f"alert:{client_a.pk}:overdue"]


def test_no_alert_reminder_once_the_alert_is_out(
    breach, client_a, client_b, owner, dpo2, django_capture_on_commit_callbacks
):
    send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    _sweep_at(breach.aware_at + timedelta(hours=49))
    keys = set(
        Reminder.objects.filter(incident=breach, key__startswith="alert:").values_list("key", flat=True)
    )
    assert keys == {f"alert:{client_b.pk}:overdue"}  # only the client still waiting


def test_the_alert_reminder_names_the_client_and_its_deadline(owner, client_b, mailoutbox):
    t0 = timezone.now().replace(microsecond=0) - timedelta(hours=47)
    make_incident(
        owner,
        our_role="processor",
        clients=[client_b],
        aware_at=t0,
        occurred_from=t0,
        occurred_until=t0,
        detected_at=t0,
    )
    _sweep_at(timezone.now())
    [message] = [m for m in mailoutbox if "alert to" in m.subject]
    assert message.subject.startswith("Reminder") and client_b.name in message.subject
    assert "Deadline of the DPA" in message.body


# --- what the alert says: the client's own part -------------------------------------------------------------------


def test_each_alert_speaks_of_the_clients_own_people_and_data_only(alerts):
    a, b = alerts["a"].content, alerts["b"].content
    assert a["sections"]["subjects"]["count"] == A_COUNT and b["sections"]["subjects"]["count"] == B_COUNT
    assert a["sections"]["data"]["categories"] == ["basic", "contact"]
    assert "health" in b["sections"]["data"]["categories"]
    assert a["provenance"]["subjects.count"] == "derived"
    flat = str(a)
    assert str(B_COUNT) not in flat and str(TOTAL) not in flat and f"{TOTAL:,}" not in flat
    assert "health" not in flat.lower() and "patients" not in flat
    facts = parse_facts(a["facts"])
    assert facts.role == "controller" and facts.subjects_count == A_COUNT
    assert facts.groups[0].dpc_adjustment is None


def test_with_one_client_and_no_register_the_alert_carries_the_whole_breach(owner, dpo, client_a):
    incident = processor_incident(owner, dpo, [client_a])
    alert = services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client_a.pk
    )
    assert alert.content["sections"]["subjects"]["count"] == TOTAL
    assert "source" not in alert.content["sections"]["subjects"]


def test_with_several_clients_and_no_register_the_alert_warns_the_dpo(owner, dpo, client_a, client_b):
    incident = processor_incident(owner, dpo, [client_a, client_b])
    alert = services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client_a.pk
    )
    assert alert.content["provenance"]["subjects.count"] == "derived"
    # Kept as data and said in each reader's language: Dutch in the alert's (the client's) PDF, English or
    # French on a page read in those languages — never Dutch in an English sentence.
    assert alert.language == client_a.language == "nl"
    source = alert.content["sections"]["subjects"]["source"]
    assert source == {"kind": "all_clients", "client": client_a.name}
    for language, words in (
        ("nl", "Controleer dit vóór de goedkeuring"),
        ("en", "Check before approving"),
        ("fr", "Vérifiez"),
    ):
        with translation.override(language):
            said = choice_label("subjects.source", source)
        assert words in said and client_a.name in said


def test_the_alert_carries_the_dpa_deadline_and_the_processors_reference(breach, client_b, owner):
    alert = services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="controller", client_id=client_b.pk
    )
    timeline = alert.content["sections"]["timeline"]
    assert timeline["alert_hours"] == 48
    assert alert.content["sections"]["processor"]["incident_reference"] == breach.reference


def test_a_follow_up_alert_is_drafted_for_the_same_client_with_the_facts_as_they_are(
    alerts, owner, dpo2, django_capture_on_commit_callbacks
):
    follow_up = services.notice_follow_up(actor=owner, notice_id=alerts["a"].pk)
    assert follow_up.client == alerts["a"].client and follow_up.parent == alerts["a"]
    assert follow_up.due_at is None  # "without undue delay": the DPA deadline is the first alert's
    follow_up = send(follow_up, owner, dpo2, django_capture_on_commit_callbacks)
    assert follow_up.status == Notice.Status.SENT and follow_up.released_at


# --- written instructions: never on a client's behalf without one ---------------------------------------------------


def test_a_processor_does_not_notify_an_authority_of_its_own(breach, owner):
    with pytest.raises(ValidationError) as refused:
        services.notice_draft(actor=owner, incident_id=breach.pk, kind="authority", authority="AP")
    assert "written instruction" in str(refused.value)


def test_without_a_written_instruction_nothing_is_drafted_on_the_clients_behalf(breach, client_a, owner):
    with pytest.raises(DomainError) as refused:
        services.notice_draft(
            actor=owner, incident_id=breach.pk, kind="authority", authority="AP", on_behalf_of=client_a.pk
        )
    assert refused.value.code == "conditions_not_met" and "in writing" in refused.value.message


def _instruction(breach, client, owner, allows=("authority",), **extra):
    return processor_services.instruction_record(
        actor=owner,
        incident_id=breach.pk,
        client_id=client.pk,
        allows=list(allows),
        given_by="Carla van Dam, owner",
        given_at=timezone.now() - timedelta(minutes=5),
        **({"document_reference": "E-mail of today 10:14, archived as DMS-2291"} | extra),
    )


def test_an_instruction_must_be_in_writing_say_who_when_and_what(breach, client_a, owner):
    with pytest.raises(ValidationError) as refused:
        processor_services.instruction_record(
            actor=owner,
            incident_id=breach.pk,
            client_id=client_a.pk,
            allows=[],
            given_by="",
            given_at=timezone.now() + timedelta(hours=1),
        )
    assert set(refused.value.message_dict) == {"allows", "given_by", "given_at", "document_reference"}


def test_an_instruction_with_its_letter_attached_is_recorded_and_audited(breach, client_a, owner):
    letter = SimpleUploadedFile("instructie.txt", b"Please notify the AP on our behalf. Carla")
    instruction = _instruction(
        breach, client_a, owner, document_reference="", upload=(letter.name, letter.size, letter)
    )
    assert instruction.document.original_name == "instructie.txt" and instruction.in_force
    kinds = list(breach.events.order_by("-sequence").values_list("kind", flat=True)[:2])
    assert kinds == ["instruction_recorded", "evidence_added"]


def test_an_instruction_is_for_an_affected_client_of_a_processor_incident(breach, owner, dpo, other_org):
    stranger = Organisation.objects.create(
        name="Niet geraakt", slug="niet", kind="client", processor=breach.organisation
    )
    with pytest.raises(ValidationError):
        _instruction(breach, stranger, owner)


def test_on_its_instruction_we_notify_the_clients_authority_with_the_client_as_controller(
    alerts, breach, client_a, owner, dpo2
):
    instruction = _instruction(breach, client_a, owner)
    notice = services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="authority", authority="AP", on_behalf_of=client_a.pk
    )
    assert notice.on_behalf_of == client_a and notice.instruction == instruction
    sections = notice.content["sections"]
    assert sections["controller"]["name"] == client_a.name
    assert sections["on_behalf"]["processor"] == breach.organisation.name
    # The client's 72 hours run from the moment our alert informed it (WP250).
    informed = alerts["a"].released_at
    assert sections["timeline"]["aware_at"] == informed.isoformat()
    assert notice.authority_deadline == informed + timedelta(hours=72)
    with pytest.raises(DomainError) as not_allowed:  # this instruction does not allow telling the people
        services.notice_draft(actor=owner, incident_id=breach.pk, kind="subjects", on_behalf_of=client_a.pk)
    assert not_allowed.value.code == "conditions_not_met"
    with pytest.raises(DomainError) as twice:
        services.notice_draft(
            actor=owner, incident_id=breach.pk, kind="authority", authority="AP", on_behalf_of=client_a.pk
        )
    assert twice.value.code == "notice_exists"


def test_a_revoked_instruction_stops_the_notice_on_its_road(breach, client_a, owner, dpo, dpo2):
    instruction = _instruction(breach, client_a, owner)
    notice = services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="authority", authority="AP", on_behalf_of=client_a.pk
    )
    services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    with pytest.raises(DomainError):
        processor_services.instruction_revoke(
            actor=owner, instruction_id=instruction.pk, reason="Client withdrew it"
        )
    processor_services.instruction_revoke(
        actor=dpo, instruction_id=instruction.pk, reason="Client withdrew it"
    )
    with pytest.raises(DomainError) as refused:
        services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    assert refused.value.code == "conditions_not_met" and "revoked" in refused.value.message
    assert breach.events.filter(kind="instruction_revoked").exists()


def test_telling_the_people_on_a_clients_behalf_needs_a_list_of_that_clients_people_only(
    breach, client_a, owner, dpo
):
    _instruction(breach, client_a, owner, allows=("subjects",))
    with pytest.raises(ValidationError) as refused:
        services.notice_draft(actor=owner, incident_id=breach.pk, kind="subjects", on_behalf_of=client_a.pk)
    assert "not kept per client" in str(refused.value)
    only_a = processor_incident(owner, dpo, [client_a])
    _instruction(only_a, client_a, owner, allows=("subjects",))
    notice = services.notice_draft(
        actor=owner, incident_id=only_a.pk, kind="subjects", on_behalf_of=client_a.pk
    )
    language, texts = next(iter(notice.content["texts"].items()))
    assert language == "nl"  # the client's people, in their language
    assert client_a.name in texts["subject"] and "namens hen" in texts["contact"]
    # the breach is told as the client's, not as its processor's (issue 15)
    assert client_a.name in texts["what_happened"] and only_a.organisation.name not in texts["what_happened"]


# --- the processor's pages and API -------------------------------------------------------------------------------


def test_the_client_pages_show_the_terms_and_only_the_dpo_changes_them(
    client, org, client_a, owner, dpo, outsider
):
    client.force_login(owner)
    page = client.get(f"/organisations/{org.pk}/clients/")
    assert page.status_code == 200 and client_a.name in page.content.decode()
    assert (
        client.post(
            f"/clients/{client_a.pk}/", {"name": "X", "alert_hours": 12, "language": "nl"}
        ).status_code
        == 200
    )
    assert DpaTerms.objects.get(client=client_a).alert_hours == 24
    client.force_login(dpo)
    response = client.post(
        f"/clients/{client_a.pk}/",
        {
            "name": client_a.name,
            "alert_hours": 36,
            "language": "nl",
            "contacts": "x@bakkerij.example\ny@bakkerij.example",
        },
    )
    assert response.status_code == 302
    terms = DpaTerms.objects.get(client=client_a)
    assert terms.alert_hours == 36 and terms.contacts == ["x@bakkerij.example", "y@bakkerij.example"]
    response = client.post(
        f"/organisations/{org.pk}/clients/", {"name": "Slagerij", "country": "NL", "language": "nl"}
    )
    assert response.status_code == 302
    client.force_login(outsider)
    assert client.get(f"/clients/{client_a.pk}/").status_code == 404
    assert client.get(f"/organisations/{org.pk}/clients/").status_code == 404


def test_instructions_are_recorded_on_their_page_with_the_letter(client, breach, client_a, owner):
    client.force_login(owner)
    response = client.post(
        f"/incidents/{breach.pk}/instructions/",
        {
            "client": client_a.pk,
            "allows": ["authority"],
            "given_by": "Carla van Dam",
            "given_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "document": SimpleUploadedFile("letter.txt", b"Notify the AP for us."),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/incidents/{breach.pk}/instructions/").content.decode()
    assert "letter.txt" in page and "in force" in page
    panel = client.get(f"/incidents/{breach.pk}/notifications/", HTTP_HX_REQUEST="true").content.decode()
    assert f'data-action="draft-behalf-{client_a.pk}-AP"' in panel


def test_the_api_keeps_clients_terms_and_instructions(org, client_a, breach, owner, dpo, mailbox):
    api = client_for(dpo)
    listed = api.get(f"/api/organisations/{org.pk}/clients/").json()
    assert {c["name"]: c["alert_hours"] for c in listed} == {client_a.name: 24, "Tandartspraktijk Zuid": 48}
    body = api.patch(
        f"/api/clients/{client_a.pk}/", {"alert_hours": 12, "contacts": ["z@bakkerij.example"]}, format="json"
    ).json()
    assert body["alert_hours"] == 12 and body["contacts"] == ["z@bakkerij.example"]
    assert [a["name"] for a in body["activities"]] == ["Webshop support for A"]
    assert_error(
        client_for(owner).patch(f"/api/clients/{client_a.pk}/", {"alert_hours": 1}, format="json"),
        403,
        "permission_denied",
    )
    created = api.post(f"/api/organisations/{org.pk}/clients/", {"name": "Slagerij"}, format="json")
    assert created.status_code == 201 and created.json()["alert_hours"] == 24
    recorded = client_for(owner).post(
        f"/api/incidents/{breach.pk}/instructions/",
        {
            "client": client_a.pk,
            "allows": ["authority"],
            "given_by": "Carla",
            "given_at": timezone.now().isoformat(),
            "document_reference": "DMS-1",
        },
        format="json",
    )
    assert recorded.status_code == 201 and recorded.json()["in_force"]
    drafted = client_for(owner).post(
        f"/api/incidents/{breach.pk}/notices/",
        {"kind": "authority", "authority": "AP", "on_behalf_of": client_a.pk},
        format="json",
    )
    assert drafted.status_code == 201 and drafted.json()["on_behalf_of"] == client_a.pk
    revoked = api.post(
        f"/api/instructions/{recorded.json()['id']}/revoke/", {"reason": "withdrawn"}, format="json"
    )
    assert revoked.status_code == 200 and not revoked.json()["in_force"]


def test_outsiders_and_controller_users_reach_no_client_terms_or_instructions(
    org, client_a, breach, outsider, controller_a
):
    for person in (outsider, controller_a):
        api = client_for(person)
        assert_error(api.get(f"/api/organisations/{org.pk}/clients/"), 404, "not_found")
        assert_error(api.get(f"/api/clients/{client_a.pk}/"), 404, "not_found")
        assert_error(api.get(f"/api/incidents/{breach.pk}/instructions/"), 404, "not_found")


def test_the_notice_pages_show_the_dpa_deadline_and_on_whose_behalf(client, alerts, breach, client_a, owner):
    client.force_login(owner)
    page = client.get(f"/notices/{alerts['a'].pk}/").content.decode()
    assert "Deadline of the client's DPA" in page and "late" not in page.split("Deadline")[1][:200]
    _instruction(breach, client_a, owner)
    notice = services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="authority", authority="AP", on_behalf_of=client_a.pk
    )
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert f"On behalf of {client_a.name}" in page and "Carla van Dam, owner" in page
    panel = client.get(f"/incidents/{breach.pk}/notifications/", HTTP_HX_REQUEST="true").content.decode()
    assert f"on behalf of {client_a.name}" in panel


def test_the_open_alert_deadlines_are_listed_soonest_first_for_the_dashboard(
    client, breach, client_a, client_b, owner, dpo2, outsider, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    page = client.get("/alerts/deadlines/").content.decode()
    assert page.index(client_a.name) < page.index(client_b.name)  # 24 hours before 48
    send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    assert [row.client for row in client_alerts.open_deadlines(owner)] == [client_b]
    assert client_alerts.open_deadlines(outsider) == []
