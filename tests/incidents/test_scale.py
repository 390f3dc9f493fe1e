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
    with django_assert_max_num_queries(8):
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
