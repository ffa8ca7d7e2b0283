"""Where extraction runs: in this process (`local`) or on a Dask cluster (`dask`).

Why Dask and not Ray (docs/scaling.md has the longer note): extraction is embarrassingly
parallel CPU work on picklable records; Dask's distributed scheduler is pure Python, installs
from PyPI in seconds, runs a local multi-process cluster with no daemon, and scales to many
machines with `dask-scheduler`/`dask-worker` (or an existing cluster address) unchanged.
Ray would bring a much larger runtime (raylet, object store, dashboard) for no gain here.

Each worker process loads the spaCy pipeline once (module-level cache) and extracts batches of
documents; results come back to the caller, which alone writes to the store. One writer keeps
DuckDB's single-writer rule and makes the stored result identical to a single-process run.
"""
from __future__ import annotations

import logging
import os
from typing import Iterable, Iterator

from seismo.errors import ConfigError
from seismo.records import Document, Event, Rejection

log = logging.getLogger(__name__)
ENGINES = ("local", "dask")
_worker_pipeline = None


def _pipeline():
    global _worker_pipeline
    if _worker_pipeline is None:
        from seismo.pipeline import Pipeline
        _worker_pipeline = Pipeline()
    return _worker_pipeline


def extract_batch(docs: list[Document]) -> list[tuple[Document, list[Event] | Rejection]]:
    """Extract one batch in the current process (what each Dask task runs)."""
    return list(_pipeline().extract(docs))


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
            address: str | None = None, pipeline=None
            ) -> Iterator[tuple[Document, list[Event] | Rejection]]:
    """Yield (document, events or rejection) for every document, in input order."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "local" or (workers <= 1 and not address):
        yield from (pipeline or _pipeline()).extract(docs)
        return
    yield from _extract_dask(docs, workers, batch_size, address or os.environ.get("SEISMO_DASK_ADDRESS"))


def _extract_dask(docs, workers: int, batch_size: int, address: str | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("the dask engine needs: pip install 'seismo[dask]'") from exc
    cluster = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        # Bounded submission: at most 2 batches in flight per worker keeps memory flat on big corpora.
        in_flight, window = [], max(2 * workers, 2)
        for batch in _batches(docs, batch_size):
            in_flight.append(client.submit(extract_batch, batch, pure=False))
            if len(in_flight) >= window:
                yield from in_flight.pop(0).result()
        for future in in_flight:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
