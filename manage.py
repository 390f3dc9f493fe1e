#!/usr/bin/env python
import os
import shlex
import sys


def settings_problem() -> str | None:
    """Why the settings cannot be read, or None. Settings that the environment does not allow (no SECRET_KEY with
    DEBUG off, a value that is not a number, any key production requires) raise ImproperlyConfigured: told here
    as one line rather than as the traceback Django would print from inside whichever command ran first. Without
    an environment this refuses instead of falling back to the development settings, so that production is
    never run by accident with a development key."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading one setting loads them all
    except ImproperlyConfigured as exc:
        return str(exc)
    return None


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datalek.settings")
    problem = settings_problem()
    if problem:
        command = shlex.join(["python", "manage.py", *sys.argv[1:]])
        sys.stderr.write(
            f"Datalek cannot start: {problem} Production reads its settings from the environment (see "
            f".env.example); for development, run it as make run does: DEBUG=true {command}\n"
        )
        sys.exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
