"""The Celery app. Without CELERY_BROKER_URL/REDIS_URL tasks run eagerly (see settings)."""

import os
from logging.config import dictConfig

from celery import Celery
from celery.signals import setup_logging
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datalek.settings")

app = Celery("datalek")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _django_logging(**kwargs) -> None:
    """The worker logs through settings.LOGGING (with its personal-data scrubber), not handlers of its own."""
    dictConfig(settings.LOGGING)
