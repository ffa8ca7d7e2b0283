"""Shared fixtures: one loaded spaCy pipeline per test session, paths to the shared data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
BENCH = SHARED / "bench"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir) -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def nlp():
    """The project pipeline (spaCy + domain entity rules), loaded once per session."""
    from seismo.nlp import get_nlp
    return get_nlp()


@pytest.fixture(scope="session")
def pipeline(nlp):
    from seismo.pipeline import Pipeline
    return Pipeline(nlp=nlp)


@pytest.fixture()
def tmp_db(tmp_path) -> str:
    return str(tmp_path / "test.duckdb")
