"""Isolation is absolute: every portal page and portal-API URL, for every role — the processor's security team and
DPO, a controller user of client A, one of client B, an outsider — and for each of the two client organisations'
alerts: only the right people get through (the others get 404, as if nothing existed), and no response to one
client's users contains anything of the other client's — not its name, its people, its questions, its addresses,
not even a count."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from portal import services
from tests.portal.conftest import A_COUNT, B_COUNT, TOTAL
from tests.reports.conftest import pdf_text

ROLES = ["security", "dpo", "controller_a", "controller_b", "outsider"]
DENIED = (401, 403, 404)


@pytest.fixture
def world(alerts, breach, owner, dpo, controller_a, controller_b, outsider, client_a, client_b):
    questions = {
        "a": services.question_ask(
            actor=controller_a, alert_id=alerts["a"].pk, text="MARKER-A: our order exports?"
        ),
        "b": services.question_ask(
            actor=controller_b, alert_id=alerts["b"].pk, text="MARKER-B: our patient files?"
        ),
    }
    people = {
        "security": owner,
        "dpo": dpo,
        "controller_a": controller_a,
        "controller_b": controller_b,
        "outsider": outsider,
    }
    markers = {
        "a": [
            client_a.name,
            str(A_COUNT),
            f"{A_COUNT:,}",
            f"{A_COUNT:,}".replace(",", "."),  # 2.513, as a Dutch document writes it
            "MARKER-A",
            "privacy@bakkerij.example",
            "eigenaar@bakkerij.example",
        ],
        "b": [
            client_b.name,
            str(B_COUNT),
            f"{B_COUNT:,}",
            f"{B_COUNT:,}".replace(",", "."),
            "MARKER-B",
            "praktijk@tandarts.example",
            "health",
            "patients",
        ],
    }
    return {
        "alerts": alerts,
        "incident": breach,
        "questions": questions,
        "people": people,
        "markers": markers,
    }


def _requests(world, x):
    """(side, method, url, data, is_api) for client ``x``'s alert ("portal") and the processor's side ("team")."""
    alert, question, incident = world["alerts"][x].pk, world["questions"][x].pk, world["incident"].pk
    page, api = f"/portal/alerts/{alert}/", f"/api/portal/alerts/{alert}/"
    return [
        ("portal", "get", page, None, False),
        ("portal", "post", f"{page}acknowledge/{alert}/", {}, False),
        ("portal", "post", f"{page}questions/", {"text": "matrix question"}, False),
        ("portal", "get", f"{page}facts.json", None, False),
        ("portal", "get", f"{page}pdf/{alert}/", None, False),
        ("portal", "post", f"{page}import/", {"organisation": 1}, False),
        ("portal", "get", api, None, True),
        ("portal", "post", f"{api}acknowledge/", {"phase": alert}, True),
        ("portal", "get", f"{api}questions/", None, True),
        ("portal", "post", f"{api}questions/", {"text": "matrix question"}, True),
        ("portal", "get", f"{api}facts/", None, True),
        ("portal", "get", f"{api}pdf/{alert}/", None, True),
        ("portal", "post", f"{api}import/", {"organisation": 1}, True),
        ("team", "get", f"/portal/team/incidents/{incident}/", None, False),
        ("team", "get", f"/portal/team/incidents/{incident}/clocks/", None, False),
        ("team", "post", f"/portal/team/questions/{question}/answer/", {"answer": "matrix answer"}, False),
        ("team", "get", f"/api/portal/team/incidents/{incident}/alerts/", None, True),
        ("team", "post", f"/api/portal/team/questions/{question}/answer/", {"answer": "matrix answer"}, True),
    ]


def _call(user, method, url, data, is_api):
    if is_api:
        client = APIClient()
        client.force_authenticate(user)
        return getattr(client, method)(url, data, format="json") if method == "post" else client.get(url)
    client = Client()
    client.force_login(user)
    return getattr(client, method)(url, data) if method == "post" else client.get(url)


def _may(role: str, side: str, x: str) -> bool:
    if side == "team":
        return role in ("security", "dpo")
    return role == f"controller_{x}"


def _assert_no_leak(role, url, response, world):
    """A controller user's responses carry nothing of the other client (nor the total over both)."""
    if not role.startswith("controller_"):
        return
    other = "b" if role == "controller_a" else "a"
    if response.get("Content-Type") == "application/pdf":  # the real document, read back as text
        body = pdf_text(response.content)
    else:
        body = response.content.decode(errors="replace")
    totals = [str(TOTAL), f"{TOTAL:,}", f"{TOTAL:,}".replace(",", ".")]
    found = [m for m in [*world["markers"][other], *totals] if m.lower() in body.lower()]
    assert not found, f"{role} got {found} from {url}"


@pytest.mark.parametrize("x", ["a", "b"])
@pytest.mark.parametrize("role", ROLES)
def test_every_portal_url_for_every_role_and_both_clients(world, role, x):
    user = world["people"][role]
    for side, method, url, data, is_api in _requests(world, x):
        response = _call(user, method, url, data, is_api)
        if _may(role, side, x):
            assert response.status_code not in DENIED, (role, method, url, response.status_code)
        else:
            assert response.status_code == 404, (role, method, url, response.status_code)
            if is_api:
                assert response.json()["error"]["code"] == "not_found"
        _assert_no_leak(role, url, response, world)


@pytest.mark.parametrize("role", ROLES)
def test_the_lists_show_each_controller_its_own_alerts_only_and_nobody_else_anything(world, role):
    user = world["people"][role]
    page = _call(user, "get", "/portal/", None, False)
    listed = _call(user, "get", "/api/portal/alerts/", None, True)
    assert listed.status_code == 200
    ids = [item["id"] for item in listed.json()]
    if role.startswith("controller_"):
        x = role[-1]
        assert page.status_code == 200 and ids == [world["alerts"][x].pk]
        item = listed.json()[0]
        assert item["open_questions"] == 1 and item["updates"] == 0
    else:
        assert ids == [] and page.status_code == 302  # the team has its dashboard; others have nothing here
    _assert_no_leak(role, "/portal/", page, world)
    _assert_no_leak(role, "/api/portal/alerts/", listed, world)


def test_the_matrix_covers_every_portal_url():
    """A new portal URL must be added to the matrix above."""
    from portal import api_urls, urls

    covered = {
        "alerts/<int:pk>/",
        "alerts/<int:pk>/acknowledge/<int:phase>/",
        "alerts/<int:pk>/questions/",
        "alerts/<int:pk>/facts.json",
        "alerts/<int:pk>/pdf/<int:phase>/",
        "alerts/<int:pk>/import/",
        "team/incidents/<int:pk>/",
        "team/incidents/<int:pk>/clocks/",
        "team/questions/<int:pk>/answer/",
        "",
    }
    api_covered = {
        "alerts/",
        "alerts/<int:pk>/",
        "alerts/<int:pk>/acknowledge/",
        "alerts/<int:pk>/questions/",
        "alerts/<int:pk>/facts/",
        "alerts/<int:pk>/pdf/<int:phase>/",
        "alerts/<int:pk>/import/",
        "team/incidents/<int:pk>/alerts/",
        "team/questions/<int:pk>/answer/",
    }
    assert {str(p.pattern) for p in urls.urlpatterns} == covered
    assert {str(p.pattern) for p in api_urls.urlpatterns} == api_covered
