"""One helper for background work: a callable runs on a QThreadPool, results come back as signals.

Every job gets a CancelFlag the callable checks (the engine polls it through Options.cancel);
results of a cancelled or superseded job are dropped by the caller comparing tokens. Tests
swap the pool for ImmediatePool, which runs a job at once on the calling thread.
"""

from __future__ import annotations

import gc
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

GUI_SWITCH_INTERVAL_S = 0.0005  # see TaskRunner.__init__


class CancelFlag:
    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


class _CollectorPause:
    """The cycle collector is paused while any job runs, and what the jobs built is frozen after.

    A job builds tens of thousands of objects (edits, spans); a full collection triggered on
    the worker scans them all while holding the GIL, which froze the window for 200 ms on a
    200,000-word article. Freezing the survivors (gc.freeze) keeps later collections from
    rescanning them. Reference counting still frees everything that is not a cycle.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = True

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0:
                gc.freeze()
                if self._was_enabled:
                    gc.enable()

    def settle(self) -> None:
        """Freeze what the GUI thread just built to keep (a long article's spans and ticks: 100,000+ tuples)
        so later full collections, which scanned them again, stay short (they reached 150 ms)."""
        with self._lock:
            if self._running == 0:
                gc.freeze()


collector_pause = _CollectorPause()


class JobSignals(QObject):
    progress = Signal(int, int)
    result = Signal(object)
    error = Signal(object)  # the exception
    finished = Signal()  # after result or error, also when cancelled


class Job(QRunnable):
    """fn(cancel, progress) -> value, run on a worker thread."""

    def __init__(self, fn: Callable[[CancelFlag, Callable[[int, int], None]], Any], name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Python side owns it until finished
        self.fn = fn
        self.name = name
        self.cancel = CancelFlag()
        self.signals = JobSignals()
        self.done = threading.Event()

    def run(self) -> None:
        try:
            with collector_pause:
                value = self.fn(self.cancel, self.signals.progress.emit)
        except Exception as exc:  # every failure goes back to the window as a message
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            if not self.cancel():
                self.signals.error.emit(exc)
        else:
            if not self.cancel():
                self.signals.result.emit(value)
        finally:
            self.done.set()
            self.signals.finished.emit()


class _Relay(QObject):
    """Lives on the GUI thread, so the job's signals reach the callbacks there (queued)."""

    def __init__(self, runner: TaskRunner, job: Job, on_result, on_error, on_progress) -> None:
        super().__init__(runner)
        self.runner, self.job = runner, job
        self.on_result, self.on_error, self.on_progress = on_result, on_error, on_progress

    @Slot(object)
    def result(self, value: Any) -> None:
        if self.on_result and not self.job.cancel():
            self.on_result(value)

    @Slot(object)
    def error(self, exc: BaseException) -> None:
        if self.on_error and not self.job.cancel():
            self.on_error(exc)

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        if self.on_progress and not self.job.cancel():
            self.on_progress(done, total)

    @Slot()
    def finished(self) -> None:
        self.runner._finished(self)


class ImmediatePool:
    """A stand-in for QThreadPool that runs each job at once (tests)."""

    def start(self, job: QRunnable) -> None:
        job.run()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 (Qt's name)
        return True

    def activeThreadCount(self) -> int:  # noqa: N802
        return 0


class TaskRunner(QObject):
    """Starts jobs and keeps them alive until they finish."""

    job_finished = Signal()

    def __init__(self, pool: QThreadPool | ImmediatePool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(2)
            # Workers run Python too, and share the interpreter lock with the GUI thread. At CPython's
            # 5 ms switch interval each Qt call the GUI thread made while a worker computed could wait
            # that long for the lock back: 600 highlights took 140 ms to build instead of 4 (a "convoy").
            sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        self.pool = pool
        self._jobs: dict[Job, _Relay] = {}

    def submit(
        self,
        fn: Callable[[CancelFlag, Callable[[int, int], None]], Any],
        *,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        name: str = "",
    ) -> Job:
        job = Job(fn, name)
        relay = _Relay(self, job, on_result, on_error, on_progress)
        job.signals.result.connect(relay.result)
        job.signals.error.connect(relay.error)
        job.signals.progress.connect(relay.progress)
        job.signals.finished.connect(relay.finished)
        self._jobs[job] = relay
        self.pool.start(job)
        return job

    def _finished(self, relay: _Relay) -> None:
        self._jobs.pop(relay.job, None)
        relay.deleteLater()
        self.job_finished.emit()

    def running(self) -> list[Job]:
        return [j for j in self._jobs if not j.done.is_set()]

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel.set()

    def shutdown(self, msecs: int = 10000) -> bool:
        """Cancel everything and wait for the threads (window close, test teardown)."""
        self.cancel_all()
        ok = self.pool.waitForDone(msecs)
        self._jobs.clear()
        return ok
