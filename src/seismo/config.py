"""Settings read from the environment, with documented defaults (see docs/configuration.md).

SEISMO_DB        database: a DuckDB file path (default ./var/seismo.duckdb) or a postgresql:// URL
SEISMO_DATA_DIR  working data dir for caches and artifacts (default ./var)
SEISMO_CACHE_DIR rebuildable indexes, e.g. the gazetteer (default: $SEISMO_DATA_DIR/cache when
                 that is set, else ~/.cache/seismo)
SEISMO_API_KEY   key required by the API's write endpoints (unset: writes disabled)
SEISMO_DOC_BUDGET_S  seconds of cleaning or coding allowed per document (default 60; 0: unbounded)
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DATA = Path(__file__).parent / "data"
DEFAULT_DB = "var/seismo.duckdb"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024   # larger inputs are rejected with E104 (TooLarge)
MAX_CLEAN_CHARS = 2_000_000             # extraction reads at most this much clean text per document
PARSE_CHUNK_CHARS = 100_000             # longer texts are parsed in pieces (spaCy's memory per text)
PARSE_BATCH_CHARS = 200_000             # characters per parser batch (memory grows with them)
DEFAULT_DOC_BUDGET_S = 60.0

# Tool caches some libraries write to; redirected into the data dir so nothing lands in $HOME
# and nothing tries to reach a model hub (the machines reach only package registries).
_CACHE_VARS = {"HF_HOME": "hf", "TRANSFORMERS_CACHE": "hf", "XDG_CACHE_HOME": "xdg",
               "MPLCONFIGDIR": "mpl"}


# The collector's first-generation threshold for command runs and extraction workers (CPython's
# default: 700). Startup allocates a few hundred thousand long-lived objects (spaCy, gazetteer,
# lexicons, language profiles) and collections during it free nearly nothing; at 100,000 a
# one-article `seismo extract` took 0.15 CPU s less (2.30 -> 2.14 s, medians of 6 paired runs).
GC_THRESHOLD = (100_000, 50, 1000)


def tune_gc() -> None:
    """Set GC_THRESHOLD; called by entry points only (the CLI, extraction workers)."""
    import gc
    gc.set_threshold(*GC_THRESHOLD)


def data_dir() -> Path:
    return Path(os.environ.get("SEISMO_DATA_DIR", "var"))


def cache_dir() -> Path:
    """Where rebuildable indexes (the gazetteer) are kept: $SEISMO_CACHE_DIR, else
    $SEISMO_DATA_DIR/cache when that is set, else the user's ~/.cache/seismo.

    Not the working directory: the index depends only on the installed package and its data,
    and one copy per folder cost every first run in a new folder ~8 CPU s of rebuilding.
    """
    if os.environ.get("SEISMO_CACHE_DIR"):
        return Path(os.environ["SEISMO_CACHE_DIR"])
    if os.environ.get("SEISMO_DATA_DIR"):
        return data_dir() / "cache"
    try:
        return Path.home() / ".cache" / "seismo"
    except RuntimeError:       # no home directory to be found: the data dir, as before
        return data_dir() / "cache"


def db_url(cli_value: str | None = None) -> str:
    return cli_value or os.environ.get("SEISMO_DB") or DEFAULT_DB


def doc_budget_seconds() -> float:
    """The per-document time budget for cleaning and for event coding (seismo.budget)."""
    raw = os.environ.get("SEISMO_DOC_BUDGET_S")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_DOC_BUDGET_S
    except ValueError:
        from seismo.errors import ConfigError
        raise ConfigError(f"SEISMO_DOC_BUDGET_S must be a number of seconds, not {raw!r}") from None


def api_key() -> str | None:
    return os.environ.get("SEISMO_API_KEY") or None


def redirect_caches() -> None:
    """Point tool caches into the data dir and forbid hub downloads (called by entry points)."""
    base = data_dir() / "cache"
    for var, sub in _CACHE_VARS.items():
        os.environ.setdefault(var, str(base / sub))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
