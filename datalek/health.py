"""Liveness/readiness probe for load balancers and docker-compose healthchecks."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from datalek import task_queue


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = "ok" if _database_ok() else "unavailable"
    broker = task_queue.broker_status(max_age=0)  # a fresh look, which the pages' banner then shares
    healthy = database == "ok"  # the web app keeps working while the broker is down
    return JsonResponse({"database": database, "broker": broker}, status=200 if healthy else 503)
