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


def coding_function(nlp, coder):
    """`code(text, published=...)` -> the events `coder` finds in `text` (a one-text document)."""
    from seismo.records import Document, OffsetMap

    def code(text: str, published: str | None = "2024-06-01"):
        doc = Document(id="t", source="test", raw=text, clean_text=text, published=published,
                       offsets=OffsetMap.identity(len(text)))
        return coder.code(doc, nlp(text))
    return code


@pytest.fixture(scope="session")
def code(nlp):
    """The event coder (default settings) on sentences written for the tests."""
    from seismo.extract.events import EventCoder
    return coding_function(nlp, EventCoder())


@pytest.fixture()
def tmp_db(tmp_path) -> str:
    return str(tmp_path / "test.duckdb")


def _busy_cores(seconds: float = 1.0) -> float:
    """CPU cores kept busy by other processes while this one sleeps (from /proc/stat)."""
    import time

    def sample():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields), idle
    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    ticks = total1 - total0
    import os
    return (1 - (idle1 - idle0) / ticks) * (os.cpu_count() or 1) if ticks else 0.0


@pytest.fixture()
def quiet_machine():
    """Timing floors mean nothing when other jobs share the cores: skip them then, with the reason."""
    try:
        busy = _busy_cores()
    except OSError:
        return
    if busy > 0.3:
        pytest.skip(f"machine busy ({busy:.1f} cores used by other processes): timing not measurable")
