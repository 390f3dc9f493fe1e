"""The lists stay cheap as the register grows: keyset pages, a fixed number of queries whatever the page size,
and the partial index that holds only incidents on the clock."""

import pytest
from django.db import connection

from incidents.models import ON_CLOCK, Incident
from incidents.pagination import keyset_page
from tests.incidents.test_api import client_for
from tests.personas import make_incident


@pytest.fixture
def many(owner):
    return [make_incident(owner, title=f"Incident {i}") for i in range(12)]


def test_the_api_list_needs_the_same_few_queries_for_any_page_size(
    many, owner, django_assert_max_num_queries
):
    client = client_for(owner)
    for size in (2, 12):
        with django_assert_max_num_queries(4):
            response = client.get(f"/api/incidents/?page_size={size}")
        assert len(response.json()["results"]) == size


def test_the_web_list_and_dashboard_need_a_fixed_number_of_queries(
    many, owner, client, django_assert_max_num_queries
):
    client.force_login(owner)
    with django_assert_max_num_queries(8):
        assert client.get("/incidents/").status_code == 200
    with django_assert_max_num_queries(9):  # the lists' 8 and the obligations' reports still owed
        assert client.get("/").status_code == 200


def test_keyset_pages_walk_the_list_without_gaps_or_repeats(many):
    queryset = Incident.objects.all()
    first = keyset_page(queryset, size=5)
    second = keyset_page(queryset, after=str(first.next_after), size=5)
    third = keyset_page(queryset, after=str(second.next_after), size=5)
    seen = [i.id for page in (first, second, third) for i in page]
    assert seen == sorted((i.id for i in many), reverse=True)
    assert third.next_after is None and first.previous_before is None
    back = keyset_page(queryset, before=str(second.previous_before), size=5)
    assert [i.id for i in back] == [i.id for i in first]
    assert keyset_page(queryset, after="nonsense", size=5).items == first.items


def test_the_web_list_pages_by_keyset(many, owner, client):
    client.force_login(owner)
    html = client.get("/incidents/").content.decode()
    assert "after=" not in html  # 12 incidents fit on one page of 50
    page = keyset_page(Incident.objects.all(), size=5)
    older = client.get(f"/incidents/?after={page.next_after}").content.decode()
    assert many[6].reference in older and many[11].reference not in older


def test_the_clock_queries_use_the_partial_index(db):
    if connection.vendor != "postgresql":
        pytest.skip("partial indexes are read from PostgreSQL's plan")
    sql, params = (
        Incident.objects.filter(ON_CLOCK, organisation_id=1).order_by("-id")[:50].query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incident_on_clock" in plan


def _bulk(owner, count: int, start: int = 0) -> None:
    """``count`` open incidents in bulk (on the clock, a few overdue, both roles), as the lists read them."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.personas import valid_facts

    organisation, now = owner.memberships.get().organisation, timezone.now()
    Incident.objects.bulk_create(
        Incident(
            organisation=organisation,
            reference=f"DL-BULK-{n:05d}",
            reported_by=owner,
            status=["detection", "triage", "containment", "assessment"][n % 4],
            **valid_facts(
                title=f"Bulk incident {n}",
                our_role=["controller", "processor"][n % 2],
                occurred_from=now - timedelta(hours=n + 3),
                occurred_until=now - timedelta(hours=n + 2),
                detected_at=now - timedelta(hours=n + 1),
                aware_at=now - timedelta(hours=n),
            ),
        )
        for n in range(start, start + count)
    )


def _queries(client, url: str) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/incidents/", "/", "/incidents/?status=triage&our_role=processor"])
def test_the_web_list_and_dashboard_read_10_or_100_incidents_with_the_same_queries(
    owner, client, url, django_assert_max_num_queries
):
    client.force_login(owner)
    _bulk(owner, 10)
    # The dashboard also reads what its incidents still owe (issue 16: at most two queries, one here: the clients of
    # the processor incidents not alerted yet; issue 18: one more, the reports of every obligation still open).
    most = 10 if url == "/" else 8
    with django_assert_max_num_queries(most):
        ten = _queries(client, url)
    _bulk(owner, 90, start=10)  # now 100 (the list pages by 50, the dashboard shows up to 100)
    with django_assert_max_num_queries(most):
        hundred = _queries(client, url)
    assert hundred == ten
    assert "DL-BULK-0009" in client.get(url).content.decode()  # the newest are shown


@pytest.mark.parametrize("size", [10, 100])
def test_the_api_list_reads_a_page_of_10_or_100_with_the_same_queries(
    owner, size, django_assert_max_num_queries
):
    _bulk(owner, 120)
    client = client_for(owner)
    with django_assert_max_num_queries(4):
        page = client.get(f"/api/incidents/?page_size={size}").json()
    assert len(page["results"]) == size and page["next"]
    with django_assert_max_num_queries(4):
        deeper = client.get(page["next"]).json()
    assert len(deeper["results"]) == min(size, 120 - size)


def test_no_page_of_the_lists_counts_the_whole_table(owner, client):
    from django.test.utils import CaptureQueriesContext

    _bulk(owner, 60)
    client.force_login(owner)
    api = client_for(owner)
    with CaptureQueriesContext(connection) as captured:
        client.get("/incidents/")
        client.get("/")
        api.get("/api/incidents/?page_size=50")
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if "incidents_incident" in sql], counts


def test_the_dashboards_open_incidents_off_the_clock_use_their_partial_index(db):
    """Closed incidents are nearly all of a register: without this index, finding that fewer than a page of open
    ones are off the clock meant walking the whole register backwards (seconds at a million)."""
    if connection.vendor != "postgresql":
        pytest.skip("partial indexes are read from PostgreSQL's plan")
    sql, params = (
        Incident.objects.filter(organisation_id=1).open().exclude(ON_CLOCK).order_by("-id")[:101]
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incident_open_off_clock" in plan, plan
