"""The login lock-out (django-axes' database handler, ``AXES_HANDLER``) with two limits instead of one.

``AXES_LOCKOUT_PARAMETERS`` lists the username + address pair and the address alone, and axes counts the failures
of each; but it compares the larger count with one limit, ``AXES_FAILURE_LIMIT``. The address's count includes the
pair's, so one limit for both would lock a whole office behind one address after five mistyped passwords. Here the
pair is held to ``AXES_FAILURE_LIMIT`` (5) and the address to ``AXES_ADDRESS_FAILURE_LIMIT`` (20): password spraying
— a few tries each for many usernames from one address — locks the address, and the wait is the same cool-off.

On a successful login axes forgets the failures of every parameter that matches, the address's too: a sprayer
with one account of their own would log in with it now and then and start afresh. Only the pair's are forgotten.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

LOCKED_OUT = "locked_out"


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The number axes compares with ``AXES_FAILURE_LIMIT``: the pair's failures, or that limit itself once
        the address has reached ``AXES_ADDRESS_FAILURE_LIMIT``."""
        pair, address = (_count(attempts) for attempts in self.get_user_attempts(request, credentials))
        if address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _deleted = pair.delete()
        return count


def _count(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def cooloff_seconds() -> int:
    """How long a lock-out lasts from the last failure (each attempt while locked starts the wait again)."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def cooloff_minutes() -> int:
    return cooloff_seconds() // 60


def lockout_message() -> str:
    return _(
        "Too many failed logins from your address, for this username or for several. "
        "Try again in %(minutes)d minutes, or ask an administrator to unlock the account."
    ) % {"minutes": cooloff_minutes()}
