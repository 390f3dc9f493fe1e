"""`manage.py assess FILE.json [--explain]`: run the risk engine on a breach-facts or case file.

Prints the decision JSON (or, with --explain, the readable report) and exits 0. Invalid input — an
unreadable file, malformed JSON, or facts that fail validation — prints a message naming the problem
on stderr and exits 2, without a traceback (docs/breach-facts.md, "command line contract").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from risk.engine import FactsError, assess, explain

EXIT_INVALID = 2


class InputError(Exception):
    """The file cannot be turned into breach facts; the message is for the user."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def load_facts_object(path: Path) -> object:
    """Read FILE.json and return the facts object: the file itself, or its `facts` for a case file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except ValueError as exc:  # JSONDecodeError is a ValueError
        raise InputError(f"{path} is not valid JSON: {exc}") from exc
    if isinstance(data, dict) and "facts" in data:
        return data["facts"]  # a case file: id, title, source, expected ... are ignored
    return data


class Command(BaseCommand):
    help = "Assess a personal-data breach: print the risk engine's decision for a breach-facts or case file."
    requires_system_checks: list[str] = []  # pure computation: no models, no database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="breach-facts JSON, or a case file with a 'facts' object")
        parser.add_argument("--explain", action="store_true", help="print a readable report instead of JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            decision = assess(load_facts_object(options["file"]))
        except InputError as exc:
            self._fail(str(exc))
        except FactsError as exc:
            lines = [f"  {field or '(facts)'}: {message}" for field, message in exc.errors]
            self._fail("invalid breach facts:\n" + "\n".join(lines))
        if options["explain"]:
            self.stdout.write(explain(decision), ending="")
        else:
            self.stdout.write(json.dumps(decision.to_dict(), indent=2, ensure_ascii=False))

    def _fail(self, message: str) -> None:
        # Exit 2 directly (not CommandError) so call_command and the shell see the same contract.
        self.stderr.write(f"assess: {message}")
        raise SystemExit(EXIT_INVALID)
