"""Settings read from the environment, with documented defaults (see docs/configuration.md).

SEISMO_DB        database: a DuckDB file path (default ./var/seismo.duckdb) or a postgresql:// URL
SEISMO_DATA_DIR  working data dir for caches and artifacts (default ./var)
SEISMO_CACHE_DIR rebuildable indexes, e.g. the gazetteer (default: $SEISMO_DATA_DIR/cache when
                 that is set, else ~/.cache/seismo)
SEISMO_API_KEY   key required by the API's write endpoints (unset: writes disabled)
SEISMO_DOC_BUDGET_S  seconds of cleaning or coding allowed per document (default 60; 0: unbounded)
SEISMO_MAX_DOC_CHARS longer documents are rejected (E104) before any parsing (default 1,000,000)
SEISMO_DB_WAIT   seconds a DuckDB connection waits for another process's lock (default 5)

A variable set to nothing (`SEISMO_DB_WAIT=`) counts as unset; a value that cannot be used is a
ConfigError (E500) naming the variable, shown by the CLI as one line.
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
# Characters of one document's input (text or HTML). Parsing 2 M characters took 142 s, past
# the time budget, so larger inputs are refused up front rather than failing after minutes.
DEFAULT_MAX_DOC_CHARS = 1_000_000
# A server request holds the DuckDB file for milliseconds (seismo.serve.api_state); a CLI command
# waits that out rather than failing at once.
DEFAULT_DB_WAIT_S = 5.0

# Tool caches some libraries write to; redirected into the data dir so nothing lands in $HOME
# and nothing tries to reach a model hub (the machines reach only package registries).
_CACHE_VARS = {"HF_HOME": "hf", "TRANSFORMERS_CACHE": "hf", "XDG_CACHE_HOME": "xdg",
               "MPLCONFIGDIR": "mpl"}


def env_setting(name: str) -> str | None:
    """The variable's value, None when unset or set to nothing but blanks."""
    value = os.environ.get(name)
    return value if value and value.strip() else None


def env_seconds(name: str, default: float) -> float:
    """A non-negative number of seconds from the environment (blank: the default)."""
    raw = env_setting(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value >= 0 or value == float("inf"):   # also catches NaN
        from seismo.errors import ConfigError
        raise ConfigError(f"{name} must be a number of seconds (0 or more), not {raw!r}")
    return value
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
    return Path(env_setting("SEISMO_DATA_DIR") or "var")


def cache_dir() -> Path:
    """Where rebuildable indexes (the gazetteer) are kept: $SEISMO_CACHE_DIR, else
    $SEISMO_DATA_DIR/cache when that is set, else the user's ~/.cache/seismo.

    Not the working directory: the index depends only on the installed package and its data,
    and one copy per folder cost every first run in a new folder ~8 CPU s of rebuilding.
    """
    if env_setting("SEISMO_CACHE_DIR"):
        return Path(os.environ["SEISMO_CACHE_DIR"])
    if env_setting("SEISMO_DATA_DIR"):
        return data_dir() / "cache"
    try:
        return Path.home() / ".cache" / "seismo"
    except RuntimeError:       # no home directory to be found: the data dir, as before
        return data_dir() / "cache"


def db_url(cli_value: str | None = None) -> str:
    return cli_value or env_setting("SEISMO_DB") or DEFAULT_DB


def doc_budget_seconds() -> float:
    """The per-document time budget for cleaning and for event coding (seismo.budget)."""
    return env_seconds("SEISMO_DOC_BUDGET_S", DEFAULT_DOC_BUDGET_S)


def db_wait_seconds() -> float:
    """How long a DuckDB connection waits for a lock another process holds."""
    return env_seconds("SEISMO_DB_WAIT", DEFAULT_DB_WAIT_S)


def max_doc_chars() -> int:
    """The per-document character limit (SEISMO_MAX_DOC_CHARS; empty: the default; 0: none)."""
    raw = os.environ.get("SEISMO_MAX_DOC_CHARS", "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_MAX_DOC_CHARS
    except ValueError:
        from seismo.errors import ConfigError
        raise ConfigError(f"SEISMO_MAX_DOC_CHARS must be a whole number of characters, not {raw!r}") from None


def api_key() -> str | None:
    return env_setting("SEISMO_API_KEY")


def redirect_caches() -> None:
    """Point tool caches into the data dir and forbid hub downloads (called by entry points)."""
    base = data_dir() / "cache"
    for var, sub in _CACHE_VARS.items():
        os.environ.setdefault(var, str(base / sub))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
