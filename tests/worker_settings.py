"""Settings of the processes some tests start (a Celery worker, the web app): production's, with the tasks on the
test's own queue (DATALEK_TEST_QUEUE, which tests/celery_worker.py sets for every worker). What such a process
queues itself — the sweep's dispatches, a hand-over of deferred tasks — then reaches the test's worker, and nothing
else on the same Redis is consumed or disturbed."""

import os

from datalek.settings import *  # noqa: F403 - the real settings, one override

CELERY_TASK_DEFAULT_QUEUE = os.environ["DATALEK_TEST_QUEUE"]
