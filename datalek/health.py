"""Liveness/readiness probe for load balancers and docker-compose healthchecks."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping()
        return "ok"
    except Exception:
        return "unavailable"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = "ok" if _database_ok() else "unavailable"
    broker = _broker_status()
    healthy = database == "ok"  # the web app keeps working while the broker is down
    return JsonResponse({"database": database, "broker": broker}, status=200 if healthy else 503)
