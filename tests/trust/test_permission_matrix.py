"""The permission matrix: EVERY URL pattern of the project (walked from the URL resolver, so nothing is forgotten),
filled with ids of organisation A's objects, asked with GET and with each state-changing method, by every role:

- the security team and the DPO of A,
- the security team and the DPO of B (another organisation of ours),
- a controller user of A's client ("client 1") and one of B's client ("client 2"),
- nobody (anonymous).

What each role must get comes from MATRIX below — written by hand, not derived from the code under test — by the
access class of the URL; Django's admin is one class (staff only) for all its URLs, asked with GET. A URL that is
not in the matrix fails the test: add it to the matrix.

For B's people, and for A's controller user wherever A's internal objects are concerned, the answer is 404 — never a
200 nor a 403, which would tell that the object exists — and no answer to B's people contains anything that
identifies A (its name, its client's name, an incident's reference or title, a count of A's). Anonymous callers are
sent to the login page (UI) or get 401/403 (API). No answer may be kept by a cache (``Cache-Control: private,
no-store``) but the public communication asked by nobody (KEPT). Every request runs in a savepoint that is rolled
back, so the world stays the same for every request.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from incidents.models import Incident
from tests.trust.world import World, mentioned

pytestmark = pytest.mark.usefixtures("world_media")

ROLES = ["security_a", "dpo_a", "security_b", "dpo_b", "controller_a", "controller_b", "anonymous"]
TEAM_A = {"security_a", "dpo_a"}

# --- access classes -----------------------------------------------------------------------------------------------
PUBLIC = "public"  # anyone, logged in or not: login, the public notice page, health, schema, static
LOGGED_IN = "logged_in"  # any logged-in person gets an answer (about their own organisation only)
INTERNAL = "internal"  # the team pages without an object: any security team or DPO; a controller user 404
TEAM = "team"  # the security team and DPO of A; everyone else 404 (A's objects, internal pages)
PORTAL = "portal"  # A's controller client user (client 1) only; everyone else 404 (A's alert to client 1)
ADMIN = "admin"  # staff only: every role here is sent to the admin login

MATRIX: dict[str, str] = {
    # incidents
    "": LOGGED_IN,
    "incidents/": INTERNAL,
    "incidents/new/": INTERNAL,
    "incidents/<int:pk>/": TEAM,
    "incidents/<int:pk>/edit/": TEAM,
    "incidents/<int:pk>/timeline/": TEAM,
    "incidents/<int:pk>/containment/": TEAM,
    "incidents/<int:pk>/transition/": TEAM,
    "incidents/<int:pk>/evidence/": TEAM,
    "incidents/<int:pk>/evidence/<int:evidence_id>/": TEAM,
    # inventory
    "inventory/": INTERNAL,
    "inventory/<slug:org>/": TEAM,
    "inventory/<slug:org>/export.json": TEAM,
    "inventory/<slug:org>/export/<str:kind>.csv": TEAM,
    "inventory/<slug:org>/import/": TEAM,
    "inventory/<slug:org>/<str:kind>/": TEAM,
    "inventory/<slug:org>/<str:kind>/new/": TEAM,
    "inventory/<slug:org>/<str:kind>/<int:pk>/edit/": TEAM,
    "inventory/<slug:org>/<str:kind>/<int:pk>/<str:action>/": TEAM,
    "incidents/<int:pk>/systems/": TEAM,
    "incidents/<int:pk>/systems/propose/": TEAM,
    "incidents/<int:pk>/facts/confirm/": TEAM,
    # risk
    "incidents/<int:pk>/risk/": TEAM,
    "incidents/<int:pk>/risk/run/": TEAM,
    "incidents/<int:pk>/risk/finalise/": TEAM,
    "incidents/<int:pk>/risk/decision/": TEAM,
    # notifications
    "incidents/<int:pk>/notifications/": TEAM,
    "incidents/<int:pk>/notifications/authorities/": TEAM,
    "incidents/<int:pk>/notifications/draft/": TEAM,
    "incidents/<int:pk>/subjects/": TEAM,
    "incidents/<int:pk>/subjects/imports/": TEAM,
    "incidents/<int:pk>/subjects/imports/<int:job_id>/errors.csv": TEAM,
    "incidents/<int:pk>/subjects/purge/": TEAM,
    "incidents/<int:pk>/subjects/<int:subject_id>/correct/": TEAM,
    "incidents/<int:pk>/subjects/<int:subject_id>/exclude/": TEAM,
    "incidents/<int:pk>/subjects/<int:subject_id>/group/": TEAM,
    "incidents/<int:pk>/subjects/group/": TEAM,
    "notices/<int:pk>/": TEAM,
    "notices/<int:pk>/progress/": TEAM,
    "notices/<int:pk>/edit/": TEAM,
    "notices/<int:pk>/file/": TEAM,
    "notices/<int:pk>/<slug:action>/": TEAM,
    "public/notices/<slug:slug>/": PUBLIC,
    "organisations/<int:pk>/": TEAM,
    "organisations/<int:pk>/clients/": TEAM,
    "clients/<int:pk>/": TEAM,
    "alerts/deadlines/": INTERNAL,
    "incidents/<int:pk>/instructions/": TEAM,
    "instructions/<int:pk>/revoke/": TEAM,
    # reports
    "incidents/<int:pk>/documents/": TEAM,
    "incidents/<int:pk>/documents/request/": TEAM,
    "incidents/<int:pk>/documents/letters/<int:notice_id>/": TEAM,
    "incidents/<int:pk>/documents/report/": TEAM,
    "documents/notices/<int:pk>/": TEAM,
    "documents/notices/<int:pk>/block/": TEAM,
    "documents/notices/<int:pk>/answers/": TEAM,
    "documents/notices/<int:pk>/letters/": TEAM,
    "documents/notices/<int:pk>/edpb.json": TEAM,
    "documents/notices/<int:pk>/people/": TEAM,
    "documents/<int:pk>/download/": TEAM,
    "documents/<int:pk>/posted/": TEAM,
    "register/": INTERNAL,
    "register/csv/": INTERNAL,
    "register/pdf/": INTERNAL,
    "register/preview/": INTERNAL,
    "insights/": INTERNAL,
    # portal
    "portal/": LOGGED_IN,
    "portal/alerts/<int:pk>/": PORTAL,
    "portal/alerts/<int:pk>/acknowledge/<int:phase>/": PORTAL,
    "portal/alerts/<int:pk>/questions/": PORTAL,
    "portal/alerts/<int:pk>/facts.json": PORTAL,
    "portal/alerts/<int:pk>/pdf/<int:phase>/": PORTAL,
    "portal/alerts/<int:pk>/import/": PORTAL,
    "portal/team/incidents/<int:pk>/": TEAM,
    "portal/team/incidents/<int:pk>/clocks/": TEAM,
    "portal/team/questions/<int:pk>/answer/": TEAM,
    # alerts: webhooks (their DPOs manage them) and each person's e-mail choices
    "organisations/<int:pk>/webhooks/": TEAM,
    "webhooks/<int:pk>/toggle/": TEAM,
    "webhooks/<int:pk>/delete/": TEAM,
    "accounts/alerts/": LOGGED_IN,
    # accounts, language, health
    "accounts/": LOGGED_IN,
    "accounts/tokens/revoke/": LOGGED_IN,
    "accounts/tokens/revoke-all/": LOGGED_IN,
    "accounts/login/": PUBLIC,
    "accounts/login/code/": PUBLIC,
    "accounts/two-factor/": LOGGED_IN,
    "accounts/logout/": PUBLIC,
    "accounts/password_change/": LOGGED_IN,
    "accounts/password_change/done/": LOGGED_IN,
    "accounts/password_reset/": PUBLIC,
    "accounts/password_reset/done/": PUBLIC,
    "accounts/reset/<uidb64>/<token>/": PUBLIC,
    "accounts/reset/done/": PUBLIC,
    "i18n/setlang/": PUBLIC,
    "healthz": PUBLIC,
    # API
    "api/auth/token/": PUBLIC,
    "api/auth/logout/": LOGGED_IN,
    "api/auth/logout-all/": LOGGED_IN,
    "api/incidents/": LOGGED_IN,
    "api/incidents/<int:pk>/": TEAM,
    "api/incidents/<int:pk>/transitions/": TEAM,
    "api/incidents/<int:pk>/events/": TEAM,
    "api/incidents/<int:pk>/evidence/": TEAM,
    "api/incidents/<int:pk>/evidence/<int:evidence_id>/": TEAM,
    "api/inventory/systems/": LOGGED_IN,
    "api/inventory/systems/<int:pk>/": TEAM,
    "api/inventory/processing-activities/": LOGGED_IN,
    "api/inventory/processing-activities/<int:pk>/": TEAM,
    "api/inventory/processors/": LOGGED_IN,
    "api/inventory/processors/<int:pk>/": TEAM,
    "api/inventory/export/": INTERNAL,
    "api/inventory/import/": INTERNAL,
    "api/incidents/<int:pk>/systems/": TEAM,
    "api/incidents/<int:pk>/proposed-facts/": TEAM,
    "api/incidents/<int:pk>/proposed-facts/refresh/": TEAM,
    "api/incidents/<int:pk>/proposed-facts/confirm/": TEAM,
    "api/assess/": LOGGED_IN,
    "api/incidents/<int:pk>/assessments/": TEAM,
    "api/incidents/<int:pk>/assessments/finalise/": TEAM,
    "api/incidents/<int:pk>/assessments/decision/": TEAM,
    "api/incidents/<int:pk>/authorities/": TEAM,
    "api/incidents/<int:pk>/notices/": TEAM,
    "api/incidents/<int:pk>/subjects/": TEAM,
    "api/incidents/<int:pk>/subjects/imports/<int:job_id>/": TEAM,
    "api/incidents/<int:pk>/subjects/problems/": TEAM,
    "api/incidents/<int:pk>/subjects/<int:subject_id>/": TEAM,
    "api/incidents/<int:pk>/subjects/<int:subject_id>/exclude/": TEAM,
    "api/incidents/<int:pk>/subjects/group/": TEAM,
    "api/notices/<int:pk>/": TEAM,
    "api/notices/<int:pk>/file/": TEAM,
    "api/notices/<int:pk>/deliveries/": TEAM,
    "api/notices/<int:pk>/export/edpb/": TEAM,
    "api/incidents/<int:pk>/import/edpb/": TEAM,
    "api/notices/<int:pk>/<slug:action>/": TEAM,
    "api/organisations/<int:pk>/": TEAM,
    "api/organisations/<int:pk>/establishments/": TEAM,
    "api/organisations/<int:pk>/clients/": TEAM,
    "api/clients/<int:pk>/": TEAM,
    "api/incidents/<int:pk>/instructions/": TEAM,
    "api/instructions/<int:pk>/revoke/": TEAM,
    "api/organisations/<int:pk>/establishments/<str:country>/": TEAM,
    "api/incidents/<int:pk>/documents/": TEAM,
    "api/documents/notices/<int:pk>/form/": TEAM,
    "api/documents/<int:pk>/": TEAM,
    "api/documents/<int:pk>/download/": TEAM,
    "api/documents/<int:pk>/posted/": TEAM,
    "api/register/csv/": LOGGED_IN,
    "api/register/pdf/": LOGGED_IN,
    "api/insights/": LOGGED_IN,
    "api/portal/alerts/": LOGGED_IN,
    "api/portal/alerts/<int:pk>/": PORTAL,
    "api/portal/alerts/<int:pk>/acknowledge/": PORTAL,
    "api/portal/alerts/<int:pk>/questions/": PORTAL,
    "api/portal/alerts/<int:pk>/facts/": PORTAL,
    "api/portal/alerts/<int:pk>/pdf/<int:phase>/": PORTAL,
    "api/portal/alerts/<int:pk>/import/": PORTAL,
    "api/portal/team/incidents/<int:pk>/alerts/": TEAM,
    "api/portal/team/questions/<int:pk>/answer/": TEAM,
    # the inbox: everyone gets their own acts
    "inbox/": LOGGED_IN,
    "api/inbox/": LOGGED_IN,
    "api/organisations/<int:pk>/webhooks/": TEAM,
    "api/organisations/<int:pk>/webhooks/deliveries/": TEAM,
    "api/webhooks/<int:pk>/": TEAM,
    # obligations (issue 18)
    "incidents/<int:pk>/obligations/": TEAM,
    "incidents/<int:pk>/obligations/answers/<str:regime>/": TEAM,
    "incidents/<int:pk>/obligations/reports/<int:report_id>/<str:step>/": TEAM,
    "incidents/<int:pk>/obligations/<int:obligation_id>/moments/": TEAM,
    "incidents/<int:pk>/documents/obligations/<int:report_id>/": TEAM,
    "organisations/<int:pk>/regimes/": TEAM,
    "api/incidents/<int:pk>/obligations/": TEAM,
    "api/incidents/<int:pk>/obligations/answers/": TEAM,
    "api/obligation-reports/<int:pk>/steps/": TEAM,
    "api/organisations/<int:pk>/regimes/": TEAM,  # the DPO writes, the security team reads (403 on PUT)
    "api/schema/": PUBLIC,
    "api/docs/": PUBLIC,
    # the admin's own door; every other admin URL is ADMIN
    "admin/login/": PUBLIC,
    "admin/logout/": PUBLIC,
}
# Django's admin (every one of its URLs): staff only, and none of the roles here is staff.
ADMIN_PREFIX = "admin/"

# Which of A's objects fills each path parameter: (route prefix, parameter) → object, the first match wins.
FILL: list[tuple[str, str, str]] = [
    ("incidents/<int:pk>/obligations/reports/", "pk", "incident_fresh"),  # the incident of its report
    ("incidents/<int:pk>/obligations/reports/", "report_id", "obligation_report"),
    ("incidents/<int:pk>/documents/obligations/", "pk", "incident_fresh"),  # the incident of its report
    ("incidents/<int:pk>/obligations/<int:obligation_id>/", "pk", "incident_fresh"),  # of its obligation
    ("incidents/<int:pk>/obligations/<int:obligation_id>/", "obligation_id", "nis2_obligation"),
    ("incidents/<int:pk>/documents/obligations/", "report_id", "nis2_report"),
    ("api/obligation-reports/", "pk", "obligation_report"),
    ("incidents/<int:pk>/documents/letters/", "notice_id", "subjects_notice"),
    ("documents/notices/<int:pk>/letters/", "pk", "subjects_notice"),
    ("documents/notices/<int:pk>/people/", "pk", "subjects_notice"),
    ("incidents/<int:pk>/evidence/", "pk", "incident_fresh"),
    ("api/incidents/<int:pk>/evidence/", "pk", "incident_fresh"),
    ("incidents/<int:pk>/instructions/", "pk", "incident_breach"),
    ("api/incidents/<int:pk>/instructions/", "pk", "incident_breach"),
    ("portal/team/incidents/", "pk", "incident_breach"),
    ("api/portal/team/incidents/", "pk", "incident_breach"),
    ("incidents/", "pk", "incident_notified"),
    ("api/incidents/", "pk", "incident_notified"),
    ("", "evidence_id", "evidence"),
    ("", "job_id", "subject_import"),
    ("", "subject_id", "subject"),
    ("", "notice_id", "notice"),
    ("notices/", "pk", "notice"),
    ("api/notices/", "pk", "notice"),
    ("documents/notices/", "pk", "notice"),
    ("api/documents/notices/", "pk", "notice"),
    ("documents/", "pk", "document"),
    ("api/documents/", "pk", "document"),
    ("organisations/", "pk", "organisation"),
    ("api/organisations/", "pk", "organisation"),
    ("clients/", "pk", "client"),
    ("api/clients/", "pk", "client"),
    ("instructions/", "pk", "instruction"),
    ("api/instructions/", "pk", "instruction"),
    ("inventory/", "pk", "system"),
    ("api/inventory/systems/", "pk", "system"),
    ("api/inventory/processing-activities/", "pk", "activity"),
    ("api/inventory/processors/", "pk", "processor"),
    ("portal/alerts/", "pk", "alert"),
    ("api/portal/alerts/", "pk", "alert"),
    ("", "phase", "alert"),
    ("portal/team/questions/", "pk", "question"),
    ("webhooks/", "pk", "webhook"),
    ("api/webhooks/", "pk", "webhook"),
    ("api/portal/team/questions/", "pk", "question"),
]
# What a POST sends: nothing, except where a page answers an empty form with 404 ("no such document") and the
# action itself is worth reaching.
POST_DATA = {"incidents/<int:pk>/documents/request/": {"kind": "incident_report"}}
CONSTANTS = {
    "regime": "nis2",
    "step": "draft",
    "kind": "systems",
    "action": "archive",
    "country": "NL",
    "uidb64": "MQ",
    "token": "set-password",
}
NOTICE_ACTION = "submit"  # notices/<pk>/<action>/: a real step


@dataclass(frozen=True)
class Route:
    route: str
    callback: object

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.route.startswith(ADMIN_PREFIX)

    def methods(self) -> list[str]:
        """GET, and the state-changing methods: those an API view defines, POST for a page. The admin's pages only
        GET: every one of them is behind the same staff gate (``admin_view``), whatever the method."""
        if self.is_admin:
            return ["get"]
        view_class = getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)
        if self.is_api and view_class is not None:
            return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)] or ["get"]
        return ["get", "post"]


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield Route(prefix + str(pattern.pattern), pattern.callback)


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.route, route)  # a route twice (accounts/login/): the first one answers
    return list(seen.values())


ROUTES = all_routes()


def _value(world: World, route: str, name: str) -> str:
    ids = world.a.ids
    if name == "slug" and route.startswith("public/"):
        return world.a.public_slug
    if name == "org":
        return world.a.org.slug
    if name == "action" and "notices/" in route:
        return NOTICE_ACTION
    if name in CONSTANTS:
        return CONSTANTS[name]
    for prefix, param, kind in FILL:
        if param == name and route.startswith(prefix):
            return str(ids[kind])
    if route.startswith(ADMIN_PREFIX):
        return _admin_value(world, name)
    raise AssertionError(f"No value for <{name}> in {route!r}: add it to FILL")


def _admin_value(world: World, name: str) -> str:
    """The admin's URLs name objects of every model; which one does not matter: nobody here gets past the gate."""
    if name == "content_type_id":
        return str(ContentType.objects.get_for_model(Incident).pk)
    return {"app_label": "incidents", "url": "incidents/"}.get(name, str(world.a.ids["incident"]))


def url_of(world: World, route: str) -> str:
    def converter(match: re.Match) -> str:
        return _value(world, route, match.group("name"))

    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", converter, route)
    # Django's admin has a few regular-expression routes: fill their groups, drop the anchors.
    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", converter, path)
    path = path.lstrip("^").rstrip("$").replace("\\", "")
    return "/" + path


# --- the expected outcome --------------------------------------------------------------------------------------

# THROUGH: answered — not 401, 404, nor a redirect to the login; 403 only for a role-restricted action (a DPO-only
# one, for the security team or a controller user). 405 is allowed wherever a status is expected: a method a view
# does not take is refused before anything is looked up or anyone is asked to log in, the same for every id.
THROUGH = "through"
NOT_FOUND = "404"
LOGIN = "login"  # the page: a redirect to the login page; the API: 401 or 403
ADMIN_LOGIN = "admin_login"
ANY = "any"  # public: anything but a server error


def expected(access: str, role: str) -> str:
    if access == PUBLIC:
        return ANY
    if access == ADMIN:
        return ADMIN_LOGIN
    if role == "anonymous":
        return LOGIN
    if access == LOGGED_IN:
        return THROUGH
    if access == INTERNAL:
        return NOT_FOUND if role.startswith("controller_") else THROUGH
    if access == TEAM:
        return THROUGH if role in TEAM_A else NOT_FOUND
    if access == PORTAL:
        return THROUGH if role == "controller_a" else NOT_FOUND
    raise AssertionError(access)


def access_of(route: Route) -> str:
    if route.route in MATRIX:
        return MATRIX[route.route]
    assert route.is_admin, f"{route.route!r} is not in the permission matrix: add it to MATRIX"
    return ADMIN


@pytest.fixture(scope="module")
def clients(trust_world, django_db_blocker) -> dict[tuple[str, bool], Client]:
    """One client per role for the pages (logged in once: ``force_login``, no password) and one for the API
    (its token), made once for the module."""
    made = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            user = trust_world.user(role)
            page = Client()
            if user is not None:
                page.force_login(user)
            api = Client(HTTP_AUTHORIZATION=f"Token {trust_world.tokens[role]}") if user else Client()
            made[role, False], made[role, True] = page, api
    return made


def call(client: Client, method: str, url: str, route: Route):
    """One request in a savepoint rolled back afterwards, with the client's cookies as they were before (a logout
    must not log the next request out)."""
    cookies = copy.deepcopy(client.cookies)
    data = POST_DATA.get(route.route, {})
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        elif route.is_api:
            response = getattr(client, method)(url, data=data, content_type="application/json")
        else:
            response = getattr(client, method)(url, data=data)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def a_strings_in(body: str, world: World) -> list[str]:
    return mentioned(body, world.a.strings)


# Every answer is kept by no cache (datalek/middleware.py), but what its view declares public, asked by nobody.
NO_STORE = "private, no-store"
KEPT = {("public/notices/<slug:slug>/", "anonymous"): "public, max-age=300"}


def check_kept(response, role: str, route: Route, label: str) -> None:
    expected = KEPT.get((route.route, role), NO_STORE)
    assert response.get("Cache-Control") == expected, (
        f"{label}: Cache-Control {response.get('Cache-Control')!r}"
    )


def check(outcome: str, response, role: str, route: Route, label: str) -> None:
    status = response.status_code
    location = response.get("Location", "")
    assert status < 500, f"{label}: server error {status}"
    if outcome == ANY or (status == 405 and outcome != ADMIN_LOGIN):
        return
    if outcome == ADMIN_LOGIN:
        assert status == 302 and "/admin/login/" in location, f"{label}: {status} {location}"
    elif outcome == LOGIN:
        if route.is_api:
            assert status in (401, 403), f"{label}: anonymous got {status}"
        else:
            assert status == 302 and "/accounts/login/" in location, (
                f"{label}: anonymous got {status} {location}"
            )
    elif outcome == NOT_FOUND:
        assert status == 404, f"{label}: expected 404, got {status}"
        if route.is_api:
            assert response.json()["error"]["code"] == "not_found", label
    elif outcome == THROUGH:
        assert status not in (401, 404), f"{label}: a member got {status}"
        assert "/accounts/login/" not in location, f"{label}: a member was sent to the login"
        assert status != 403 or not role.startswith("dpo_"), f"{label}: the DPO was refused (403)"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.route or "/")
def test_every_url_answers_every_role_as_the_matrix_says(route, trust_world, clients, db):
    world = trust_world
    access = access_of(route)
    url = url_of(world, route.route)
    for role in ROLES:
        outcome = expected(access, role)
        client = clients[role, route.is_api]
        for method in route.methods():
            response = call(client, method, url, route)
            label = f"{role} {method.upper()} {url} ({access})"
            check(outcome, response, role, route, label)
            check_kept(response, role, route, label)
            outsider = (
                role.endswith("_b")
                or role == "anonymous"
                or (role == "controller_a" and outcome == NOT_FOUND)
            )
            if outsider and access != PUBLIC:
                found = a_strings_in(body_of(response), world)
                assert not found, f"{label}: A's {found} in the answer"


def test_the_matrix_lists_no_url_that_does_not_exist():
    """A URL taken away must leave the matrix too, or the matrix stops saying what it checks."""
    routes = {route.route for route in ROUTES}
    assert set(MATRIX) - routes == set()
