"""kill -9 in the middle of a large ingest, then restart: nothing lost, nothing duplicated."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from seismo.bench.speed import news_texts
from seismo.store import open_store

N_DOCS = 60


def _ingest_cmd(corpus, db):
    return [sys.executable, "-m", "seismo", "ingest", str(corpus), "--db", str(db), "--extract", "--no-progress"]


def _state(db):
    with open_store(str(db)) as store:
        docs = sorted(r["id"] for r in store.query("SELECT id FROM documents"))
        events = store.query("SELECT event_id, doc_id FROM events ORDER BY event_id")
        extracted = store.query("SELECT COUNT(*) AS n FROM extractions")[0]["n"]
    return docs, [(e["event_id"], e["doc_id"]) for e in events], extracted


@pytest.mark.slow
def test_kill_9_mid_ingest_then_resume(shared_dir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, text in enumerate(news_texts(limit=N_DOCS)):
        (corpus / f"news-{i:03d}.txt").write_text(text, encoding="utf-8")

    start = time.monotonic()
    subprocess.run(_ingest_cmd(corpus, tmp_path / "ref.duckdb"), check=True, capture_output=True)
    full_run = time.monotonic() - start
    reference = _state(tmp_path / "ref.duckdb")

    crashed_db = tmp_path / "crash.duckdb"
    proc = subprocess.Popen(_ingest_cmd(corpus, crashed_db), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(full_run * 0.6)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    docs_at_crash, events_at_crash, _ = _state(crashed_db)

    subprocess.run(_ingest_cmd(corpus, crashed_db), check=True, capture_output=True)
    resumed = _state(crashed_db)

    assert len(docs_at_crash) <= N_DOCS
    assert resumed[0] == reference[0] and len(resumed[0]) == N_DOCS        # no document lost
    assert resumed[1] == reference[1]                                      # same events, none twice
    assert len({e for e, _ in resumed[1]}) == len(resumed[1])
    assert resumed[2] == reference[2] == N_DOCS                            # every document extracted once
    print(f"killed after {full_run * 0.6:.1f} s with {len(docs_at_crash)} documents and "
          f"{len(events_at_crash)} events stored; resumed to {len(resumed[0])} documents, "
          f"{len(resumed[1])} events")
