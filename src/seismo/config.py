"""Settings read from the environment, with documented defaults (see docs/configuration.md).

SEISMO_DB        database: a DuckDB file path (default ./var/seismo.duckdb) or a postgresql:// URL
SEISMO_DATA_DIR  working data dir for caches and artifacts (default ./var)
SEISMO_API_KEY   key required by the API's write endpoints (unset: writes disabled)
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DATA = Path(__file__).parent / "data"
DEFAULT_DB = "var/seismo.duckdb"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024   # larger inputs are rejected with E104 (TooLarge)
MAX_CLEAN_CHARS = 2_000_000             # extraction reads at most this much clean text per document

# Tool caches some libraries write to; redirected into the data dir so nothing lands in $HOME
# and nothing tries to reach a model hub (the machines reach only package registries).
_CACHE_VARS = {"HF_HOME": "hf", "TRANSFORMERS_CACHE": "hf", "XDG_CACHE_HOME": "xdg",
               "MPLCONFIGDIR": "mpl"}


def data_dir() -> Path:
    return Path(os.environ.get("SEISMO_DATA_DIR", "var"))


def db_url(cli_value: str | None = None) -> str:
    return cli_value or os.environ.get("SEISMO_DB") or DEFAULT_DB


def api_key() -> str | None:
    return os.environ.get("SEISMO_API_KEY") or None


def redirect_caches() -> None:
    """Point tool caches into the data dir and forbid hub downloads (called by entry points)."""
    base = data_dir() / "cache"
    for var, sub in _CACHE_VARS.items():
        os.environ.setdefault(var, str(base / sub))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
