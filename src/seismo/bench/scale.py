"""Scaling benchmark: extraction throughput of N Dask workers against one process.

Throughput is measured in steady state: pipelines are loaded (and the cluster started) before
the clock starts, on both sides, since a long-running ingest pays those costs once. The events
of both runs are compared, so a speed-up that changed the output would not count.
"""
from __future__ import annotations

import json
import sys
import time

from seismo.bench.speed import _documents, news_texts


def run_scale(workers: int = 2, limit: int | None = None, batch_size: int = 8) -> dict:
    from seismo import engine
    docs = _documents(news_texts(limit=limit))
    engine._pipeline()                                   # warm the single-process pipeline
    start = time.perf_counter()
    local = [(d.id, [e.to_dict() for e in ev]) for d, ev in engine.extract(docs, "local")]
    t_local = time.perf_counter() - start
    engine_docs = list(engine.extract(docs[:workers * 2], "dask", workers=workers))   # spawn + load once
    del engine_docs
    start = time.perf_counter()
    dist = [(d.id, [e.to_dict() for e in ev]) for d, ev in
            engine.extract(docs, "dask", workers=workers, batch_size=batch_size)]
    t_dist = time.perf_counter() - start
    return {"docs": len(docs), "workers": workers, "single_seconds": round(t_local, 2),
            "distributed_seconds": round(t_dist, 2), "single_docs_per_s": round(len(docs) / t_local, 2),
            "distributed_docs_per_s": round(len(docs) / t_dist, 2), "speedup": round(t_local / t_dist, 3),
            "identical": local == dist, "events": sum(len(e) for _, e in local)}


if __name__ == "__main__":
    print(json.dumps(run_scale(int(sys.argv[1]) if len(sys.argv) > 1 else 2), indent=2))
