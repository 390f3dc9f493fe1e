"""Each person on the list carries the group of the breach they belong to (issue 14): a ``group`` column in the CSV
(``groep``, ``groupe``), checked like every other cell, editable by a DPO, shown on the list with a filter by group
and in the API."""

from __future__ import annotations

from incidents.models import IncidentEvent
from people.models import AffectedSubject, SubjectImport
from people.recipients import GROUP_MAX
from people.subjects import subjects_import_csv
from tests.incidents.test_api import assert_error, client_for
from tests.notifications.conftest import TWO_GROUPS, decided


def _groups(incident) -> dict[str, str]:
    return dict(AffectedSubject.objects.filter(incident=incident).values_list("name", "group"))


def test_the_import_reads_the_group_column_in_each_language(notifiable, owner):
    for header in ("group", "groep", "groupe"):
        data = f"naam;email;adres;taal;{header}\nJan {header};jan.{header}@example.nl;;nl; medical note \n"
        report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data.encode())
        assert (report.created, report.errors) == (1, [])

    assert set(_groups(notifiable).values()) == {"medical note"}  # trimmed like every cell


def test_without_a_group_column_everyone_has_a_blank_group(notifiable, owner):
    data = "name;email;postal_address;language\nJan;jan@example.nl;;nl\n"
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data.encode())

    assert _groups(notifiable) == {"Jan": ""}


def test_bad_group_cells_are_reported_by_their_line(notifiable, owner):
    data = (
        "name,email,postal_address,language,group\n"
        "A,a@example.nl,,nl,customers\n"
        f"B,b@example.nl,,nl,{'g' * (GROUP_MAX + 1)}\n"
        'C,c@example.nl,,nl,"medical\nnote"\n'
        "D,d@example.nl,,nl,\x00\n"
        "E,e@example.nl,,nl,customers\n"
    )

    report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data.encode())

    assert report.created == 2
    assert [(line, message.split(":")[0]) for line, message in report.errors] == [
        (3, "group"),
        (4, "group"),
        (6, "group"),
    ]
    messages = dict(report.errors)
    assert (
        f"at most {GROUP_MAX}" in messages[3] and "more than one line" in messages[4] and "NUL" in messages[6]
    )
    job = SubjectImport.objects.get()
    assert "group" in job.error_report.read().decode()


def test_loading_the_list_again_with_a_group_column_gives_the_listed_their_group(notifiable, owner, dpo):
    first = "name;email;postal_address;language\nJan;jan@example.nl;;nl\nMila;mila@example.nl;;nl\nKees;kees@example.nl;;nl\n"
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=first.encode())
    kees = AffectedSubject.objects.get(name="Kees")
    client_for(dpo).patch(
        f"/api/incidents/{notifiable.pk}/subjects/{kees.pk}/", {"group": "customers"}, format="json"
    )
    again = "email;name;postal_address;language;group\nmila@example.nl;Mila;;nl;medical note\nkees@example.nl;Kees;;nl;other\nnew@example.nl;New;;nl;customers\n"

    report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=again.encode())

    assert (report.created, report.duplicates, report.grouped) == (1, 2, 1)
    # Mila had none and gets hers; Kees keeps the group a DPO gave him; Jan, not in the file, stays without one
    assert _groups(notifiable) == {"Jan": "", "Mila": "medical note", "Kees": "customers", "New": "customers"}
    event = IncidentEvent.objects.filter(incident=notifiable, kind="subjects_imported").last()
    assert event.data["grouped"] == 1 and "medical note" not in str(event.data)
    assert SubjectImport.objects.order_by("-id").first().grouped == 1


def test_a_dpo_corrects_a_persons_group_audited_without_its_label(notifiable, owner, dpo, outsider):
    subjects_import_csv(
        actor=owner,
        incident_id=notifiable.pk,
        data=b"name;email;postal_address;language\nJan;jan@example.nl;;nl\n",
    )
    jan = AffectedSubject.objects.get()
    url = f"/api/incidents/{notifiable.pk}/subjects/{jan.pk}/"

    assert_error(client_for(owner).patch(url, {"group": "x"}, format="json"), 403, "permission_denied")
    assert client_for(outsider).patch(url, {"group": "x"}, format="json").status_code == 404
    assert_error(client_for(dpo).patch(url, {"group": "two\nlines"}, format="json"), 400, "invalid", "group")
    corrected = client_for(dpo).patch(url, {"group": " medical note "}, format="json")

    assert corrected.status_code == 200 and corrected.json()["group"] == "medical note"
    assert corrected.json()["name"] == "Jan" and corrected.json()["email"] == "jan@example.nl"
    event = IncidentEvent.objects.filter(incident=notifiable, kind="subject_corrected").get()
    assert event.data == {
        "subject": jan.pk,
        "fields": ["group"],
    }  # which field, not what it says of the person


def test_the_api_lists_each_persons_group_and_filters_by_group(owner, dpo):
    incident = decided(owner, dpo, facts=TWO_GROUPS)
    data = "name;email;postal_address;language;group\nA;a@example.nl;;nl;customers\nB;b@example.nl;;nl;Medical note\nC;c@example.nl;;nl;\n"
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=data.encode())
    team = client_for(owner)
    url = f"/api/incidents/{incident.pk}/subjects/"

    everyone = team.get(url).json()["results"]
    assert [(p["name"], p["group"]) for p in everyone] == [
        ("A", "customers"),
        ("B", "Medical note"),
        ("C", ""),
    ]
    assert [p["name"] for p in team.get(url, {"group": "medical NOTE"}).json()["results"]] == ["B"]
    assert [p["name"] for p in team.get(url, {"group": ""}).json()["results"]] == ["C"]


def test_the_people_page_shows_the_group_filters_by_it_and_lets_a_dpo_change_it(client, owner, dpo):
    incident = decided(owner, dpo, facts=TWO_GROUPS)
    data = "name;email;postal_address;language;group\nAnna;a@example.nl;;nl;customers\nMila;m@example.nl;;nl;medical note\nNoor;n@example.nl;;nl;\n"
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=data.encode())
    page_url = f"/incidents/{incident.pk}/subjects/"

    client.force_login(owner)
    page = client.get(page_url).content.decode()
    assert 'id="group-filter"' in page and "?group=medical%20note" in page and 'id="groups"' in page
    assert "Mila" in page and "Anna" in page and "subjects/group/" not in page  # no DPO: no group forms
    only = client.get(page_url, {"group": "medical note"}).content.decode()
    assert "Mila" in only and "Anna" not in only
    blank = client.get(page_url, {"group": ""}).content.decode()
    assert "Noor" in blank and "Anna" not in blank.split('id="group-filter"')[1]

    client.force_login(dpo)
    page = client.get(page_url).content.decode()
    assert 'id="group-blank"' in page  # Noor is a problem: put everyone without a group into one
    noor = AffectedSubject.objects.get(name="Noor")
    answer = client.post(f"/incidents/{incident.pk}/subjects/{noor.pk}/group/", {"group": "customers"})
    assert answer.status_code == 302
    noor.refresh_from_db()
    assert noor.group == "customers" and noor.name == "Noor" and noor.email == "n@example.nl"
    refused = client.post(f"/incidents/{incident.pk}/subjects/{noor.pk}/group/", {"group": "a\nb"})
    assert refused.status_code == 400 and "more than one line" in refused.content.decode()
