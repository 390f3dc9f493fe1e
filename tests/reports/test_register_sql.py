"""On PostgreSQL the register's CSV is written by the database (fast enough for a million incidents); elsewhere by
Python. Both must give the same bytes, in every language and time zone, for every kind of cell: labels, lists,
moments across summer time, free text with commas, quotes, line breaks and would-be formulas."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from incidents.models import Incident
from notifications import services as notice_services
from reports import register
from risk.models import RiskAssessment
from tests.notifications.conftest import decided
from tests.personas import make_incident
from tests.reports.conftest import filed, not_a_breach

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database writes the register on PostgreSQL only"
)

AWKWARD_TITLES = [
    'Leak, with a comma and "quotes"',
    "Two lines\nin the title",
    "A carriage\rreturn",
    "=SUM(A1:A9)",
    "-minus first",
    "+plus first",
    "@at first",
    "\ttab first",
    "Control\x01=character",  # looks like a formula to the quick test for a line that needs no care: not one
    "Plain title",
]


def _with_count(facts: dict, count: int) -> dict:
    """The facts with another number of people, in the version they are stored in (v2: the one group's)."""
    if "groups" in facts:
        return facts | {"groups": [facts["groups"][0] | {"subjects_count": count}, *facts["groups"][1:]]}
    return facts | {"subjects_count": count}


@pytest.fixture
def register_data(owner, dpo, dpo2):
    notified = decided(owner, dpo, title="Ransomware, on the file server")
    notice = notice_services.notice_draft(
        actor=owner, incident_id=notified.pk, kind="authority", authority="AP"
    )
    filed(notice, owner, dpo, dpo2, reference='M-2026-77, "part 1"')
    # A later finalised version is the one the register shows; a draft after it is not.
    first = RiskAssessment.objects.filter(incident=notified).latest("version")
    for version, count, finalised in (
        (first.version + 1, 999, timezone.now()),
        (first.version + 2, 555, None),
    ):
        RiskAssessment.objects.create(
            incident=notified,
            version=version,
            facts=_with_count(first.facts, count),
            decision=first.decision,
            engine_version=first.engine_version,
            created_by=owner,
            created_at=timezone.now(),
            updated_at=timezone.now(),
            finalised_by=dpo if finalised else None,
            finalised_at=finalised,
        )
    not_a_breach(owner, "=Only test data, no people.", title="Not a breach")
    others = [make_incident(owner, title=title) for title in AWKWARD_TITLES]
    # Moments on both sides of the summer-time change, a late notification and containment text.
    winter = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    for n, incident in enumerate(others):
        aware = winter + timedelta(hours=7 * n)
        Incident.objects.filter(pk=incident.pk).update(
            occurred_from=aware - timedelta(hours=3),
            occurred_until=aware - timedelta(hours=2),
            detected_at=aware - timedelta(hours=1),
            aware_at=aware,
            authority_notified_at=aware + timedelta(hours=60 + 10 * n) if n % 2 else None,
            containment_status="contained" if n % 3 else "ongoing",
            containment_measures="Reset, all passwords" if n % 3 else "",
            containment_plan="" if n % 3 else "Plan:\nrotate keys",
            notify_authority=[None, True, False][n % 3],
        )
    # Lists the database hands to Python as keys: a breach of several groups (one with its number of people still
    # to be determined, labels with a comma and quotes), and facts of version 1 without a number.
    several = first.facts | {
        "groups": [
            first.facts["groups"][0] | {"label": 'Customers, "web"', "subjects_count": 1200},
            first.facts["groups"][0]
            | {"label": "=Medical note", "data_categories": ["health", "contact"], "subjects_count": None},
        ]
    }
    version_1 = {k: v for k, v in first.facts.items() if k != "groups"} | {
        "nature": ["confidentiality", "availability"],
        "data_categories": ["identity", "unknown-code"],
        "subject_categories": [],
        "subjects_count": None,
    }
    for incident, facts in ((others[0], several), (others[1], version_1), (others[2], several)):
        RiskAssessment.objects.create(
            incident=incident,
            version=1,
            facts=facts,
            decision=first.decision,
            engine_version=first.engine_version,
            created_by=owner,
            created_at=timezone.now(),
            updated_at=timezone.now(),
            finalised_by=dpo,
            finalised_at=timezone.now(),
        )
    return owner.memberships.get().organisation


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/St_Johns", "UTC"])
def test_the_database_writes_the_same_register_as_python(register_data, language, zone):
    period = register.Period(date(2026, 1, 1), timezone.localdate() + timedelta(days=1))
    with translation.override(language), timezone.override(zone):
        by_python = "".join(register._python_lines(register_data, period))
        by_database = "".join(register._sql_lines(register_data, period))
    assert by_python.count("\r\n") >= 12  # the header and a line per incident at least
    assert by_database == by_python
    assert ",999," in by_database and ",555," not in by_database
    assert '"Customers, ""web"": 1200; =Medical note: ' in by_database  # per group, quoted once


def test_the_register_on_postgresql_is_written_by_the_database(register_data):
    period = register.Period(date(2026, 1, 1), timezone.localdate() + timedelta(days=1))
    lines = register.csv_lines(register_data, period)
    assert lines.__name__ == "_sql_lines"
    text = "".join(lines)
    assert text.startswith("\ufeffReference,") and '"Two lines\nin the title"' in text
    assert "'=SUM(A1:A9)" in text and "'\ttab first" in text


def test_an_export_broken_off_half_way_leaves_the_connection_usable(register_data, monkeypatch):
    """A client that goes away mid-download closes the generator inside the COPY: it is cancelled, the
    transaction rolled back, and the next query on the connection works."""
    monkeypatch.setattr(register, "CHUNK_SIZE", 2)
    period = register.Period(date(2026, 1, 1), timezone.localdate() + timedelta(days=1))
    lines = register.csv_lines(register_data, period)
    header, first = next(lines), next(lines)
    assert header.startswith("\ufeff") and first.count("\r\n") == 2
    lines.close()
    assert Incident.objects.filter(organisation=register_data).count() == len(AWKWARD_TITLES) + 2
    assert "".join(register.csv_lines(register_data, period)).count("\r\n") >= 12
