"""The controller portal in the browser: a client's users see their own released alerts with updates, documents
and the processor's contact point; they acknowledge and ask; the processor sees both on its incident page and
answers; the facts download as breach-facts JSON; an alert imports as the client's own incident."""

from __future__ import annotations

import json
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.utils import timezone

from datalek.errors import DomainError
from incidents.models import Incident, IncidentEvent
from incidents.roles import Role
from inventory.models import IncidentFactProvenance
from notifications import services as notice_services
from portal import services
from portal.models import Acknowledgement, AlertImport, Question
from risk.engine import parse_facts
from tests.personas import OrganisationFactory, member
from tests.portal.conftest import A_COUNT, B_COUNT, TOTAL, send, send_alert
from tests.reports.conftest import pdf_text


def _text(response) -> str:
    return response.content.decode()


# --- landing, navigation, and what the portal shows ---------------------------------------------------------------


def test_a_controller_user_lands_on_the_portal_and_sees_portal_navigation_only(client, controller_a, alerts):
    client.force_login(controller_a)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/portal/", 302)]
    page = _text(response)
    assert 'href="/portal/"' in page and 'href="/incidents/"' not in page and "Log an incident" not in page
    assert alerts["a"].content["sections"]["processor"]["name"] in page


def test_the_processors_team_has_no_portal_and_is_sent_to_its_dashboard(client, owner, alerts):
    client.force_login(owner)
    assert client.get("/portal/").url == "/"
    assert 'href="/portal/"' not in _text(client.get("/"))


def test_a_controller_user_never_reaches_the_incident_pages(client, controller_a, alerts, breach):
    client.force_login(controller_a)
    for url in (
        f"/incidents/{breach.pk}/",
        f"/incidents/{breach.pk}/notifications/",
        f"/notices/{alerts['a'].pk}/",
    ):
        assert client.get(url).status_code == 404


def test_only_released_alerts_show_never_a_draft(client, breach, client_a, controller_a, owner):
    draft = notice_services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="controller", client_id=client_a.pk
    )
    client.force_login(controller_a)
    assert "DL-" not in _text(client.get("/portal/"))
    assert client.get(f"/portal/alerts/{draft.pk}/").status_code == 404


def test_the_alert_page_shows_the_clients_part_the_contact_point_and_the_documents(
    client, alerts, controller_a
):
    client.force_login(controller_a)
    page = _text(client.get(f"/portal/alerts/{alerts['a'].pk}/"))
    assert f"{A_COUNT:,}" in page and "Contact point at the processor" in page
    assert "owner@example.nl" in page  # the drafter is the contact point when the organisation has none
    assert f"/portal/alerts/{alerts['a'].pk}/facts.json" in page
    assert f"/portal/alerts/{alerts['a'].pk}/pdf/{alerts['a'].pk}/" in page
    for other in (B_COUNT, TOTAL):  # neither plain nor grouped as the page writes numbers
        assert str(other) not in page and f"{other:,}" not in page
    assert "health" not in page.lower()


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("en", "From the register: Webshop support for A"),
        ("fr", "D’après le registre : Webshop support for A"),
    ],
)
def test_where_the_clients_part_comes_from_is_said_in_the_readers_language(
    client, alerts, controller_a, language, says
):
    """The alert is in the client's language (Dutch), but the portal read in English or French says where the
    number comes from in that language, not in Dutch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(controller_a)
    page = unescape(_text(client.get(f"/portal/alerts/{alerts['a'].pk}/"))).replace("'", "’")
    assert says in page
    assert "Uit het register" not in page


def test_the_alert_reads_in_the_order_of_clause_9_2(client, alerts, controller_a):
    client.force_login(controller_a)
    page = _text(client.get(f"/portal/alerts/{alerts['a'].pk}/"))
    content = page.split('id="alert-content"', 1)[1].split('id="updates"', 1)[0]
    headings = [
        "The breach",
        "Personal data concerned",
        "People concerned",
        "Time line",
        "Contact point",
        "Likely consequences",
        "Measures taken or proposed",
    ]
    positions = [content.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert content.index(">Description<") < content.index(">Nature (confidentiality")


def test_updates_appear_when_released_and_not_before(
    client, alerts, controller_a, owner, dpo2, django_capture_on_commit_callbacks
):
    follow_up = notice_services.notice_follow_up(actor=owner, notice_id=alerts["a"].pk)
    client.force_login(controller_a)
    assert f"/pdf/{follow_up.pk}/" not in _text(client.get(f"/portal/alerts/{alerts['a'].pk}/"))
    send(follow_up, owner, dpo2, django_capture_on_commit_callbacks)
    page = _text(client.get(f"/portal/alerts/{alerts['a'].pk}/"))
    assert f"/pdf/{follow_up.pk}/" in page and "Follow-up" in page


# --- acknowledging ------------------------------------------------------------------------------------------------


def test_acknowledging_records_who_and_when_once_and_the_processor_sees_it(
    client, alerts, controller_a, owner, breach
):
    client.force_login(controller_a)
    url = f"/portal/alerts/{alerts['a'].pk}/acknowledge/{alerts['a'].pk}/"
    assert client.post(url).status_code == 302
    first = Acknowledgement.objects.get(notice=alerts["a"])
    assert first.acknowledged_by == controller_a and first.acknowledged_at <= timezone.now()
    client.post(url)
    assert Acknowledgement.objects.count() == 1
    event = IncidentEvent.objects.get(incident=breach, kind="alert_acknowledged")
    assert event.actor == controller_a and event.data["client"]["name"] == alerts["a"].client.name
    client.force_login(owner)
    card = _text(client.get(f"/portal/team/incidents/{breach.pk}/", HTTP_HX_REQUEST="true"))
    assert f"acknowledged by {controller_a.display_name()}" in card


def test_a_controller_cannot_acknowledge_another_clients_alert(alerts, controller_a):
    with pytest.raises(DomainError) as refused:
        services.alert_acknowledge(actor=controller_a, alert_id=alerts["b"].pk)
    assert refused.value.status == 404
    assert not Acknowledgement.objects.exists()


# --- questions and answers ----------------------------------------------------------------------------------------


def test_a_question_is_open_on_the_incident_page_until_the_processor_answers(
    client, alerts, breach, controller_a, owner, dpo
):
    client.force_login(controller_a)
    response = client.post(
        f"/portal/alerts/{alerts['a'].pk}/questions/", {"text": "Were our order exports in it?"}
    )
    assert response.status_code == 302
    question = Question.objects.get()
    client.force_login(owner)
    card = _text(client.get(f"/portal/team/incidents/{breach.pk}/", HTTP_HX_REQUEST="true"))
    assert "Were our order exports in it?" in card and "open question" in card
    assert (
        client.post(
            f"/portal/team/questions/{question.pk}/answer/", {"answer": "Only the customer list."}
        ).status_code
        == 302
    )
    question.refresh_from_db()
    assert question.answered_by == owner and question.answer == "Only the customer list."
    with pytest.raises(DomainError) as twice:
        services.question_answer(actor=dpo, question_id=question.pk, text="Something else")
    assert twice.value.code == "already_answered"
    kinds = list(breach.events.filter(kind__startswith="alert_").values_list("kind", flat=True))
    assert kinds == ["alert_question", "alert_answer"]
    client.force_login(controller_a)
    assert "Only the customer list." in _text(client.get(f"/portal/alerts/{alerts['a'].pk}/"))


def test_an_empty_question_is_refused(client, alerts, controller_a):
    client.force_login(controller_a)
    assert client.post(f"/portal/alerts/{alerts['a'].pk}/questions/", {"text": "  "}).status_code == 400
    assert not Question.objects.exists()


def test_no_one_else_answers_a_question(alerts, controller_a, controller_b, outsider):
    question = services.question_ask(actor=controller_a, alert_id=alerts["a"].pk, text="Which data?")
    for person in (controller_a, controller_b, outsider):
        with pytest.raises(DomainError) as refused:
            services.question_answer(actor=person, question_id=question.pk, text="Guess")
        assert refused.value.status == 404


# --- the documents ------------------------------------------------------------------------------------------------


def test_the_facts_download_as_breach_facts_of_the_clients_part_with_role_controller(
    client, alerts, controller_a
):
    client.force_login(controller_a)
    response = client.get(f"/portal/alerts/{alerts['a'].pk}/facts.json")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    facts = parse_facts(json.loads(response.content))
    assert facts.role == "controller" and facts.subjects_count == A_COUNT
    assert set(facts.data_categories) == {"basic", "contact"} and "health" not in facts.data_categories


def test_without_assessed_facts_there_is_no_facts_download_yet(
    client, owner, dpo, dpo2, client_a, controller_a, django_capture_on_commit_callbacks
):
    from tests.personas import advance, make_incident

    incident = advance(
        make_incident(owner, our_role="processor", clients=[client_a]), "containment", team=owner, dpo=dpo
    )
    alert = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client_a.pk
    )
    send(alert, owner, dpo2, django_capture_on_commit_callbacks)
    client.force_login(controller_a)
    assert client.get(f"/portal/alerts/{alert.pk}/facts.json").status_code == 404
    assert "follow in an update" in _text(client.get(f"/portal/alerts/{alert.pk}/"))


def test_the_alert_downloads_as_a_pdf_with_the_clause_9_2_content_of_the_clients_part(
    client, alerts, controller_a, client_a
):
    client.force_login(controller_a)
    response = client.get(f"/portal/alerts/{alerts['a'].pk}/pdf/{alerts['a'].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    text = pdf_text(response.content)  # in the client's language (Dutch)
    assert f"aan {client_a.name}" in text and "clausule 9.2" in text
    for heading in (
        "(a) De aard van de inbreuk",
        "(b) Contactpunt",
        "(c) Waarschijnlijke gevolgen",
        "(c) Genomen of voorgestelde maatregelen",
    ):
        assert heading in text
    assert "owner@example.nl" in text  # the contact point
    assert "2.513" in text and "Uit het register: Webshop support for A" in text
    assert "afgeleid" in text  # the client's part is worked out from our register: to be confirmed
    for other in ("3187", "3.187", "5700", "5.700", "Tandartspraktijk", "Patient"):
        assert other not in text
    assert "Pagina 1 /" in text and alerts["a"].incident.reference in text


def test_each_phase_downloads_as_its_own_pdf(
    client, alerts, controller_a, owner, dpo2, django_capture_on_commit_callbacks
):
    follow_up = notice_services.notice_follow_up(actor=owner, notice_id=alerts["a"].pk)
    send(follow_up, owner, dpo2, django_capture_on_commit_callbacks)
    client.force_login(controller_a)
    first = pdf_text(client.get(f"/portal/alerts/{alerts['a'].pk}/pdf/{alerts['a'].pk}/").content)
    later = pdf_text(client.get(f"/portal/alerts/{alerts['a'].pk}/pdf/{follow_up.pk}/").content)
    assert "vervolg op onze eerdere waarschuwing" in later and "vervolg op onze eerdere" not in first


def test_the_pdf_of_another_clients_alert_is_not_found(client, alerts, controller_a):
    client.force_login(controller_a)
    assert client.get(f"/portal/alerts/{alerts['b'].pk}/pdf/{alerts['b'].pk}/").status_code == 404
    assert client.get(f"/portal/alerts/{alerts['a'].pk}/pdf/{alerts['b'].pk}/").status_code == 404


# --- import: a controller that also uses Datalek ------------------------------------------------------------------


@pytest.fixture
def bakery_team(controller_a):
    """The bakery's own Datalek organisation, where Carla (the controller user) is on the security team."""
    own = OrganisationFactory(name="Bakkerij van Dam B.V. (own)")
    from incidents.models import Membership

    Membership.objects.create(user=controller_a, organisation=own, role=Role.SECURITY)
    return own


def test_an_alert_imports_as_the_clients_own_incident_aware_from_receipt(
    client, alerts, controller_a, bakery_team
):
    alert = alerts["a"]
    client.force_login(controller_a)
    page = _text(client.get(f"/portal/alerts/{alert.pk}/"))
    assert "Import as an incident" in page and bakery_team.name in page
    response = client.post(f"/portal/alerts/{alert.pk}/import/", {"organisation": bakery_team.pk})
    imported = AlertImport.objects.get()
    incident = imported.incident
    assert response.url == f"/incidents/{incident.pk}/"
    assert incident.organisation == bakery_team and incident.our_role == Incident.OurRole.CONTROLLER
    assert incident.aware_at == alert.released_at and incident.detected_at == alert.released_at
    assert incident.discovery_channel == Incident.Discovery.PROCESSOR
    assert alert.content["sections"]["processor"]["incident_reference"] in incident.title
    assert "WP250" in incident.aware_justification
    recorded = {row.path: row.value for row in IncidentFactProvenance.objects.filter(incident=incident)}
    assert recorded["subjects_count"] == A_COUNT and recorded["data_categories"] == ["basic", "contact"]
    evidence = incident.evidence.get()
    document = json.loads(evidence.file.read())
    assert (
        document["facts"]["subjects_count"] == A_COUNT and document["content_sha256"] == alert.content_sha256
    )
    assert list(incident.events.values_list("kind", flat=True))[:2] == ["created", "alert_imported"]
    assert client.get(f"/incidents/{incident.pk}/").status_code == 200


def test_the_import_copies_nothing_but_the_alert(alerts, controller_a, bakery_team, breach):
    imported = services.alert_import(
        actor=controller_a, alert_id=alerts["a"].pk, organisation_id=bakery_team.pk
    )
    incident = imported.incident
    copied = " ".join(
        str(v)
        for v in (
            incident.title,
            incident.description,
            incident.systems_affected,
            incident.aware_justification,
        )
    )
    assert breach.title not in copied  # the processor's own title is not in the alert
    assert str(B_COUNT) not in copied and "Tandartspraktijk" not in copied
    assert incident.client_organisations.count() == 0


def test_an_alert_is_imported_once_per_organisation(alerts, controller_a, bakery_team):
    services.alert_import(actor=controller_a, alert_id=alerts["a"].pk, organisation_id=bakery_team.pk)
    with pytest.raises(DomainError) as twice:
        services.alert_import(actor=controller_a, alert_id=alerts["a"].pk, organisation_id=bakery_team.pk)
    assert twice.value.code == "already_imported"


def test_the_import_goes_only_into_an_organisation_where_the_user_is_on_the_team(
    alerts, controller_a, controller_b, bakery_team, org, other_org
):
    from django.core.exceptions import ValidationError

    for target in (org, other_org):  # the processor itself; someone else's organisation
        with pytest.raises(ValidationError):
            services.alert_import(actor=controller_a, alert_id=alerts["a"].pk, organisation_id=target.pk)
    with pytest.raises(DomainError) as hidden:  # B's user, even with a team role somewhere, not A's alert
        member(bakery_team, Role.DPO, username="b_also_dpo")
        services.alert_import(actor=controller_b, alert_id=alerts["a"].pk, organisation_id=bakery_team.pk)
    assert hidden.value.status == 404
    assert not AlertImport.objects.exists()


def test_a_controller_without_an_organisation_of_its_own_is_not_offered_the_import(
    client, alerts, controller_a
):
    client.force_login(controller_a)
    assert "Import as an incident" not in _text(client.get(f"/portal/alerts/{alerts['a'].pk}/"))
    assert client.post(f"/portal/alerts/{alerts['a'].pk}/import/", {"organisation": 1}).status_code == 400


# --- the processor's card on its incident page --------------------------------------------------------------------


def test_the_incident_page_has_the_card_with_each_clients_deadline(client, breach, owner, client_a, client_b):
    client.force_login(owner)
    assert f"/portal/team/incidents/{breach.pk}/" in _text(client.get(f"/incidents/{breach.pk}/"))
    card = _text(client.get(f"/portal/team/incidents/{breach.pk}/", HTTP_HX_REQUEST="true"))
    deadline_a = timezone.localtime(breach.aware_at + timedelta(hours=24))  # the page speaks local time
    assert client_a.name in card and client_b.name in card and "DPA: 48 h" in card
    assert deadline_a.strftime("%H:%M") in card
    assert f'data-deadline="{deadline_a.isoformat()}"' in card
    assert "js-countdown" in card
    assert client.get(f"/portal/team/incidents/{breach.pk}/").status_code == 200  # without htmx: a page


def test_each_clients_alert_deadline_stands_in_the_header_instead_of_the_72_hour_clock(
    client, breach, owner, client_a, client_b, dpo2, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    page = _text(client.get(f"/incidents/{breach.pk}/"))
    header = page.split('id="status"', 1)[1].split("<nav", 1)[0]
    assert "Authority deadline (T0 + 72 h)" not in header  # a processor never notifies the authority itself
    assert "Alerts owed to each client" in header
    assert f'hx-get="/portal/team/incidents/{breach.pk}/clocks/"' in header
    clocks = _text(client.get(f"/portal/team/incidents/{breach.pk}/clocks/"))
    deadline_a = timezone.localtime(breach.aware_at + timedelta(hours=24)).isoformat()
    deadline_b = timezone.localtime(breach.aware_at + timedelta(hours=48)).isoformat()
    assert f'data-deadline="{deadline_a}"' in clocks and f'data-deadline="{deadline_b}"' in clocks
    assert "DPA: 24 h" in clocks and "DPA: 48 h" in clocks and clocks.count("js-countdown") == 2
    send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    clocks = _text(client.get(f"/portal/team/incidents/{breach.pk}/clocks/"))
    assert clocks.count("js-countdown") == 1 and "Alert released" in clocks and "in time" in clocks


def test_a_controller_incident_has_no_client_card(client, owner):
    from tests.personas import make_incident

    incident = make_incident(owner)
    client.force_login(owner)
    assert "/portal/team/incidents/" not in _text(client.get(f"/incidents/{incident.pk}/"))


def test_an_alert_with_long_names_imports_with_its_titles_fitted_to_their_fields(
    alerts, controller_a, bakery_team
):
    """The processor's name (up to 200 characters) went into a title of 200 with the words around it: the import
    was a server error. What we compose is fitted; the full name stays in the description."""
    alert = alerts["a"]
    long_name = "Verwerker " + "x" * 190
    for phase in (alert, *alert.phases.all()):
        phase.content["sections"]["processor"]["name"] = long_name
        phase.save(update_fields=["content"])
    imported = services.alert_import(actor=controller_a, alert_id=alert.pk, organisation_id=bakery_team.pk)
    incident = imported.incident
    assert len(incident.title) <= 200 and incident.title.endswith(")") and "…" in incident.title
    assert long_name in incident.description
