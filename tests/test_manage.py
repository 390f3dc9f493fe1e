"""``python manage.py <anything>`` is the first thing a developer or a DPO's admin types. Without the environment it
needs it says, on one line, what is missing and how to run it for development — never a traceback (issue 13,
failure 10). It does not quietly fall back to development settings: production is never run without a key."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HINT = "for development, run it as make run does: DEBUG=true python manage.py"


def _manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py in an environment with nothing of ours in it: a fresh checkout, a new shell."""
    clean = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=clean
    )


@pytest.mark.parametrize("command", [["check"], ["migrate"], ["help"], ["seed_demo"]])
def test_without_an_environment_manage_py_says_what_to_set_in_one_line(command):
    result = _manage(*command)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("Datalek cannot start: SECRET_KEY is required when DEBUG is off")
    assert "see .env.example" in line and f"{HINT} {' '.join(command)}" in line


def test_any_setting_that_cannot_be_read_is_told_the_same_way(tmp_path):
    """Not only SECRET_KEY: whatever the settings refuse (a bad value, a key production requires) is named."""
    result = _manage("check", DEBUG="true", DATALEK_VAR_DIR=str(tmp_path), AXES_FAILURE_LIMIT="many")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("Datalek cannot start: AXES_FAILURE_LIMIT='many' is not an integer.")


def test_with_the_development_settings_manage_py_runs(tmp_path):
    result = _manage("check", DEBUG="true", DATALEK_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    # (The development settings' own warnings, such as a relaxed second factor, may come with it.)
    assert "System check identified" in result.stdout + result.stderr
    assert "Datalek cannot start" not in result.stderr


def test_make_run_loads_the_demo_on_sqlite_and_again(tmp_path):
    """What `make run` does on a new machine: SQLite, no Redis, no broker — migrate, then seed_demo twice (it is
    safe to run again). The demo once stopped on SQLite at a JSON lookup only PostgreSQL has."""
    run_env = {
        "DEBUG": "true",
        "HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'datalek.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "DATALEK_VAR_DIR": str(tmp_path),
    }
    migrated = _manage("migrate", "--noinput", "-v0", **run_env)
    assert migrated.returncode == 0, migrated.stderr
    first = _manage("seed_demo", **run_env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stderr and "carla" in first.stdout
    again = _manage("seed_demo", **run_env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 new incidents" in again.stdout
