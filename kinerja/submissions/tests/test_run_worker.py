"""The supervised worker: a locked or unreachable database makes it wait and
poll again (1, 2, 4 … at most 60 s), never exit."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

from kinerja.submissions.management.commands import run_worker
from kinerja.submissions.management.commands.run_worker import SupervisedWorker, backoff

LOCKED = OperationalError("database is locked")


class Clock:
    """A clock that moves only when told to."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def worker(sleeps: list, clock=None) -> SupervisedWorker:
    return SupervisedWorker(
        sleep=sleeps.append,
        clock=clock or Clock(),
        queue_names=["default"],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def test_backoff_doubles_from_one_second_up_to_a_minute():
    assert [backoff(n) for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_locked_database_is_logged_waited_out_with_backoff_and_the_loop_continues(caplog):
    sleeps = []
    outcomes = [LOCKED, LOCKED, InterfaceError("connection already closed"), LOCKED, None]
    with mock.patch.object(db_worker.Worker, "run", side_effect=outcomes) as loop:
        worker(sleeps).run()
    assert loop.call_count == 5  # polled again after every failure, then ended on its own
    assert sleeps == [1, 2, 4, 8]
    assert "database is locked" in caplog.text
    assert "polling again in 8 s" in caplog.text


def test_the_wait_starts_again_at_one_second_once_the_loop_ran_well_for_a_while():
    sleeps, clock = [], Clock()

    def fail_after(seconds):
        def run():
            clock.now += seconds
            raise LOCKED

        return run

    runs = [fail_after(1), fail_after(1), fail_after(1), fail_after(600), fail_after(1), lambda: None]
    with mock.patch.object(db_worker.Worker, "run", side_effect=lambda: runs.pop(0)()):
        worker(sleeps, clock).run()
    assert sleeps == [1, 2, 4, 1, 2]


def test_an_error_that_is_not_the_databases_still_ends_the_worker():
    sleeps = []
    with mock.patch.object(db_worker.Worker, "run", side_effect=ValueError("a bug")), pytest.raises(ValueError):
        worker(sleeps).run()
    assert sleeps == []


@pytest.mark.django_db
def test_the_command_keeps_running_through_a_locked_database():
    sleeps = []
    with (
        mock.patch.object(run_worker.Command, "sleep", sleeps.append),
        mock.patch.object(db_worker.Worker, "run", side_effect=[LOCKED, None]) as loop,
    ):
        call_command("run_worker", "--no-reload", "--no-startup-delay", verbosity=0)
    assert loop.call_count == 2
    assert sleeps == [1]
