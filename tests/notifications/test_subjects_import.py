"""The list of affected people: CSV checked per row, bad rows reported by line, re-imports add nothing."""

import pytest
from django.core.exceptions import ValidationError

from datalek.errors import DomainError
from incidents.models import IncidentEvent
from notifications.models import AffectedSubject
from notifications.subjects import subjects_import_csv

GOOD = (
    "name;email;postal_address;language;external_id\n"
    "Jan Jansen;jan@example.nl;;nl;C-1\n"
    "Marie Dupont;MARIE@example.fr;;fr;\n"
    "Piet Post;;Kerkstraat 1, 1234 AB Dorp;nl;\n"
)


def test_valid_rows_are_kept_and_the_import_is_audited_without_personal_data(notifiable, owner):
    report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=GOOD.encode())
    assert (report.rows, report.created, report.duplicates, report.errors) == (3, 3, 0, [])
    assert set(AffectedSubject.objects.values_list("language", flat=True)) == {"nl", "fr"}
    event = IncidentEvent.objects.filter(incident=notifiable, kind="subjects_imported").get()
    assert event.data == {"rows": 3, "created": 3, "duplicates": 0, "errors": 0}
    assert "jan@example.nl" not in str(event.data)


def test_importing_the_same_file_again_adds_nothing(notifiable, owner):
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=GOOD.encode())
    again = subjects_import_csv(
        actor=owner, incident_id=notifiable.pk, data=GOOD.replace("MARIE@", "marie@").encode()
    )
    assert (again.created, again.duplicates) == (0, 3)
    assert AffectedSubject.objects.count() == 3


def test_bad_rows_are_reported_by_line_and_good_rows_kept(notifiable, owner):
    data = (
        "name,email,postal_address,language\n"
        "A,a@example.nl,,nl\n"
        "B,not-an-address,,nl\n"
        "C,,,nl\n"
        "D,d@example.nl,,de\n"
        "E,e@example.nl,,\n"
        "F,f@example.nl,,nl,extra\n"
    )
    report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data.encode())
    assert report.created == 2  # A, and E with the organisation's language
    assert [line for line, _message in report.errors] == [3, 4, 5, 7]
    messages = dict(report.errors)
    assert "not-an-address" in messages[3] and "neither" in messages[4] and "de" in messages[5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"naam;adres\nJan;Dorp\n", "lacks"),
        ("name;email;postal_address;language\nJ\xe9r\xf4me;j@example.fr;;fr\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(notifiable, owner, data, message):
    with pytest.raises(ValidationError) as refused:
        subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data)
    assert message in str(refused.value.message_dict["file"])
    assert not AffectedSubject.objects.exists()


def test_outsiders_cannot_import(notifiable, outsider):
    with pytest.raises(DomainError) as refused:
        subjects_import_csv(actor=outsider, incident_id=notifiable.pk, data=GOOD.encode())
    assert refused.value.status == 404
