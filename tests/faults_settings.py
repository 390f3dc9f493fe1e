"""Settings of the processes the Redis fault test starts (the web app and its Celery worker): production's, with
the tasks on a queue of the test's own, so that nothing else on the same Redis is consumed or disturbed."""

import os

from datalek.settings import *  # noqa: F403 - the real settings, one override

CELERY_TASK_DEFAULT_QUEUE = os.environ["DATALEK_TEST_QUEUE"]
