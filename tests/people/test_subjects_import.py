"""The list of affected people: CSV checked per row, bad rows reported by line, re-imports add nothing."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from datalek.errors import DomainError
from delivery import services as delivery_services
from incidents.models import IncidentEvent
from people.models import AffectedSubject
from people.subjects import subjects_import_csv

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
    assert event.data == {
        "import": event.data["import"],
        "rows": 3,
        "created": 3,
        "duplicates": 0,
        "errors": 0,
    }
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


def test_a_file_broken_half_way_loads_nothing(notifiable, owner):
    data = (
        GOOD.encode()
        + "Zoë;zoe@example.nl;;nl;\n".encode("latin-1", "replace")
        + b"\xff\xfe;x@example.nl;;nl;\n"
    )
    with pytest.raises(ValidationError):
        subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data * 2000)
    assert not AffectedSubject.objects.exists()


def test_the_list_is_purged_after_closure_by_a_dpo_or_after_the_retention(
    notifiable, owner, dpo, dpo2, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from delivery.models import Delivery
    from incidents import services as incident_services
    from notifications import services
    from people.services import purge_expired, subjects_purge

    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=GOOD.encode())
    with pytest.raises(DomainError):  # not before closure
        subjects_purge(actor=dpo, incident_id=notifiable.pk)
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk)
    services.notice_approve(actor=dpo2, notice_id=notice.pk)
    delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    from delivery import outbox

    for ids in outbox.batches(notice.pk):
        outbox.send_batch(notice.pk, ids)
    incident_services.incident_transition(actor=dpo, incident_id=notifiable.pk, name="close", reason="Done.")
    with pytest.raises(DomainError):
        subjects_purge(actor=owner, incident_id=notifiable.pk)  # a DPO purges
    settings.SUBJECTS_RETENTION_DAYS = 30
    assert purge_expired(timezone.now() + timedelta(days=29)) == 0
    assert purge_expired(timezone.now() + timedelta(days=31)) == 1
    assert not AffectedSubject.objects.exists()
    assert all(r.startswith("purged:") for r in Delivery.objects.values_list("recipient", flat=True))
    assert Delivery.objects.filter(status="sent").count() == 2  # what happened stays
    event = IncidentEvent.objects.filter(incident=notifiable, kind="subjects_purged").get()
    assert event.data == {"purged": 3} and event.actor is None


def test_a_large_import_refreshes_the_planners_figures_at_once(notifiable, owner, monkeypatch):
    """After a big list is loaded its pages must be planned for its real size, not for an empty list."""
    from django.db import connection

    from people import subjects

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL statistics")
    monkeypatch.setattr(subjects, "ANALYZE_AFTER", 3)
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=GOOD.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'notifications_affectedsubject'")
        assert cursor.fetchone()[0] == 3


def test_columns_in_any_order_a_missing_external_id_and_a_column_given_twice(notifiable, owner):
    data = (
        "language,email,name,postal_address,email\n"
        "fr,old@example.fr,Marie Dupont,,marie@example.fr\n"
        'nl,,Piet Post,"Kerkstraat 1, Dorp"\n'  # a short row: the missing cells are blank
        "en,a@example.com,Too Many,,b@example.com,extra\n"
    )
    report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data.encode())
    assert report.errors == [(4, "more values than columns")]
    people = {p.name: p for p in AffectedSubject.objects.all()}
    assert people["Marie Dupont"].email == "marie@example.fr"  # the last of two columns of one name counts
    assert (people["Piet Post"].email, people["Piet Post"].postal_address) == ("", "Kerkstraat 1, Dorp")
    assert (
        people["Piet Post"].external_id == ""
        and people["Marie Dupont"].dedupe_key == "email:marie@example.fr"
    )


def _django_accepts(address: str) -> bool:
    from django.core.validators import validate_email

    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    "address",
    [
        "jan@example.nl",
        "x@localhost",
        "a@[127.0.0.1]",
        "a@[::1]",
        "bad",
        "a@b",
        "a@-x.nl",
        "ü@example.nl",
        "a@exämple.nl",
        "a b@example.nl",
        '"quoted"@example.nl',
        "a@example.nl.",
        "@example.nl",
        "a@",
    ],
)
def test_the_rows_email_check_is_djangos(address):
    from people.subjects import _email_ok

    assert _email_ok(address) == _django_accepts(address)


@given(
    st.emails() | st.text(max_size=40) | st.from_regex(r"[a-z.\"]{0,8}@[a-z0-9.\[\]:-]{0,16}", fullmatch=True)
)
def test_the_rows_email_check_is_djangos_for_any_text(address):
    from people.subjects import _email_ok

    # Django's validator lets an address up to 320 characters; the list's column (and an SMTP path) holds 254.
    assert _email_ok(address) == (_django_accepts(address) and len(address) <= 254)
