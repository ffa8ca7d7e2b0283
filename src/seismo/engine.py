"""Where extraction runs: in this process (`local`) or on a Dask cluster (`dask`).

Why Dask and not Ray (docs/scaling.md has the longer note): extraction is embarrassingly
parallel CPU work on picklable records; Dask is pure Python, installs from PyPI in seconds,
runs on many machines with `dask scheduler` / `dask worker` (give the address in
SEISMO_DASK_ADDRESS); on one machine the engine streams batches to a process pool itself.
Ray would bring a much larger runtime (raylet, object store, dashboard) for no gain here.

Each worker process loads the spaCy pipeline once (module-level cache) and extracts batches of
documents; results come back to the caller, which alone writes to the store. One writer keeps
DuckDB's single-writer rule and makes the stored result identical to a single-process run.
"""
from __future__ import annotations

import collections
import importlib.util
import itertools
import logging
import os
import threading
import time
from typing import Iterable, Iterator

from seismo.errors import ConfigError
from seismo.records import STATUS_OK, Document, Event, Rejection

log = logging.getLogger(__name__)
ENGINES = ("local", "dask")
NOT_PROVIDED = {"ray": "the ray engine is not provided: Seismo's distributed engine is Dask "
                       "(docs/scaling.md says why); use --engine dask --workers N"}
# Batches submitted ahead per worker: enough that a worker never waits for the writer, few
# enough that memory stays bounded (each batch is batch_size documents and their events).
IN_FLIGHT_PER_WORKER = 3
_worker_pipeline = None


def _pipeline():
    global _worker_pipeline
    if _worker_pipeline is None:
        from seismo.pipeline import Pipeline
        _worker_pipeline = Pipeline()
    return _worker_pipeline


def preload_pipeline() -> None:
    """Load the pipeline in the fork server (seismo.engine_preload), where the collector is
    tuned as in a worker; the workers forked from it inherit both."""
    from seismo.config import tune_gc
    tune_gc()
    _pipeline()


def _start_worker() -> None:
    """A pool worker's initializer: the same as the fork server's preload (a no-op on the
    pipeline when the worker was forked with it already loaded)."""
    preload_pipeline()


def extract_batch(docs: list[Document]) -> list[tuple[Document, list[Event] | Rejection]]:
    """Extract one batch in the current process (what each Dask task runs)."""
    return list(_pipeline().extract(docs))


def check_engine(engine: str) -> None:
    """ConfigError (E500) for an engine this installation cannot run, before any work starts."""
    if engine in NOT_PROVIDED:
        raise ConfigError(NOT_PROVIDED[engine])
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract(docs: Iterable[Document], engine: str = "local", workers: int = 1, batch_size: int = 8,
            address: str | None = None, pipeline=None, ahead: "ExtractAhead | None" = None
            ) -> Iterator[tuple[Document, list[Event] | Rejection]]:
    """Yield (document, events or rejection) for every document, in input order. `ahead` holds
    documents already sent to the local workers (ExtractAhead); their results are used."""
    check_engine(engine)
    docs = iter(docs)
    first = next(docs, None)
    if first is None:
        return   # nothing to extract: build no pipeline (2+ s) and start no workers
    docs = itertools.chain([first], docs)
    if engine == "local" or (workers <= 1 and not address):
        yield from (pipeline or _pipeline()).extract(docs)
        return
    address = address or os.environ.get("SEISMO_DASK_ADDRESS")
    if importlib.util.find_spec("dask") is None:   # the engine's dependency, imported by a cluster
        raise ConfigError("the dask engine needs: pip install 'seismo[dask]'")
    if address:
        yield from _extract_distributed(docs, batch_size, address)
        return
    yield from _extract_local_pool(docs, workers, batch_size, ahead)


def _extract_local_pool(docs, workers: int, batch_size: int, ahead: "ExtractAhead | None"):
    """On one machine: a persistent process pool whose workers load the pipeline once
    (initializer); a Dask cluster when an address is given (see extract).

    Batches stream: at most IN_FLIGHT_PER_WORKER batches per worker are submitted ahead, and
    each result is yielded, in input order, as soon as it and those before it are done, so the
    caller stores while the workers extract. Dask's multiprocessing scheduler (`dask.compute`
    over the same pool) returned nothing until a whole window of 1,024 documents was extracted,
    and the workers then idled while the caller stored it. A 2-worker `distributed.LocalCluster`
    was slower still (measured: 1.49x against 1.84x on the same 788 articles), so the local
    path submits to the pool itself.
    """
    pool = _process_pool(workers)
    if ahead is not None:
        ahead.flush()
    slots: collections.deque = collections.deque()   # [future or None, index in its batch, doc]
    fresh: list = []                                  # slots of the batch being filled
    cap, queued = IN_FLIGHT_PER_WORKER * workers * batch_size, 0   # queued: slots sent here

    def send():
        future = pool.submit(extract_batch, [slot[2] for slot in fresh])
        for slot in fresh:
            slot[0] = future
        fresh.clear()
    for doc in docs:
        if doc.status != STATUS_OK:
            continue          # the pipeline yields nothing for it (and results are by position)
        early = ahead.take(doc) if ahead is not None else None
        if early is not None:
            slots.append([*early, doc, False])
            continue
        slot = [None, len(fresh), doc, True]
        fresh.append(slot)
        slots.append(slot)
        queued += 1
        if len(fresh) >= batch_size:
            send()
        while queued >= cap:
            queued -= slots[0][3]
            yield _result(slots.popleft(), send)
    while slots:
        yield _result(slots.popleft(), send)


def _result(slot, send) -> tuple[Document, list[Event] | Rejection]:
    if slot[0] is None:      # its batch is not full yet: send what there is
        send()
    future, index, doc, _ = slot
    return doc, future.result()[index][1]


def extract_ahead(engine: str, workers: int) -> "ExtractAhead | None":
    """An ExtractAhead when extraction will run on the local worker pool, else None."""
    if engine == "dask" and workers > 1 and not os.environ.get("SEISMO_DASK_ADDRESS"):
        return ExtractAhead(workers)
    return None


class ExtractAhead:
    """Documents sent to the local workers while the caller is still ingesting, so the workers
    extract during the ingest instead of only loading their pipelines. extract(ahead=...) uses
    a result when the document it is asked for has the same id and clean text; at most
    `max_docs` documents are held (bounded memory on a large ingest)."""

    def __init__(self, workers: int, batch_size: int = 8, max_docs: int = 1024):
        self.workers, self.batch_size, self.max_docs = workers, batch_size, max_docs
        self._sent: dict[str, tuple[object, int, Document]] = {}
        self._batch: list[Document] = []
        self._waiting: list[list[Document]] = []   # full batches held until the pool is up
        self._starting: threading.Thread | None = None

    def add(self, doc: Document) -> None:
        """A newly stored document: extraction may start now. The pool starts with the first
        document, in a thread: the fork server loading the pipeline (~2 s) blocked the ingest
        here while one core idled; batches wait for it instead (bounded by max_docs)."""
        if self._starting is None:
            self._starting = threading.Thread(target=_process_pool, args=(self.workers,), daemon=True)
            self._starting.start()
        if doc.status != STATUS_OK or len(self._sent) + self._held() >= self.max_docs:
            return
        self._batch.append(doc)
        if len(self._batch) >= self.batch_size:
            self._waiting.append(self._batch)
            self._batch = []
            if not self._starting.is_alive():
                self._submit()

    def flush(self) -> None:
        """Send every held document now (waits for the pool if it is still starting)."""
        if self._batch:
            self._waiting.append(self._batch)
            self._batch = []
        self._submit()

    def _held(self) -> int:
        return len(self._batch) + sum(len(b) for b in self._waiting)

    def _submit(self) -> None:
        pool = _process_pool(self.workers) if self._waiting else None
        for batch in self._waiting:
            future = pool.submit(extract_batch, batch)
            self._sent.update((d.id, (future, k, d)) for k, d in enumerate(batch))
        self._waiting = []

    def take(self, doc: Document) -> tuple[object, int] | None:
        sent = self._sent.pop(doc.id, None)
        if sent is None or sent[2].clean_text != doc.clean_text:
            return None
        return sent[0], sent[1]


_pools: dict[int, object] = {}


_pools_lock = threading.Lock()   # ExtractAhead starts a pool from a thread


def _process_pool(workers: int):
    """A process pool kept for the life of the process: workers load the pipeline once, and a
    long-running ingest (watch, API) does not pay that again for every batch of documents."""
    with _pools_lock:
        return _pools[workers] if workers in _pools else _new_pool(workers)


def _new_pool(workers: int):
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    # Workers are forked from a fork server that loaded the pipeline once (engine_preload):
    # with "spawn" each worker imported and loaded everything itself. The fork server is a
    # fresh interpreter, so no thread or lock of this process is forked.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["seismo.engine_preload"])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
    # The pool starts a worker only when a task finds none idle: one small first batch
    # started one worker, and the others started in the middle of the run. A start task per
    # worker, each keeping its worker busy for 0.1 s (a forked worker is ready in
    # milliseconds), makes every next one find none idle and start another.
    for _ in range(workers):
        pool.submit(time.sleep, 0.1)
    atexit.register(pool.shutdown, cancel_futures=True)
    _pools[workers] = pool
    return pool


def _extract_distributed(docs, batch_size: int, address: str):
    from dask.distributed import Client
    client = Client(address)
    try:
        client.run(_pipeline)   # every worker loads its pipeline once, in parallel
        in_flight, window = [], max(2 * len(client.scheduler_info()["workers"]), 2)
        for batch in _batches(docs, batch_size):
            in_flight.append(client.submit(extract_batch, batch, pure=False))
            if len(in_flight) >= window:
                yield from in_flight.pop(0).result()
        for future in in_flight:
            yield from future.result()
    finally:
        client.close()
