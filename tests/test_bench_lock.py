"""Two benchmark runs on one database measure each other, and one's purge meets the other's fan-out (issue 19): a
run holds an advisory lock for its whole length; a second refuses with a message naming the database and the run
holding it, or waits when asked."""

import threading

import pytest
from django.db import connection

from bench import run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks run on PostgreSQL")


def test_a_second_run_refuses_with_a_message_while_the_first_holds_the_database():
    first = run.hold_lock(wait=False)
    try:
        with pytest.raises(run.BenchBusy) as refused:
            run.hold_lock(wait=False)
        message = str(refused.value)
        assert connection.settings_dict["NAME"] in message
        assert "backend pid" in message and "--wait" in message
    finally:
        first.close()
    second = run.hold_lock(wait=False)  # the first run ended: the lock is free again
    second.close()


def test_a_second_run_with_wait_starts_when_the_first_ends(capsys):
    first = run.hold_lock(wait=False)
    got: list = []
    waiter = threading.Thread(target=lambda: got.append(run.hold_lock(wait=True)))
    waiter.start()
    waiter.join(timeout=1.0)
    assert waiter.is_alive() and not got  # still waiting while the first holds it
    first.close()
    waiter.join(timeout=10)
    assert got, "the waiting run never got the lock"
    got[0].close()
    assert "waiting for the other benchmark run" in capsys.readouterr().out
