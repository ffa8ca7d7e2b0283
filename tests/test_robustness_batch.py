"""A hostile batch mixed into 200 real articles (issue 13, "Done when"): every good document is
stored and extracted, every bad one rejected with its raw input and a code, in at most 1.5x the
time of the good documents alone; a second run of the same batch does no work.

The articles are read from ../shared/bench at test time (never copied into the repository).
"""
from __future__ import annotations

import json
import time

import pytest

from seismo.bench.speed import news_texts
from seismo.config import MAX_DOCUMENT_BYTES
from seismo.ingest import ingest_paths
from seismo.runner import extract_pending, refresh_analysis
from seismo.store import open_store
from tests.test_robustness import hostile_lines

N_GOOD = 200


def more_hostile_lines() -> list[str]:
    """Beyond items 1, 2 and 5: huge lines, an over-long text, odd but valid JSON."""
    return [
        '{"id": "huge-line", "text": "' + "x" * (MAX_DOCUMENT_BYTES + 10) + '"}',      # over 20 MB
        json.dumps({"id": "long-text", "text": "Troops shelled the town. " * 60_000}),  # 1.5 M characters
        json.dumps({"id": "no-body", "title": "A title and nothing else"}),
        json.dumps({"id": {"nested": "id"}, "text": "Police arrested men in Goma on Monday."}),
        json.dumps({"id": "", "text": 12345}),
        json.dumps({"id": "zero-width", "text": "\u200b\u200b\u200b"}),
        json.dumps({"id": "ctrl\nid", "text": "Police arrested men in Uvira on Monday."}),
        '{"id": "nul-raw", "text": "a\x00b"}',
        "null",
    ]


def _run(store, path, pipeline) -> tuple[float, object, object]:
    start = time.monotonic()
    ingested = ingest_paths(store, [str(path)])
    extracted = extract_pending(store, pipeline=pipeline)
    refresh_analysis(store, extracted.event_ids)
    return time.monotonic() - start, ingested, extracted


@pytest.mark.slow
def test_hostile_batch_in_200_real_articles(shared_dir, tmp_path, pipeline):
    good = [json.dumps({"id": f"news-{i:03d}", "text": t}) for i, t in enumerate(news_texts(limit=N_GOOD))]
    bad = hostile_lines() + more_hostile_lines()
    assert len(good) == N_GOOD
    (tmp_path / "good.jsonl").write_text("\n".join(good) + "\n", encoding="utf-8")
    mixed, bad_lines = [], set()
    for i, line in enumerate(good):                     # a bad line every ~10 good ones
        mixed.append(line)
        if i % 10 == 5 and bad:
            mixed.append(bad.pop())
            bad_lines.add(len(mixed))
    for line in bad:
        mixed.append(line)
        bad_lines.add(len(mixed))
    (tmp_path / "mixed.jsonl").write_text("\n".join(mixed) + "\n", encoding="utf-8")

    with open_store(str(tmp_path / "good.duckdb")) as store:
        good_alone, _, _ = _run(store, tmp_path / "good.jsonl", pipeline)
    with open_store(str(tmp_path / "mixed.duckdb")) as store:
        with_bad, ingested, extracted = _run(store, tmp_path / "mixed.jsonl", pipeline)
        stored = {r["id"]: r["status"] for r in store.query("SELECT id, status FROM documents")}
        done = {r["doc_id"]: r["failed_code"] for r in store.query("SELECT doc_id, failed_code FROM extractions")}
        rejections = {r.doc_id: r for r in store.rejections(limit=1000)}
        second, again, again_extracted = _run(store, tmp_path / "mixed.jsonl", pipeline)
        rejections_after = len(store.rejections(limit=1000))

    good_ids = {f"news-{i:03d}" for i in range(N_GOOD)}
    assert good_ids <= set(stored)                                           # every good one stored
    ok = {d for d, status in stored.items() if status == "ok"}
    assert ok and all(done.get(d, "missing") is None for d in ok)            # and extracted
    assert set(stored) - good_ids == set()                                   # no bad one stored
    bad_ids = {f"mixed-{n}" for n in bad_lines}
    assert set(rejections) == bad_ids and ingested.rejected == len(bad_ids)
    assert all(r.code.startswith("E1") and r.raw for r in rejections.values()), \
        [(r.doc_id, r.code) for r in rejections.values() if not r.raw]
    assert extracted.failed == 0
    assert with_bad <= 1.5 * good_alone, f"{with_bad:.1f} s with the hostile lines, {good_alone:.1f} s without"
    # the second run: nothing stored, extracted or recorded again
    assert again.stored == 0 and again_extracted.documents == 0 and rejections_after == len(rejections)
    print(f"good alone {good_alone:.1f} s, with {len(bad_ids)} hostile lines {with_bad:.1f} s "
          f"({with_bad / good_alone:.2f}x), second run {second:.1f} s")
