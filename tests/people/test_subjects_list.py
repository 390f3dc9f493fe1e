"""The list of affected people at the size of a big breach: pages by keyset with the same few queries for 10 people
or hundreds, in the page and the API, and the progress of a running import shown in both."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import AffectedSubject, SubjectImport
from people.subjects import progress_key
from tests.incidents.test_api import client_for


def _people(incident, count: int, start: int = 0) -> None:
    now = timezone.now()
    AffectedSubject.objects.bulk_create(
        AffectedSubject(
            incident=incident,
            name=f"Person {n}",
            email=f"person{n}@example.nl",
            language="nl",
            external_id=f"P{n}",
            dedupe_key=f"id:P{n}",
            created_at=now,
        )
        for n in range(start, start + count)
    )


def _count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries), response.content.decode()


def test_the_page_of_people_needs_the_same_queries_for_10_or_100_on_it(
    client, notifiable, owner, django_assert_max_num_queries
):
    client.force_login(owner)
    url = f"/incidents/{notifiable.pk}/subjects/"
    _people(notifiable, 10)
    with django_assert_max_num_queries(12):
        ten, html = _count(client, url)
    assert html.count("@example.nl") == 10
    _people(notifiable, 240, start=10)  # 250: the page shows 100 and links to the older ones
    with django_assert_max_num_queries(12):
        hundred, html = _count(client, url)
    assert hundred == ten and html.count("@example.nl") == 100 and "after=" in html


@pytest.mark.parametrize("size", [10, 100])
def test_the_api_pages_people_with_the_same_queries_for_any_page_size(
    notifiable, owner, size, django_assert_max_num_queries
):
    _people(notifiable, 250)
    api = client_for(owner)
    with django_assert_max_num_queries(8):
        page = api.get(f"/api/incidents/{notifiable.pk}/subjects/?page_size={size}").json()
    assert len(page["results"]) == size and page["next"]
    with django_assert_max_num_queries(8):
        assert len(api.get(page["next"]).json()["results"]) == size


def test_a_running_import_shows_its_progress_in_the_page_and_the_api(client, notifiable, owner):
    job = SubjectImport.objects.create(
        incident=notifiable,
        file_name="people.csv",
        size=1_000,
        requested_by=owner,
        requested_at=timezone.now(),
        status=SubjectImport.Status.RUNNING,
    )
    cache.set(progress_key(job.pk), 400)  # the task has read 400 of the 1,000 bytes
    try:
        client.force_login(owner)
        fragment = client.get(f"/incidents/{notifiable.pk}/subjects/imports/").content.decode()
        assert (
            '<progress class="w-100" value="40" max="100">' in fragment
            and 'hx-trigger="every 1s"' in fragment
        )
        status = client_for(owner).get(f"/api/incidents/{notifiable.pk}/subjects/imports/{job.pk}/").json()
        assert (status["status"], status["percent"], status["error_report"]) == ("running", 40, None)
    finally:
        cache.delete(progress_key(job.pk))


def test_the_retention_sweep_finds_the_lists_by_walking_the_index_not_the_register(
    owner, notifiable, django_assert_max_num_queries
):
    from people.services import _incidents_with_people, purge_expired
    from tests.personas import make_incident

    others = [make_incident(owner, title=f"Other {n}") for n in range(3)]
    _people(others[2], 5)
    _people(notifiable, 3, start=100)
    assert _incidents_with_people() == sorted([notifiable.pk, others[2].pk])
    with django_assert_max_num_queries(2):  # the walk, then the incidents it found (none closed)
        assert purge_expired() == 0
    assert AffectedSubject.objects.count() == 8
