"""Schemathesis against our own OpenAPI schema (``/api/schema/``), as each role: the security team, the DPO and a
controller client user of organisation A, and nobody (anonymous).

For every operation, Hypothesis generates requests from the schema — valid ones and, in the negative mode, ones
that break it — and each goes to the Django application in-process (WSGI), inside a savepoint that is rolled back
afterwards, so every example meets the same world (tests/trust/world.py). Path parameters are real ids: of the
caller's organisation A, of the other organisation B, or whatever the schema allows. Every response must be:

- no server error (5xx);
- for a 4xx, the documented error shape ``{"error": {"code", "message", "fields"}}`` (datalek/api_errors.py);
- a status code, content type and body that the schema documents;
- for an id of organisation B: 404 (401 for nobody), never a success;
- nothing of organisation B in any answer (its name, its client's, an incident's reference or title, its count).

Bounded and repeatable: a fixed number of examples per operation and role (EXAMPLES), derandomized (the same
examples every run).
"""

from __future__ import annotations

import json
import os
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

from tests.trust.world import World, mentioned

pytestmark = pytest.mark.usefixtures("world_media")

# Examples per operation and role, bounded so that the whole module stays within a few minutes on two cores:
# fewer where most requests stop at the door (a controller user meets 404s, nobody meets 401s). Set FUZZ_SCALE
# (e.g. 10) for a deeper run by hand.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
EXAMPLES = {"security_a": 8, "dpo_a": 8, "controller_a": 5, "anonymous": 2}
ROLES = list(EXAMPLES)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The caller's credentials are ours to set (per role), not generated.
CONFIG = {"generation": {"with-security-parameters": False}}

# Which kind of object each path parameter names, by the path it is in (the first matching prefix wins).
PATH_KINDS: list[tuple[str, dict[str, str]]] = [
    ("/api/incidents/{id}/evidence/", {"id": "incident", "evidence_id": "evidence"}),
    ("/api/incidents/{id}/subjects/imports/", {"id": "incident", "job_id": "subject_import"}),
    ("/api/incidents/{id}/subjects/{subject_id}/", {"id": "incident_notified", "subject_id": "subject"}),
    ("/api/incidents/{id}/", {"id": "incident"}),
    ("/api/clients/{id}/", {"id": "client"}),
    ("/api/documents/notices/{id}/", {"id": "notice"}),
    ("/api/documents/{id}/", {"id": "document"}),
    ("/api/instructions/{id}/", {"id": "instruction"}),
    ("/api/inventory/processing-activities/{id}/", {"id": "activity"}),
    ("/api/inventory/processors/{id}/", {"id": "processor"}),
    ("/api/inventory/systems/{id}/", {"id": "system"}),
    ("/api/notices/{id}/", {"id": "notice"}),
    ("/api/organisations/{id}/", {"id": "organisation"}),
    ("/api/portal/alerts/{id}/pdf/", {"id": "alert", "phase": "alert"}),
    ("/api/portal/alerts/{id}/", {"id": "alert"}),
    ("/api/portal/team/incidents/{id}/", {"id": "incident"}),
    ("/api/portal/team/questions/{id}/", {"id": "question"}),
]
INCIDENTS = ["fresh", "containment", "approval", "closed", "notified", "breach"]
NOTICES = ["notice", "public_notice", "subjects_notice", "alert"]


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
    return [ids[kind]]


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


def leaks(response, world: World, other: str) -> list[str]:
    return mentioned(response.content.decode(errors="replace"), world.side(other).strings)


def strategy(operation):
    """Requests that follow the schema, and requests that break it (wrong types, missing or unknown fields)."""
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@pytest.mark.parametrize("role", ROLES)
def test_api_answers_every_request_without_5xx_in_the_documented_shape(operation, role, trust_world, app, db):
    world = trust_world
    kinds = kinds_of(operation)
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Token {world.tokens[role]}"

    @given(case=strategy(operation), data=st.data())
    @settings(
        max_examples=max(1, round(EXAMPLES[role] * SCALE)),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def example(case, data):
        whose = data.draw(st.sampled_from(["a", "b", "generated"]), label="ids of")
        if whose != "generated":
            for name, kind in kinds.items():
                if name in case.path_parameters:
                    case.path_parameters[name] = data.draw(
                        st.sampled_from(ids_of(world, whose, kind)), label=name
                    )
        label = f"{role} {case.method} {case.formatted_path}"
        with transaction.atomic():
            response = case.call(headers=headers, app=app)
            transaction.set_rollback(True)

        case.validate_response(response, checks=CHECKS, headers=headers)
        if 400 <= response.status_code < 500:
            assert_error_shape(response, label)
        if whose == "b" and kinds:
            # 401 for nobody — unless a generated ``action`` or ``country`` makes a path that is no URL at all.
            expected = 401 if role == "anonymous" and routed(case.formatted_path) else 404
            assert response.status_code == expected, f"{label}: B's object answered {response.status_code}"
        # Every caller here is of A (or nobody): no answer, whatever it was asked, carries anything of B.
        found = leaks(response, world, "b")
        assert not found, f"{label}: B's data in the answer: {found}"

    example()
