"""The organisation profile within reach (issue 15): the navigation leads a DPO to it, the dashboard lists what an
organisation that is not ready misses with a link to each field, every missing line on a notice links to the field
that fills it, and the e-mails to the people come from the sender the organisation keeps."""

import re
import smtplib

import pytest
from django.urls import reverse

from delivery import outbox
from delivery import services as delivery_services
from incidents import services as incident_services
from incidents.models import Incident, Organisation
from notifications import profile
from notifications import services as notice_services
from people.subjects import subjects_import_csv
from tests.notifications.conftest import decided

COMPLETE = {
    "address": "Stationsplein 1, 1012 AB Amsterdam",
    "registration_number": "12345678",
    "dpo_registration_number": "FG001234",
    "sector": "Retail",
    "dpo_name": "Daan Jansen",
    "dpo_email": "fg@fietsenbaas.nl",
    "dpo_phone": "+31 20 123 4567",
    "language": "nl",
    "sender_name": "Fietsenbaas",
    "sender_email": "privacy@fietsenbaas.nl",
}


def complete(org, dpo, **changes):
    return incident_services.organisation_update(
        actor=dpo, organisation_id=org.pk, changes=COMPLETE | changes
    )


@pytest.fixture
def breach(owner, dpo):
    """An incident assessed at high risk and decided: notices next."""
    return decided(owner, dpo)


# --- the navigation ------------------------------------------------------------------------------------------


def test_the_navigation_links_a_dpo_to_the_organisation_page_and_nobody_else(client, org, dpo, owner):
    page = reverse("notifications:organisation", args=[org.pk])
    client.force_login(dpo)
    nav = client.get("/").content.decode().split("</nav>")[0]
    assert f'href="{page}" data-nav="organisation"' in nav
    client.force_login(owner)  # the security team reads the page, but the link is the DPO's
    nav = client.get("/").content.decode().split("</nav>")[0]
    assert 'data-nav="organisation"' not in nav and page not in nav


def test_a_dpo_of_several_organisations_gets_each_in_the_navigation(client, org, other_org, dpo):
    from incidents.models import Membership
    from incidents.roles import Role

    Membership.objects.create(user=dpo, organisation=other_org, role=Role.DPO)
    client.force_login(dpo)
    nav = client.get("/").content.decode().split("</nav>")[0]
    for organisation in (org, other_org):
        assert reverse("notifications:organisation", args=[organisation.pk]) in nav
        assert organisation.name in nav


# --- the dashboard's checklist --------------------------------------------------------------------------------


def test_the_dashboard_lists_what_the_profile_misses_with_a_link_to_each_field(client, org, dpo):
    complete(org, dpo, sector="", dpo_phone="", sender_email="")
    client.force_login(dpo)
    html = client.get("/").content.decode()
    assert f'data-profile-checklist="{org.pk}"' in html
    missing = re.findall(r'data-missing-field="([a-z_]+)"', html)
    assert missing == ["sector", "dpo_phone", "sender_email"]
    organisation_page = client.get(reverse("notifications:organisation", args=[org.pk])).content.decode()
    for field in missing:
        link = profile.organisation_field_url(org, field)
        assert f'href="{link}"' in html
        path, anchor = link.split("#")
        assert path == reverse("notifications:organisation", args=[org.pk])
        assert f'id="{anchor}"' in organisation_page  # the link lands on the field itself


def test_the_organisation_page_says_what_is_still_missing_with_a_link_to_each_field(client, org, dpo):
    complete(org, dpo, address="", sender_name="")
    client.force_login(dpo)
    url = reverse("notifications:organisation", args=[org.pk])
    page = client.get(url).content.decode()
    banner = page.split('id="profile-missing"')[1].split("</div>")[0]
    assert re.findall(r'href="#([^"]+)" data-missing-field="([a-z_]+)"', banner) == [
        ("id_org-address", "address"),
        ("id_org-sender_name", "sender_name"),
    ]
    complete(org, dpo)
    assert 'id="profile-missing"' not in client.get(url).content.decode()


def test_an_empty_profile_misses_every_line_and_a_complete_one_none(client, org, dpo):
    org.language = ""  # as an organisation from before the field had its default
    assert [line.field for line in profile.missing(org)] == list(profile.CHECKLIST_FIELDS)
    org = complete(org, dpo)
    assert profile.missing(org) == []
    client.force_login(dpo)
    assert "data-profile-checklist" not in client.get("/").content.decode()


def test_the_checklist_shows_only_the_users_own_organisations(client, org, other_org, dpo, outsider):
    complete(org, dpo)  # ours is ready; the outsider's is not, and we never see it
    client.force_login(dpo)
    html = client.get("/").content.decode()
    assert "data-profile-checklist" not in html and other_org.name not in html
    client.force_login(outsider)
    html = client.get("/").content.decode()
    assert (
        f'data-profile-checklist="{other_org.pk}"' in html
        and f'data-profile-checklist="{org.pk}"' not in html
    )


def test_the_security_team_sees_the_checklist_and_that_only_the_dpo_changes_it(client, org, owner):
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert f'data-profile-checklist="{org.pk}"' in html and "Only the DPO changes them." in html


def test_every_checklist_field_has_its_anchor_on_the_organisation_form(client, org, dpo):
    client.force_login(dpo)
    page = client.get(reverse("notifications:organisation", args=[org.pk])).content.decode()
    for field in (*profile.CHECKLIST_FIELDS, *profile.ORGANISATION_PATHS.values()):
        assert f'id="{profile.field_anchor(field)}"' in page, field


def test_another_organisations_page_is_not_found(client, org, other_org, dpo):
    client.force_login(dpo)
    assert client.get(reverse("notifications:organisation", args=[other_org.pk])).status_code == 404
    assert client.get(reverse("notifications:organisation", args=[org.pk])).status_code == 200


def test_the_dpo_saves_the_sender_on_the_organisation_page_and_a_bad_address_changes_nothing(
    client, org, dpo
):
    client.force_login(dpo)
    url = reverse("notifications:organisation", args=[org.pk])
    base = {"org-name": org.name, "org-country": "NL", "org-language": "nl"}
    refused = client.post(
        url, base | {"org-sender_name": "Fietsenbaas", "org-sender_email": "not an address"}
    )
    assert refused.status_code == 400 and "sender_email" in refused.content.decode()
    org.refresh_from_db()
    assert (org.sender_name, org.sender_email) == ("", "")
    saved = client.post(
        url, base | {"org-sender_name": "Fietsenbaas", "org-sender_email": "privacy@fiets.nl"}
    )
    assert saved.status_code == 302
    org.refresh_from_db()
    assert (org.sender_name, org.sender_email) == ("Fietsenbaas", "privacy@fiets.nl")


# --- fix links -------------------------------------------------------------------------------------------------


def test_fix_link_leads_from_a_notice_path_to_the_field_that_fills_it(breach):
    incident = breach
    org_page = reverse("notifications:organisation", args=[incident.organisation_id])
    assert profile.fix_link(incident, "controller.address") == f"{org_page}#id_org-address"
    assert profile.fix_link(incident, "controller.dpo_phone") == f"{org_page}#id_org-dpo_phone"
    assert profile.fix_link(incident, "controller.sector") == f"{org_page}#id_org-sector"
    edit = reverse("incidents:edit", args=[incident.pk])
    assert profile.fix_link(incident, "timeline.aware_justification") == f"{edit}#id_aware_justification"
    assert profile.fix_link(incident, "breach.description") == f"{edit}#id_description"
    risk = reverse("risk:panel", args=[incident.pk])
    assert profile.fix_link(incident, "data.categories") == f"{risk}#risk-panel"  # decided: reassess there
    assessed = Incident(pk=incident.pk, organisation_id=incident.organisation_id, status="assessment")
    assert profile.fix_link(assessed, "data.categories") == f"{risk}#facts-form"  # being assessed: the form
    assert profile.fix_link(incident, "measures_after.containment_plan") == (
        f"{incident.get_absolute_url()}#id_containment_plan"
    )
    # what only the notice itself answers, or nothing of ours keeps, has no page elsewhere
    assert profile.fix_link(incident, "data.records") is None
    assert profile.fix_link(incident, "timeline.late_reason") is None
    assert profile.fix_link(incident, "reporter.function") is None


def test_a_notice_on_a_clients_behalf_links_the_clients_details_not_ours(breach, client_org):
    incident = breach
    client_page = reverse("processors:client", args=[client_org.pk])
    assert (
        profile.fix_link(incident, "controller.sector", controller=client_org) == f"{client_page}#id_sector"
    )
    # the client's address is kept nowhere we edit: no link rather than a link to our own organisation
    assert profile.fix_link(incident, "controller.address", controller=client_org) is None


def test_the_incident_pages_have_the_anchors_fix_link_points_to(client, breach, owner):
    client.force_login(owner)
    page = client.get(reverse("incidents:edit", args=[breach.pk])).content.decode()
    for field in profile.INCIDENT_PATHS.values():
        assert f'id="id_{field}"' in page, field
    page = client.get(breach.get_absolute_url()).content.decode()
    for field in profile.CONTAINMENT_PATHS.values():
        assert f'id="id_{field}"' in page, field
    page = client.get(reverse("risk:panel", args=[breach.pk])).content.decode()
    assert f'id="{profile.fix_link(breach, "data.categories").split("#")[1]}"' in page


def test_a_missing_answer_on_an_ap_notice_links_to_its_field(client, breach, owner, dpo):
    org = breach.organisation
    complete(org, dpo, address="", dpo_registration_number="")
    notice = notice_services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="authority", authority="AP"
    )
    client.force_login(owner)
    block = client.get(reverse("reports:notice_block", args=[notice.pk])).content.decode()
    missing = block.split('id="form-missing"')[1].split("</ul>")[0]
    for path in ("controller.address", "controller.dpo_registration_number"):
        assert f'href="{profile.fix_link(breach, path)}" data-fix="{path}"' in missing
    assert 'data-fix="controller.sector"' not in missing  # filled: not on the list
    # once filled and the draft's facts refreshed, the line is gone
    complete(org, dpo)
    notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    block = client.get(reverse("reports:notice_block", args=[notice.pk])).content.decode()
    assert 'data-fix="controller.address"' not in block


def test_the_peoples_notice_links_to_the_dpo_contact_while_it_is_incomplete(client, breach, owner, dpo):
    org = breach.organisation
    complete(org, dpo, dpo_email="")
    subjects_import_csv(
        actor=owner, incident_id=breach.pk, data=b"name;email;postal_address;language\nJan;jan@x.nl;;nl\n"
    )
    notice = notice_services.notice_draft(actor=owner, incident_id=breach.pk, kind="subjects")
    client.force_login(owner)
    url = reverse("notifications:notice", args=[notice.pk])
    page = client.get(url).content.decode()
    assert 'id="dpo-contact-missing"' in page
    assert f'href="{profile.organisation_field_url(org, "dpo_email")}"' in page
    complete(org, dpo)
    assert 'id="dpo-contact-missing"' not in client.get(url).content.decode()


# --- the sender of the e-mails to the people -------------------------------------------------------------------


@pytest.fixture
def approved_subjects_notice(breach, owner, dpo2):
    subjects_import_csv(
        actor=owner,
        incident_id=breach.pk,
        data=b"name;email;postal_address;language\nJan Jansen;jan@example.nl;;nl\n",
    )
    notice = notice_services.notice_draft(actor=owner, incident_id=breach.pk, kind="subjects")
    notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    return notice_services.notice_approve(actor=dpo2, notice_id=notice.pk)


def test_the_people_get_the_e_mail_from_the_organisations_sender(
    approved_subjects_notice, owner, dpo, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "Datalek <datalek@install.example>"
    org = approved_subjects_notice.incident.organisation
    assert outbox.sender(approved_subjects_notice) == "Datalek <datalek@install.example>"
    complete(org, dpo, sender_email="")
    approved_subjects_notice.incident.organisation.refresh_from_db()
    assert outbox.sender(approved_subjects_notice) == "Fietsenbaas <datalek@install.example>"
    complete(org, dpo, sender_name="Fietsenbaas Privacy")
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    assert [m.from_email for m in mailoutbox] == ["Fietsenbaas Privacy <privacy@fietsenbaas.nl>"]


def test_the_prototype_message_carries_the_organisations_sender(approved_subjects_notice, dpo):
    import email
    import email.policy

    from delivery.models import Delivery

    org = approved_subjects_notice.incident.organisation
    complete(org, dpo, sender_name="Fietsenbaas Zoë", sender_email="privacy@fietsenbaas.nl")
    notice = (
        type(approved_subjects_notice)
        .objects.select_related("incident__organisation")
        .get(pk=approved_subjects_notice.pk)
    )
    person = Delivery(
        pk=4711, notice=notice, recipient="someone@example.nl", recipient_name="", language="nl"
    )
    renderer = outbox.Renderer(notice)
    sender, data = renderer.payload(person)
    fast = email.message_from_bytes(data, policy=email.policy.default)
    slow = email.message_from_bytes(
        renderer.message(person).message().as_bytes(linesep="\r\n"), policy=email.policy.default
    )
    assert str(fast["From"]) == str(slow["From"]) == "Fietsenbaas Zoë <privacy@fietsenbaas.nl>"
    assert smtplib.quoteaddr(outbox.envelope_address(sender)) == "<privacy@fietsenbaas.nl>"


def test_an_organisation_model_default_language_counts_as_filled(org):
    assert Organisation.objects.get(pk=org.pk).language == "nl"
    assert "language" not in [line.field for line in profile.missing(org)]


def test_a_missing_mark_links_to_its_field_on_a_page_and_never_in_a_document(breach):
    from django.template.loader import render_to_string

    context = {
        "provenance": {"controller.sector": "missing"},
        "path": "controller.sector",
        "incident": breach,
    }
    on_a_page = render_to_string("reports/_missing.html", context)
    assert (
        f'href="{profile.fix_link(breach, "controller.sector")}"' in on_a_page
        and "not known yet" in on_a_page
    )
    in_a_document = render_to_string("reports/_missing.html", context | {"doc": {"kind": "controller"}})
    assert "href" not in in_a_document and "not known yet" in in_a_document


def test_the_api_keeps_the_sender_and_refuses_a_bad_address_naming_the_field(org, dpo):
    from tests.incidents.test_api import assert_error, client_for

    api = client_for(dpo)
    url = f"/api/organisations/{org.pk}/"
    assert_error(api.patch(url, {"sender_email": "nope"}, format="json"), 400, "invalid", "sender_email")
    org.refresh_from_db()
    assert org.sender_email == ""
    saved = api.patch(url, {"sender_name": "Fietsenbaas", "sender_email": "privacy@fiets.nl"}, format="json")
    assert (saved.json()["sender_name"], saved.json()["sender_email"]) == ("Fietsenbaas", "privacy@fiets.nl")
