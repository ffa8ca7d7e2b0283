"""A per-document time budget, so hostile input cannot hang a batch.

`with time_budget(seconds, stage):` bounds the work on one document:

- cooperatively, in any thread: long loops call `check_budget()` (the event coder does once per
  sentence), which raises `TimeBudgetExceeded` (E301) once the deadline has passed;
- preemptively, in the main thread on POSIX: a SIGALRM timer interrupts code that never calls
  `check_budget()` (a pathological regex or HTML tree: CPython's regex engine checks for signals
  while it backtracks). Worker threads (API, Dask) get the cooperative check only, because
  signals reach the main thread alone.

The caller turns the exception into a stored rejection and records the failure; the document
itself stays stored, and `seismo ingest --extract --retry-failed` (with a larger
`SEISMO_DOC_BUDGET_S`) tries it again. Batched parsing with spaCy is bounded by the text-size
limits instead (`seismo.config`), because interrupting `nlp.pipe` would end the batch's stream;
a text over PARSE_CHUNK_CHARS is parsed alone, under one budget with its coding.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from seismo.errors import TimeBudgetExceeded

_local = threading.local()


def check_budget() -> None:
    """Raise TimeBudgetExceeded when the current document's budget is spent (cheap to call)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline[0]:
        raise _exceeded(deadline)


def _exceeded(deadline: tuple[float, str, float]) -> TimeBudgetExceeded:
    _, stage, seconds = deadline
    return TimeBudgetExceeded(f"{stage} ran past the {seconds:g} s budget per document "
                              "(SEISMO_DOC_BUDGET_S)", stage=stage)


@contextmanager
def time_budget(seconds: float | None, stage: str) -> Iterator[None]:
    """Bound the enclosed work to `seconds` (None or 0: unbounded). Not re-entrant by design:
    an inner budget inside an outer one keeps the outer deadline."""
    if not seconds or getattr(_local, "deadline", None) is not None:
        yield
        return
    started = time.monotonic()
    _local.deadline = (started + seconds, stage, seconds)
    alarm = _arm_alarm(seconds)
    try:
        yield
    finally:
        if alarm is not None:
            _disarm(alarm, time.monotonic() - started)
        _local.deadline = None


def _arm_alarm(seconds: float):
    """Start a SIGALRM timer when signals can reach us; return (old handler, old timer's remaining
    seconds) to restore, or None. A timer someone else started (pytest-timeout, say) is resumed
    afterwards; when it would fire before ours, it is left alone."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None
    remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    if remaining and remaining <= seconds:
        return None
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return (previous if previous is not None else signal.SIG_DFL), remaining


def _disarm(alarm, elapsed: float) -> None:
    previous, remaining = alarm
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)
    if remaining:
        signal.setitimer(signal.ITIMER_REAL, max(remaining - elapsed, 0.001))


def _on_alarm(signum, frame) -> None:
    deadline = getattr(_local, "deadline", None)
    if deadline is not None:   # a late timer, after the budget was closed, interrupts nothing
        # Fire again soon in case this exception is swallowed (raised inside a gc callback or a
        # __del__); leaving the budget clears the timer.
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        raise _exceeded(deadline)
