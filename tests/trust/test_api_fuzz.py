"""Schemathesis against our own OpenAPI schema (``/api/schema/``), as each role: the security team, the DPO and a
controller client user of organisation A, and nobody (anonymous).

For every operation of the schema, Hypothesis generates requests from the schema — valid ones and, in the negative
mode, ones that break it — and each goes to the Django application in-process (WSGI), inside a savepoint that is
rolled back afterwards, so every example meets the same world (tests/trust/world.py). Path parameters are real ids:

- for the security team and the DPO of A, every object of A each parameter can name (every incident state, every
  kind of notice, every kind of document — the register PDF without an incident, a batch of letters, a queued
  report), each in turn, a few examples each;
- for them too, and for the others, ids of the other organisation B, or whatever the schema allows.

Every response must be:

- no server error (5xx);
- for a 4xx, the documented error shape ``{"error": {"code", "message", "fields"}}`` (datalek/api_errors.py);
- a status code, content type and body that the schema documents;
- for an id of organisation B: 404 (401 for nobody), never a success;
- nothing of organisation B in any answer (its name, its client's, an incident's reference or title, its count);
- not kept by any cache (``Cache-Control: private, no-store``, datalek/middleware.py).

And every operation must have been exercised by every role, by the security team and the DPO with each object of
A (``Exercised``): a schema that the strategies cannot fill, or a world without the objects an operation names,
fails rather than passing on no request.

Bounded and repeatable: a fixed number of examples per operation, role and object (EXAMPLES), derandomized (the
same examples every run). The whole module — about 4,200 requests — takes about two minutes on two cores.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from urllib.parse import urlsplit

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from datalek.middleware import NO_STORE
from tests.trust.world import World, mentioned

pytestmark = pytest.mark.usefixtures("world_media")

# Examples per operation and role, bounded so that the whole module stays within a few minutes on two cores. The
# team of A: a few per object of A (each in turn) and a few with B's or generated ids; fewer where most requests
# stop at the door (a controller user meets 404s, nobody meets 401s). Set FUZZ_SCALE (e.g. 10) for a deeper run by
# hand.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
TEAM = ("security_a", "dpo_a")
PER_OBJECT, ELSEWHERE = 5, 3  # the team of A: per object of A; with ids of B, and with generated ones
EXAMPLES = {"controller_a": 8, "anonymous": 3}  # the others: ids of A, of B or generated, drawn
ROLES = [*TEAM, *EXAMPLES]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The caller's credentials are ours to set (per role), not generated.
CONFIG = {"generation": {"with-security-parameters": False}}

# Which kind of object each path parameter names, by the path it is in (the first matching prefix wins).
PATH_KINDS: list[tuple[str, dict[str, str]]] = [
    ("/api/incidents/{id}/evidence/", {"id": "incident", "evidence_id": "evidence"}),
    ("/api/incidents/{id}/subjects/imports/", {"id": "incident", "job_id": "subject_import"}),
    ("/api/incidents/{id}/subjects/{subject_id}/", {"id": "incident_notified", "subject_id": "subject"}),
    ("/api/incidents/{id}/subjects/group/", {"id": "incident_notified"}),
    ("/api/incidents/{id}/", {"id": "incident"}),
    ("/api/clients/{id}/", {"id": "client"}),
    ("/api/documents/notices/{id}/", {"id": "notice"}),
    ("/api/documents/{id}/", {"id": "document"}),
    ("/api/instructions/{id}/", {"id": "instruction"}),
    ("/api/inventory/processing-activities/{id}/", {"id": "activity"}),
    ("/api/inventory/processors/{id}/", {"id": "processor"}),
    ("/api/inventory/systems/{id}/", {"id": "system"}),
    ("/api/notices/{id}/", {"id": "notice"}),
    ("/api/obligation-reports/{id}/", {"id": "obligation_report"}),
    ("/api/organisations/{id}/", {"id": "organisation"}),
    ("/api/portal/alerts/{id}/pdf/", {"id": "alert", "phase": "alert"}),
    ("/api/portal/alerts/{id}/", {"id": "alert"}),
    ("/api/portal/team/incidents/{id}/", {"id": "incident"}),
    ("/api/portal/team/questions/{id}/", {"id": "question"}),
    ("/api/webhooks/{id}/", {"id": "webhook"}),
]
INCIDENTS = ["fresh", "containment", "approval", "closed", "notified", "breach"]
NOTICES = ["notice", "public_notice", "subjects_notice", "alert"]
DOCUMENTS = ["document", "letters_document", "register_document", "queued_document"]


NOT_IDS = {"action", "country"}  # path parameters that name no object: the schema's values are fine


def kinds_of(operation) -> dict[str, str]:
    kinds = next((kinds for prefix, kinds in PATH_KINDS if operation.path.startswith(prefix)), {})
    names = {p.name for p in operation.path_parameters} - NOT_IDS
    assert names <= set(kinds), f"{operation.label}: say in PATH_KINDS which objects {names} name"
    return kinds


def ids_of(world: World, side: str, kind: str) -> list[int]:
    ids = world.side(side).ids
    if kind == "incident":
        return [ids[f"incident_{name}"] for name in INCIDENTS]
    if kind == "notice":
        return [ids[name] for name in NOTICES]
    if kind == "document":
        return [ids[name] for name in DOCUMENTS]
    return [ids[kind]]


def objects_of_a(world: World, kinds: dict[str, str], operation) -> list[dict[str, int]]:
    """Every combination of A's objects for the operation's path parameters (one empty one without any)."""
    names = sorted({p.name for p in operation.path_parameters} & set(kinds))
    choices = [[(name, pk) for pk in ids_of(world, "a", kinds[name])] for name in names]
    return [dict(combination) for combination in itertools.product(*choices)]


def load_schema():
    """The schema as the application serves it at ``/api/schema/``, loaded once when the tests are collected (the
    schema view needs no database)."""
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        return schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json", WSGIHandler(), config=schemathesis.Config.from_dict(CONFIG)
        )


SCHEMA = load_schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(scope="module")
def app():
    """Django's WSGI application, called in the test's own database connection and transaction: the handler's
    ``close_old_connections`` (which would close a connection inside a transaction) is held off, as Django's test
    client does. Schemathesis calls it as ``localhost``."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def assert_error_shape(response, label: str) -> None:
    try:
        body = json.loads(response.content)
    except ValueError:
        pytest.fail(f"{label}: a {response.status_code} that is not JSON: {response.content[:300]!r}")
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict) and set(error) == {"code", "message", "fields"}, (
        f"{label}: a {response.status_code} not in the error shape: {body!r:.300}"
    )
    assert isinstance(error["code"], str) and error["code"], label
    assert isinstance(error["message"], str) and error["message"], label
    assert isinstance(error["fields"], dict), label
    assert all(
        isinstance(v, list) and all(isinstance(m, str) for m in v) for v in error["fields"].values()
    ), f"{label}: fields must map a name to a list of messages: {error['fields']!r:.300}"


def routed(path: str) -> bool:
    try:
        resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return True


def unknown_format(case) -> bool:
    asked = (case.query or {}).get("format")
    if isinstance(asked, list):
        asked = asked[-1] if asked else None
    if asked is None:
        return False
    view = resolve(urlsplit(case.formatted_path).path).func
    renderers = getattr(getattr(view, "cls", None), "renderer_classes", [])
    return str(asked) not in {renderer.format for renderer in renderers}


def leaks(response, world: World, other: str) -> list[str]:
    return mentioned(response.content.decode(errors="replace"), world.side(other).strings)


def strategy(operation):
    """Requests that follow the schema, and requests that break it (wrong types, missing or unknown fields)."""
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )


def check_response(case, response, *, headers, role: str, whose: str, kinds, world: World) -> None:
    label = f"{role} {case.method} {case.formatted_path}"
    case.validate_response(response, checks=CHECKS, headers=headers)
    if 400 <= response.status_code < 500:
        assert_error_shape(response, label)
    if whose == "b" and kinds:
        # 401 for nobody — unless a generated ``action`` or ``country`` makes a path that is no URL at all, or a
        # ``format`` that none of the view's renderers has: DRF answers both with 404 before anyone is asked to
        # log in, the same for every id (rest_framework.negotiation), so nothing is told about B.
        nobody = role == "anonymous" and routed(case.formatted_path) and not unknown_format(case)
        expected = 401 if nobody else 404
        assert response.status_code == expected, f"{label}: B's object answered {response.status_code}"
    # Every caller here is of A (or nobody): no answer, whatever it was asked, carries anything of B.
    found = leaks(response, world, "b")
    assert not found, f"{label}: B's data in the answer: {found}"
    assert response.headers.get("cache-control") == [NO_STORE], (
        f"{label}: {response.headers.get('cache-control')}"
    )


def run(operation, role, *, examples: int, sides: list[str], fixed: dict[str, int], world, app, seen) -> None:
    """``examples`` generated requests of ``operation`` as ``role``, with the path ids ``fixed`` (A's objects) or
    drawn from one of ``sides`` ("a", "b" or "generated": the schema's own); each counted in ``seen``."""
    kinds = kinds_of(operation)
    headers = {"Authorization": f"Token {world.tokens[role]}"} if role != "anonymous" else {}

    @given(case=strategy(operation), data=st.data())
    @settings(
        max_examples=max(1, round(examples * SCALE)),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def example(case, data):
        side = sides[0] if len(sides) == 1 else data.draw(st.sampled_from(sides), label="ids of")
        for name, kind in kinds.items():
            if name in fixed:
                case.path_parameters[name] = fixed[name]
            elif name in case.path_parameters and side != "generated":
                case.path_parameters[name] = data.draw(st.sampled_from(ids_of(world, side, kind)), label=name)
        with transaction.atomic():
            response = case.call(headers=headers, app=app)
            transaction.set_rollback(True)
        seen[side, tuple(sorted(fixed.items()))] += 1
        check_response(case, response, headers=headers, role=role, whose=side, kinds=kinds, world=world)

    example()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@pytest.mark.parametrize("role", ROLES)
def test_api_answers_every_request_without_5xx_in_the_documented_shape(operation, role, trust_world, app, db):
    world, seen = trust_world, Counter()
    calls = {"world": world, "app": app, "seen": seen}
    if role in TEAM:
        objects = objects_of_a(world, kinds_of(operation), operation)
        for fixed in objects:
            run(operation, role, examples=PER_OBJECT, sides=["a"], fixed=fixed, **calls)
        if objects != [{}]:  # ids in the path: B's too, and whatever the schema allows
            for side in ("b", "generated"):
                run(operation, role, examples=ELSEWHERE, sides=[side], fixed={}, **calls)
    else:
        run(operation, role, examples=EXAMPLES[role], sides=["a", "b", "generated"], fixed={}, **calls)
    assert_exercised(operation, role, seen, world)


def assert_exercised(operation, role: str, seen: Counter, world: World) -> None:
    """The operation was asked at all by this role; by the team of A with each of A's objects its path names."""
    assert sum(seen.values()) > 0, f"{role} {operation.label}: not one request was made"
    if role in TEAM:
        for fixed in objects_of_a(world, kinds_of(operation), operation):
            assert seen["a", tuple(sorted(fixed.items()))] > 0, (
                f"{role} {operation.label}: never asked for {fixed}"
            )
