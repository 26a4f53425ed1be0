"""The background worker of `make run` and of a deployment: django-tasks' database
worker, kept alive through database errors.

django_tasks_db's own loop lets a database error end the process: on SQLite, a
write that waits more than its 20 s timeout for a lock (as `generate_national`
holds one) raises "database is locked" from `BEGIN EXCLUSIVE`, and the queued
jobs then wait until someone restarts the worker. This command runs the same
Worker, and on any database error logs it, waits (1, 2, 4 … at most 60 s) and
polls again.
"""

import contextlib
import logging
import os
import signal
import time
from collections.abc import Callable

from django.core.management.base import CommandError
from django.db import Error as DatabaseError
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.translation import gettext as _
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

MAX_DELAY = 60  # seconds


def backoff(failures: int, *, limit: float = MAX_DELAY) -> float:
    """The wait after the n-th failure in a row: 1, 2, 4, 8 … seconds, never more than `limit`."""
    return min(limit, 2 ** (failures - 1))


@contextlib.contextmanager
def _signals_restored():
    """The worker takes over SIGINT, SIGTERM and SIGQUIT; give them back when it ends (e.g. to a test run)."""
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    previous = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


class SupervisedWorker(db_worker.Worker):
    """django_tasks_db's Worker whose loop survives database errors.

    `sleep` and `clock` are injected so that tests need not wait. A loop that ran
    for longer than the longest wait before failing counts as recovered: the
    next failure waits 1 s again.
    """

    def __init__(
        self,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        **options,
    ):
        super().__init__(**options)
        self.sleep = sleep
        self.clock = clock
        self.failures = 0

    def run(self) -> None:
        while self.running:
            started = self.clock()
            try:
                super().run()
            except DatabaseError as error:
                if self.clock() - started > MAX_DELAY:
                    self.failures = 0
                self.failures += 1
                delay = backoff(self.failures)
                logger.warning(
                    "Worker %s: database error (%s); failure %s in a row, polling again in %s s.",
                    self.worker_id,
                    error,
                    self.failures,
                    delay,
                )
                # A connection left in a failed state would fail every later poll;
                # the next poll opens a new one.
                with contextlib.suppress(DatabaseError):
                    connections.close_all()
                self.sleep(delay)
            else:
                # The loop ended on its own: --batch, --max-tasks, or a shutdown signal.
                return


class Command(db_worker.Command):
    help = (
        "Menjalankan pekerja latar (db_worker django-tasks) yang tidak berhenti bila basis data terkunci atau "
        "tak terjangkau: kesalahan dicatat, lalu dicoba lagi setelah 1, 2, 4 … paling lama 60 detik."
    )

    # Injected by tests.
    sleep = staticmethod(time.sleep)

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if exclude_queues and "*" not in queue_name.split(","):
            raise CommandError(_("--exclude-queues hanya dapat dipakai bersama --queue-name=*"))
        worker = SupervisedWorker(
            sleep=self.sleep,
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # Only the reloaded child handles the signals, as db_worker does.
                worker.configure_signals()
            run_with_reloader(worker.run)
            return
        with _signals_restored():
            worker.configure_signals()
            worker.run()
