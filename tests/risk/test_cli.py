"""`manage.py assess`: decision JSON and exit 0 for valid input; the bad field named and exit 2 otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.risk.builders import facts_dict

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "data" / "cases" / "edpb-05.json"


def run_assess(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBUG": "true"}
    command = [sys.executable, "manage.py", "assess", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def write(tmp_path: Path, content: Any, name: str = "facts.json") -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def call(*args: str) -> tuple[int, str, str]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("assess", *args, stdout=stdout, stderr=stderr)
    except SystemExit as exit_:
        return int(exit_.code or 0), stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


# --- the contract, through a real process ------------------------------------------------------------


def test_case_file_prints_the_decision_json_and_exits_zero() -> None:
    result = run_assess(str(CASE))

    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    expected = json.loads(CASE.read_text())["expected"]
    assert {key: decision[key] for key in expected} == expected
    assert decision["severity"]["basis"]["dpc"]


def test_bare_facts_file_is_accepted(tmp_path: Path) -> None:
    result = run_assess(str(write(tmp_path, facts_dict(recipients_count=200, subjects_count=200))))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["risk"] == "risk"


def test_explain_prints_a_readable_report(tmp_path: Path) -> None:
    result = run_assess(str(CASE), "--explain")

    assert result.returncode == 0, result.stderr
    assert "Risk: high" in result.stdout
    assert "likely_harm [Art. 34(1)]" in result.stdout
    assert "Group all: high" in result.stdout and "index" in result.stdout
    assert "SE = DPC x EI + CB" in result.stdout


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (facts_dict(severity="high"), "severity"),
        (facts_dict(protection={"encryption": "aes"}), "protection.encryption"),
        (facts_dict(subjects_count=-3), "subjects_count"),
        ({"id": "x", "facts": facts_dict(nature=[])}, "nature"),
        ("{not json", "not valid JSON"),
        ('{"role": NaN}', "NaN"),
        ("[1, 2]", "JSON object"),
    ],
    ids=["unknown-field", "bad-enum", "negative-count", "case-file", "malformed", "nan", "not-an-object"],
)
def test_invalid_input_exits_two_naming_the_problem(tmp_path: Path, content: Any, named: str) -> None:
    result = run_assess(str(write(tmp_path, content)))

    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_two_without_a_traceback(tmp_path: Path) -> None:
    result = run_assess(str(tmp_path / "nowhere.json"))

    assert result.returncode == 2
    assert "nowhere.json" in result.stderr
    assert "Traceback" not in result.stderr


# --- the same contract through call_command (no database needed) ------------------------------------------


def test_call_command_prints_stable_indented_json() -> None:
    code, stdout, _ = call(str(CASE))

    assert code == 0
    assert stdout.startswith('{\n  "severity": {')
    assert list(json.loads(stdout)) == [
        "severity",
        "risk",
        "notify_authority",
        "notify_subjects",
        "public_communication",
        "notify_controllers",
        "exemptions",
        "reasons",
        "groups",
        "to_be_determined",
        "needs_more_information",
    ]


def test_call_command_exits_two_for_a_nested_unknown_field(tmp_path: Path) -> None:
    code, stdout, stderr = call(str(write(tmp_path, facts_dict(integrity={"extra": True}))))

    assert code == 2
    assert "integrity.extra" in stderr
    assert stdout == ""


def test_call_command_reports_every_invalid_field(tmp_path: Path) -> None:
    code, _, stderr = call(str(write(tmp_path, facts_dict(role="boss", cause="hacker"))))

    assert code == 2
    assert "role:" in stderr and "cause:" in stderr


def test_duplicate_keys_are_rejected(tmp_path: Path) -> None:
    text = json.dumps(facts_dict())[:-1] + ', "role": "processor"}'

    code, _, stderr = call(str(write(tmp_path, text)))

    assert code == 2
    assert "duplicate key 'role'" in stderr


def test_a_v2_file_with_groups_prints_the_v2_decision_and_a_bad_group_field_exits_two(tmp_path: Path) -> None:
    """Breach facts v2 through the real command: a verdict per group; a bad field of a group named by its path."""
    from tests.risk.test_engine_v2 import two_groups

    result = run_assess(str(write(tmp_path, two_groups())))

    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert [(g["label"], g["risk"]) for g in decision["groups"]] == [
        ("customers", "risk"),
        ("medical note", "high"),
    ]
    bad = two_groups()
    bad["groups"][1]["subjects_count"] = -3
    refused = run_assess(str(write(tmp_path, bad)))
    assert refused.returncode == 2 and "groups[1].subjects_count" in refused.stderr
    assert "Traceback" not in refused.stderr
