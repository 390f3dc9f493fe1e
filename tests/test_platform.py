"""Health probe, Sentry scrubbing and error pages (the demo data: tests/demo)."""

from datalek.sentry import scrub_event


def test_health_reports_the_database_and_an_eager_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "eager"}


def test_health_reports_an_unreachable_broker_without_failing_the_web_app(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "unavailable"


def test_sentry_events_leave_without_bodies_cookies_or_identifying_headers():
    event = {
        "request": {
            "url": "https://datalek.example/incidents/7/",
            "data": {"description": "Jan Jansen's medical file was e-mailed to the wrong patient"},
            "cookies": {"sessionid": "abc"},
            "query_string": "q=jansen",
            "headers": {"Authorization": "Token 123", "Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        },
        "user": {"id": 7, "email": "jan@example.org", "username": "jan"},
    }
    scrubbed = scrub_event(event)
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert scrubbed["request"]["query_string"] == "[scrubbed]"
    assert scrubbed["request"]["headers"] == {
        "Authorization": "[scrubbed]",
        "Cookie": "[scrubbed]",
        "User-Agent": "Firefox",
    }
    assert scrubbed["user"] == {"id": 7}
    assert "Jansen" not in repr(scrubbed)


def test_unknown_pages_are_404(client, db):
    assert client.get("/no-such-page/").status_code == 404
