"""Issue 14: "health data of 1 of the 1,200". A breach of two groups — 1,200 customers whose contact data an attacker
probably read, and one customer whose medical note was in the same export — is at high risk for the one only, so the
notice to the people reaches that one only and tells them of their own data; a person in no group of the assessment
is neither skipped nor told silently, but shown to the DPO with the way out. A breach of one group tells everyone,
as before."""

from __future__ import annotations

import pytest
from django.utils import translation

from datalek.errors import DomainError
from delivery import outbox
from delivery import services as delivery_services
from delivery.models import Delivery
from delivery.outbox import Renderer
from incidents.models import IncidentEvent
from notifications import advice, services
from notifications.models import Notice
from people.subjects import subjects_import_csv
from risk import services as risk_services
from tests.incidents.test_api import assert_error, client_for
from tests.notifications.conftest import TWO_GROUPS, decided, group, v2_facts
from tests.personas import advance, make_incident

LIST = (
    "name;email;postal_address;language;group\n"
    "Anna Klant;anna@example.nl;;nl;customers\n"
    "Bert Klant;bert@example.nl;;nl;Customers\n"
    "Claire Client;claire@example.fr;;fr;customers\n"
    "Mila Medisch;mila@example.nl;;nl;Medical Note\n"
)


def _approved(owner, dpo2, incident):
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk)
    return services.notice_approve(actor=dpo2, notice_id=notice.pk)


@pytest.fixture
def two_groups(owner, dpo):
    incident = decided(owner, dpo, facts=TWO_GROUPS)
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=LIST.encode())
    return incident


def _send(notice, owner, capture):
    with capture(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    notice.refresh_from_db()
    return notice


def test_the_notice_to_a_two_group_breach_reaches_the_group_at_high_risk_only(
    two_groups, owner, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    notice = _approved(owner, dpo2, two_groups)

    notice = _send(notice, owner, django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mailoutbox] == ["Mila Medisch <mila@example.nl>"]
    assert list(Delivery.objects.filter(notice=notice).values_list("recipient", "group")) == [
        ("mila@example.nl", "medical note")
    ]
    assert notice.status == Notice.Status.SENT  # the customers are not at high risk: nobody is missing
    assert outbox.progress(notice.pk)["sent"] == 1


def test_the_message_names_the_data_of_the_readers_own_group_only(
    two_groups, owner, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    notice = _approved(owner, dpo2, two_groups)
    assert notice.content["audience"]["groups"][1]["label"] == "medical note"
    assert "data" not in notice.content["texts"]["nl"]  # no one text of the data for everyone

    _send(notice, owner, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    with translation.override("nl"):
        health, contact = (str(advice.LIBRARY[c].words) for c in ("health", "contact"))
    assert health in message.body and contact in message.body  # the note's reader: health data
    # A message to a customer (were one told) would not speak of health: it is not their data.
    customer = Delivery(notice=notice, language="nl", group="customers", recipient="anna@example.nl")
    assert health not in Renderer(notice).message(customer).body


def test_when_every_group_is_told_each_reads_of_their_own_groups_data(
    owner, dpo, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    """EDPB 01/2021 case 18: the wages of 89 employees, and the full payslips (family, children) of 10 former ones;
    both at high risk. The employees are not told that their family data leaked: it did not."""
    facts = v2_facts(
        group(
            "employees",
            subject_categories=["employees"],
            subjects_count=89,
            data_categories=["basic", "financial"],
        ),
        group(
            "former employees",
            subject_categories=["employees"],
            subjects_count=10,
            data_categories=["basic", "financial", "family"],
        ),
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
    )
    incident = decided(owner, dpo, facts=facts)
    rows = "name;email;postal_address;language;groep\nEva;eva@example.nl;;en;employees\nFred;fred@example.nl;;en;former employees\n"
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=rows.encode())

    _send(_approved(owner, dpo2, incident), owner, django_capture_on_commit_callbacks)

    by_reader = {m.to[0].split("<")[1].rstrip(">"): m.body for m in mailoutbox}
    family, financial = (str(advice.LIBRARY[c].words) for c in ("family", "financial"))
    assert family in by_reader["fred@example.nl"] and financial in by_reader["fred@example.nl"]
    assert family not in by_reader["eva@example.nl"] and financial in by_reader["eva@example.nl"]


def test_the_notice_page_says_per_group_how_many_are_told_and_why_the_others_are_not(
    client, two_groups, owner, dpo2
):
    notice = _approved(owner, dpo2, two_groups)
    client.force_login(owner)

    page = client.get(f"/notices/{notice.pk}/").content.decode()

    assert 'id="audience"' in page and "1 person on the list will be told" in page
    assert 'data-group="customers"' in page and 'data-listed="3"' in page
    assert "not told — Risk: not a high risk to them (Art. 34(1))" in page
    assert 'data-group="medical note"' in page and "told: high risk" in page
    assert "data-ungrouped" not in page


def test_people_in_no_group_of_the_assessment_are_problems_not_skipped_and_not_told(
    two_groups, owner, dpo, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    rows = "name;email;postal_address;language;group\nNoor Niemand;noor@example.nl;;nl;\nPim Patient;pim@example.nl;;nl;patients\n"
    subjects_import_csv(actor=owner, incident_id=two_groups.pk, data=rows.encode())
    noor, pim = two_groups.affected_subjects.filter(name__in=["Noor Niemand", "Pim Patient"]).order_by("name")
    notice = _approved(owner, dpo2, two_groups)

    notice = _send(notice, owner, django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mailoutbox] == ["Mila Medisch <mila@example.nl>"]
    assert notice.status == Notice.Status.FAILED  # not done: two people are in no group
    team = client_for(owner)
    assert team.get(f"/api/notices/{notice.pk}/deliveries/").json()["unreachable"] == 2
    problems = team.get(f"/api/incidents/{two_groups.pk}/subjects/problems/").json()
    assert [(p["id"], p["problems"][0]["field"]) for p in problems] == [(noor.pk, "group"), (pim.pk, "group")]
    assert problems[0]["problems"][0]["message"].startswith("not given, and this breach has several groups")
    assert "“patients” is not one of the assessment's groups" in problems[1]["problems"][0]["message"]

    # The way out: Noor is a customer (not told), Pim is excluded with a reason; the retry then ends the notice.
    url = f"/api/incidents/{two_groups.pk}/subjects/{noor.pk}/"
    assert client_for(dpo).patch(url, {"group": "customers"}, format="json").status_code == 200
    excluded = client_for(dpo).post(
        f"/api/incidents/{two_groups.pk}/subjects/{pim.pk}/exclude/",
        {"reason": "Not a customer of ours; on the list by mistake."},
        format="json",
    )
    assert excluded.status_code == 200
    assert team.get(f"/api/incidents/{two_groups.pk}/subjects/problems/").json() == []
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_retry(actor=owner, notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and len(mailoutbox) == 1


def test_a_problem_of_a_group_not_told_does_not_hold_up_the_notice(
    two_groups, owner, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    """A customer (not told individually) with no address to be used is no problem of this notice."""
    two_groups.affected_subjects.create(
        name="Kees Klant", postal_address="", email="", language="nl", group="customers", dedupe_key="k"
    )
    notice = _send(_approved(owner, dpo2, two_groups), owner, django_capture_on_commit_callbacks)

    assert notice.status == Notice.Status.SENT


def test_a_dpo_puts_everyone_without_a_group_into_one_in_one_step(two_groups, owner, dpo, outsider):
    rows = "name;email;postal_address;language\nA;a@example.nl;;nl\nB;b@example.nl;;nl\n"
    subjects_import_csv(actor=owner, incident_id=two_groups.pk, data=rows.encode())
    url = f"/api/incidents/{two_groups.pk}/subjects/group/"

    assert_error(client_for(owner).post(url, {"group": "customers"}, format="json"), 403, "permission_denied")
    assert client_for(outsider).post(url, {"group": "customers"}, format="json").status_code == 404
    assert_error(client_for(dpo).post(url, {"group": "patients"}, format="json"), 400, "invalid", "group")
    done = client_for(dpo).post(url, {"group": "CUSTOMERS"}, format="json")

    assert done.status_code == 200 and done.json() == {"people": 2}
    assert set(two_groups.affected_subjects.filter(name__in="AB").values_list("group", flat=True)) == {
        "customers"
    }
    event = IncidentEvent.objects.filter(incident=two_groups, kind="subjects_grouped").get()
    assert event.actor_id == dpo.pk and event.data == {"group": "customers", "people": 2}


def test_nobody_of_the_groups_told_on_the_list_refuses_the_sending_with_the_way_out(owner, dpo, dpo2):
    incident = decided(owner, dpo, facts=TWO_GROUPS)
    rows = "name;email;postal_address;language\nA;a@example.nl;;nl\n"
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=rows.encode())
    notice = _approved(owner, dpo2, incident)

    with pytest.raises(DomainError) as refused:
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)

    assert refused.value.status == 409 and "“medical note”" in refused.value.message
    assert "Set their group" in refused.value.message
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.APPROVED


def test_a_notice_approved_for_everyone_is_not_sent_once_the_assessment_tells_some_groups_only(
    owner, dpo, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    """A notice drafted and approved before the assessment was for everyone: sent after an assessment of two groups,
    it would tell the 1,200 of a medical note. It is refused until revised, refreshed and approved again."""
    organisation = owner.memberships.get().organisation
    organisation.dpo_name, organisation.dpo_email = "Daan Jansen", "fg@fietsenbaas.example"  # Art. 34(2)
    organisation.save()
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=LIST.encode())
    early = services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    # no facts to compose from before the assessment: the DPO writes what the facts do not say yet (issue 15)
    written = dict.fromkeys(("what_happened", "data", "consequences", "measures", "advice"), "Geschreven.")
    services.notice_edit(
        actor=owner, notice_id=early.pk, texts=dict.fromkeys(early.content["texts"], written)
    )
    services.notice_submit(actor=owner, notice_id=early.pk)
    early = services.notice_approve(actor=dpo2, notice_id=early.pk)
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=TWO_GROUPS)
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)

    with pytest.raises(DomainError) as refused:
        delivery_services.notice_send(actor=owner, notice_id=early.pk)
    assert refused.value.status == 409
    assert (
        "approved for everyone on the list" in refused.value.message
        and "“medical note”" in refused.value.message
    )

    services.notice_revise(actor=dpo, notice_id=early.pk)
    services.notice_refresh(actor=owner, notice_id=early.pk)
    services.notice_submit(actor=owner, notice_id=early.pk)
    services.notice_approve(actor=dpo2, notice_id=early.pk)
    _send(early, owner, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mailoutbox] == ["Mila Medisch <mila@example.nl>"]


def test_a_breach_of_one_group_tells_everyone_on_the_list_whatever_their_group(
    notifiable, owner, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=LIST.encode())
    notice = _approved(owner, dpo2, notifiable)
    assert "audience" not in notice.content and notice.content["texts"]["nl"]["data"]

    notice = _send(notice, owner, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 4 and notice.status == Notice.Status.SENT
    assert set(Delivery.objects.filter(notice=notice).values_list("group", flat=True)) == {""}


def test_the_texts_per_group_are_written_on_the_draft(two_groups, owner):
    notice = services.notice_draft(actor=owner, incident_id=two_groups.pk, kind="subjects")
    said = "Uw medische notitie en uw contactgegevens."
    client = client_for(owner)

    edited = client.patch(
        f"/api/notices/{notice.pk}/", {"group_texts": {"nl": {"medical note": said}}}, format="json"
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["content"]["group_texts"]["nl"]["medical note"]["data"] == said  # a text: the data
    unknown = client.patch(
        f"/api/notices/{notice.pk}/", {"group_texts": {"nl": {"customers": "x"}}}, format="json"
    )
    assert_error(unknown, 400, "invalid", "group_texts")

    services.notice_refresh(actor=owner, notice_id=notice.pk)  # what a person wrote is kept
    assert Notice.objects.get(pk=notice.pk).content["group_texts"]["nl"]["medical note"]["data"] == said
    advised = {"advice": "Bel ons gerust."}
    edited = client.patch(
        f"/api/notices/{notice.pk}/", {"group_texts": {"nl": {"medical note": advised}}}, format="json"
    )
    assert edited.json()["content"]["group_texts"]["nl"]["medical note"]["advice"] == "Bel ons gerust."
    assert edited.json()["content"]["group_texts"]["nl"]["medical note"]["data"] == said
    wrong = client.patch(
        f"/api/notices/{notice.pk}/", {"group_texts": {"nl": {"medical note": {"title": "x"}}}}, format="json"
    )
    assert_error(wrong, 400, "invalid", "group_texts")
