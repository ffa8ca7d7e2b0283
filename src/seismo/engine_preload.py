"""Imported by the process pool's fork server before it forks any worker (seismo.engine).

The pipeline is loaded once, there, and every worker forked from it starts with it in shared
memory (copy-on-write) instead of loading its own: 3-4 CPU seconds per worker, spent while the
other worker and the writing process need the same cores. If loading fails here, each worker
loads it in its initializer as before and the error shows there.
"""
import logging

try:
    from seismo.engine import preload_pipeline
    preload_pipeline()
except Exception:   # noqa: BLE001 - the fork server must start anyway; the workers retry
    logging.getLogger(__name__).debug("preloading the pipeline in the fork server failed", exc_info=True)
