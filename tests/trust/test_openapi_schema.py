"""The OpenAPI schema the API serves is valid OpenAPI 3 and drf-spectacular has nothing to warn about: every view
says what it takes and what it answers (``manage.py spectacular --validate --fail-on-warn``)."""

from __future__ import annotations

import json

from django.core.management import call_command


def test_the_schema_validates_without_a_single_warning(tmp_path):
    target = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target)
    )
    schema = json.loads(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert len(schema["paths"]) > 50


def test_every_operation_documents_the_error_shape():
    """Each operation lists its refusals with the one error body of datalek/api_errors.py."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    body = schema["components"]["schemas"]["ErrorBody"]
    assert set(body["properties"]) == {"code", "message", "fields"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            refusals = {code for code in operation["responses"] if code.startswith("4")}
            assert refusals, f"{method.upper()} {path} documents no error"
            for code in refusals:
                content = operation["responses"][code]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (method, path, code, content)
