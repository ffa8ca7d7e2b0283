"""Issue 13, "Batches and failures" (items 1-5): a batch survives any one input, failures never
tax later runs, crashes lose no alert, concurrent PostgreSQL ingests, refusals keep their input.

docs/robustness.md maps each item to its tests. All sentences here are written for the tests.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest

from seismo.ingest import ingest_paths
from seismo.ingest.readers import read_paths
from seismo.records import Document, OffsetMap, Rejection
from seismo.runner import extract_into_store, pending_documents, refresh_analysis
from seismo.store import open_store
from tests.test_store import PG_URL, _postgres_reason

GOOD = {
    "g-raid": "Rebels attacked the village of Kanyabayonga on Monday, killing four civilians, officials "
              "said. The residents who fled told reporters that the houses were burned.",
    "g-march": "Thousands of protesters marched in Kinshasa on Wednesday against rising fuel prices. The "
               "organisers said they would return to the streets next week if nothing changed.",
    "g-arrest": "Police arrested twelve opposition activists in Lubumbashi on Friday, their lawyer said. "
                "He told reporters that they were being held without charge at a police station.",
}
COUP = ("Soldiers seize power in Niger\n\nNIAMEY, July 27, 2023 - Soldiers seized power in Niger on "
        "Wednesday and detained the president at his residence in Niamey, the army said in a statement "
        "read on national television. The borders were closed and a curfew was declared.")
MINE_TOWN = ("Rebels take mining town in eastern Congo\n\nGOMA, May 2, 2024 - M23 rebels captured the town "
             "of Rubaya in North Kivu province on Tuesday after heavy fighting with the army, residents "
             "said. Rubaya is home to coltan mines that supply much of the world's tantalum.")


def hostile_lines() -> list[str]:
    """One JSONL line per hostile input of items 1 and 5 (and a few more of the same kind)."""
    return [
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",          # RecursionError
        '{"id": "surrogate", "text": "Troops fired on a crowd in Goma \\ud800 on Monday."}',
        '{"id": "nul", "text": "Police arrested ten men in Bukavu\\u0000 on Tuesday."}',
        '{"id": "nul-title", "title": "a\\u0000b", "text": "Militia burned houses in Djugu on Sunday."}',
        json.dumps({"id": ["list"], "text": "Troops shelled Sake on Saturday, residents said."}),
        json.dumps({"id": True, "text": "Troops shelled Minova on Saturday, residents said."}),
        json.dumps({"id": "a/b", "text": "Militia burned houses in Djugu on Sunday, witnesses said."}),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "nav", "html": "<html><body><nav>Home | News | Sport</nav></body></html>"}),
        json.dumps({"id": "divs", "html": "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000
                    + "</body></html>"}),
        '{"id": "broken", "text": "unterminated',
        "[1, 2, 3]",
    ]


def good_lines() -> list[str]:
    return [json.dumps({"id": k, "text": v}) for k, v in GOOD.items()]


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "duckdb":
        yield str(tmp_path / "r.duckdb")
        return
    reason = _postgres_reason()
    if reason:
        pytest.skip(reason)
    url = f"{PG_URL}?schema=seismo_rb_{uuid.uuid4().hex[:12]}"
    yield url
    with open_store(url) as store:
        store.drop_schema()


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, source="test", raw=text, clean_text=text, language="en",
                    offsets=OffsetMap.identity(len(text)), content_hash=doc_id)


# -- item 1: one bad JSONL line never aborts the batch --------------------------------------------
def test_item1_bad_jsonl_lines_are_rejections_and_good_documents_are_extracted(db_url, tmp_path, pipeline):
    batch = tmp_path / "batch.jsonl"
    lines = good_lines()[:1] + hostile_lines()[:4] + good_lines()[1:]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(db_url) as store:
        summary = ingest_paths(store, [str(batch)])
        extracted = extract_into_store(store, pending_documents(store), pipeline=pipeline)
        stored = {r["id"] for r in store.query("SELECT id FROM documents")}
        codes = {r.doc_id: r.code for r in store.rejections(limit=100)}
    assert stored == set(GOOD) and summary.stored == 3 and summary.rejected == 4
    assert extracted.documents == 3 and extracted.failed == 0
    assert codes == {"batch-2": "E105", "batch-3": "E103", "batch-4": "E102", "batch-5": "E102"}


def test_item1_a_rejection_holding_nul_or_a_surrogate_is_still_stored(db_url):
    with open_store(db_url) as store:
        store.put_rejection(Rejection("x", "clean", "E300", "boom \x00", "s", "raw \ud800 and \x00"))
        (rej,) = store.rejections("x")
    assert rej.raw == "raw \\ud800 and \\x00" and rej.code == "E300"


# -- item 2: failures are recorded, not retried on every run; the budget bounds a document -----------
class CountingPipeline:
    """Fails the documents named in `failing` (E301) and counts what it was asked to extract."""

    def __init__(self, failing: set[str]):
        self.failing, self.seen = failing, []

    def extract(self, docs):
        for doc in docs:
            self.seen.append(doc.id)
            yield doc, (Rejection(doc.id, "extract", "E301", "past the budget", doc.source)
                        if doc.id in self.failing else [])


def test_item2_a_failed_document_is_not_retried_unless_asked(db_url):
    from seismo.runner import extract_pending
    with open_store(db_url) as store:
        for doc_id in ("ok", "slow"):
            store.put_document(_doc(doc_id, f"Police arrested men in Goma ({doc_id})."))
        first = CountingPipeline({"slow"})
        extract_into_store(store, pending_documents(store), pipeline=first)
        later = CountingPipeline(set())
        extract_into_store(store, pending_documents(store), pipeline=later)
        assert sorted(first.seen) == ["ok", "slow"] and later.seen == []
        assert {r["doc_id"]: r["failed_code"] for r in store.query("SELECT * FROM extractions")} == \
            {"ok": None, "slow": "E301"}
        assert [r.code for r in store.rejections("slow")] == ["E301"]
        retry = CountingPipeline(set())
        extract_pending(store, retry_failed=True, pipeline=retry)
        assert retry.seen == ["slow"]
        assert store.query("SELECT failed_code FROM extractions WHERE doc_id = 'slow'")[0]["failed_code"] is None


def test_item2_retry_failed_is_a_cli_option(tmp_path):
    from click.testing import CliRunner
    from seismo.serve.cli import cli, register_all
    register_all()
    out = CliRunner().invoke(cli, ["ingest", "--help"]).output
    assert "--retry-failed" in out


def test_item2_an_oversized_document_is_refused_before_any_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("SEISMO_MAX_DOC_CHARS", "5000")
    big = tmp_path / "big.txt"
    big.write_text("Rebels attacked a village near Beni on Monday. " * 500, encoding="utf-8")
    start = time.monotonic()
    (item,) = read_paths([str(big)])
    assert isinstance(item, Rejection) and item.code == "E104" and "SEISMO_MAX_DOC_CHARS" in item.message
    assert item.raw and item.raw.startswith("Rebels attacked") and time.monotonic() - start < 1


def test_item2_the_budget_bounds_parsing_and_coding_of_a_long_document(nlp):
    from seismo.pipeline import Pipeline
    text = "Rebels attacked the village of Kanyabayonga on Monday, killing four civilians. " * 3000
    start = time.monotonic()
    ((_, result),) = list(Pipeline(nlp=nlp, budget_seconds=1.0).extract([_doc("long", text)]))
    took = time.monotonic() - start
    assert isinstance(result, Rejection) and result.code == "E301"
    assert took < 6, f"{len(text):,} characters took {took:.1f} s against a 1 s budget"


# -- item 3: alerts after a crash; runs of dead processes closed -----------------------------------
def test_item3_alerts_are_raised_for_events_stored_before_a_crash(db_url, pipeline):
    from seismo.analyze.persist import list_alerts
    with open_store(db_url) as store:
        store.put_document(_doc("coup", COUP))
        store.put_document(_doc("mine-town", MINE_TOWN))
        extract_into_store(store, pending_documents(store), pipeline=pipeline)
        # the process died here, before alerting; the next run extracts nothing new
        refresh_analysis(store, [])
        rules = sorted(a.rule for a in list_alerts(store))
        again = refresh_analysis(store, [])
    assert rules == ["coup", "town-seized-near-mine"]
    assert again["alerts"] == 0


def test_item3_a_run_whose_process_died_is_closed_as_interrupted(db_url):
    with open_store(db_url) as store:   # schema first: the child below only starts a run
        pass
    code = ("import os, sys; from seismo.store import open_store\n"
            "s = open_store(sys.argv[1]); s.start_run('ingest', {}); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, db_url], check=True, env=dict(os.environ))
    with open_store(db_url) as store:
        mine = store.start_run("ingest", {})
        statuses = {r["id"]: r["status"] for r in store.query("SELECT id, status FROM runs")}
        store.finish_run(mine, {})
    assert statuses == {1: "interrupted", mine: "running"}


# -- item 4: PostgreSQL concurrency; NUL in API parameters --------------------------------------------
def test_item4_two_concurrent_postgres_ingests_on_a_new_then_existing_schema(tmp_path, pipeline):
    from seismo.runner import extract_pending
    reason = _postgres_reason()
    if reason:
        pytest.skip(reason)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id, text in GOOD.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    url = f"{PG_URL}?schema=seismo_rb_{uuid.uuid4().hex[:12]}"

    def ingest_twice_at_once() -> tuple[list, list[int]]:
        errors, extracted, start = [], [], threading.Barrier(2)

        def one():
            try:
                start.wait()
                with open_store(url) as store:
                    ingest_paths(store, [str(corpus)])
                    result = extract_pending(store, pipeline=pipeline)
                    refresh_analysis(store, result.event_ids)
                    extracted.append(result.documents)
            except Exception as exc:   # what the second ingest used to die of (E402)
                errors.append(repr(exc))
        threads = [threading.Thread(target=one) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return errors, extracted
    try:
        errors, extracted = ingest_twice_at_once()             # a new schema
        with open_store(url) as store:
            state = store.query("SELECT d.id, d.status, x.failed_code FROM documents d "
                                "LEFT JOIN extractions x ON x.doc_id = d.id")
        assert errors == [] and sum(extracted) == len(GOOD), (extracted, state)
        with open_store(url) as store:
            for table in ("documents", "doc_minhash", "extractions", "events", "rejections"):
                store.execute(f"DELETE FROM {table}")
        errors, extracted = ingest_twice_at_once()             # the schema exists
        assert errors == [] and sum(extracted) == len(GOOD)    # each document extracted once
        with open_store(url) as store:
            assert store.stats().rejections_by_code == {}      # no spurious E300
            assert store.query("SELECT COUNT(*) AS n FROM documents")[0]["n"] == len(GOOD)
    finally:
        with open_store(url) as store:
            store.drop_schema()


@pytest.mark.parametrize("backend", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_item4_a_nul_byte_in_any_parameter_or_body_is_a_4xx(backend, tmp_path):
    from fastapi.testclient import TestClient
    from seismo.serve.api import create_app
    if backend == "postgres" and _postgres_reason():
        pytest.skip(_postgres_reason())
    url = str(tmp_path / "api.duckdb") if backend == "duckdb" else f"{PG_URL}?schema=seismo_rb_{uuid.uuid4().hex[:12]}"
    app = create_app(url, api_key="k")
    client = TestClient(app)
    try:
        for path in ("/api/events?actor=%00", "/api/events?country=A%00B", "/api/documents?q=x%00",
                     "/api/documents/a%00b", "/api/incidents?type=%00", "/api/events/e%00"):
            resp = client.get(path)
            assert resp.status_code == 400 and resp.json()["error"]["code"] == "E102", path
        resp = client.post("/api/documents", headers={"X-API-Key": "k"},
                           content='{"id": "n", "text": "Police arrested men in Goma\\u0000."}')
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "E102"
    finally:
        if backend == "postgres":
            with app.state.seismo.writing() as store:
                store.drop_schema()
        app.state.seismo.close()


# -- item 5: refusals keep their input and a code; ids that work everywhere ------------------------------
def test_item5_no_article_html_rejection_keeps_the_raw_page(tmp_path):
    pages = {"nav": "<html><body><nav>Home</nav></body></html>",
             "divs": "<html><body>" + "<div>" * 80_000 + "x" + "</div>" * 80_000 + "</body></html>"}
    for name, page in pages.items():
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
    with open_store(str(tmp_path / "r.duckdb")) as store:
        summary = ingest_paths(store, [str(tmp_path / f"{name}.html") for name in pages])
        rejections = {r.doc_id: r for r in store.rejections(limit=10)}
    assert summary.rejected == 2 and set(rejections) == set(pages)
    for name, page in pages.items():
        assert rejections[name].code == "E106", rejections[name]
        assert rejections[name].raw and page.startswith(rejections[name].raw[:5000]), name


def test_item5_jsonl_ids_must_be_strings_or_integers_without_a_slash(tmp_path):
    batch = tmp_path / "ids.jsonl"
    text = "Troops shelled the town of Sake on Saturday, residents said."
    batch.write_text("\n".join(json.dumps({"id": i, "text": text + str(n)}) for n, i in
                               enumerate([7, ["x"], True, {"a": 1}, 2.5, "a/b", "fine-id"])), encoding="utf-8")
    items = list(read_paths([str(batch)]))
    assert [i.id for i in items if isinstance(i, Document)] == ["7", "fine-id"]
    assert [(i.doc_id, i.code) for i in items if isinstance(i, Rejection)] == \
        [(f"ids-{n}", "E105") for n in (2, 3, 4, 5, 6)]
    assert all(i.raw for i in items if isinstance(i, Rejection))


def test_item5_api_refusals_are_4xx_with_a_rejection_record(tmp_path):
    from fastapi.testclient import TestClient
    from seismo.serve.api import create_app
    app = create_app(str(tmp_path / "api.duckdb"), api_key="k")
    client = TestClient(app)
    key = {"X-API-Key": "k"}
    with app.state.seismo.writing() as store:
        store.put_document(_doc("taken", "Police arrested men in Goma on Monday."))
    try:
        conflict = client.post("/api/documents", headers=key, json={"id": "taken", "text": "Other words here."})
        assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "E107"
        empty = client.post("/api/documents", headers=key, json={"id": "empty", "text": "  "})
        nav = client.post("/api/documents", headers=key,
                          json={"id": "nav", "html": "<html><body><nav>Home | News</nav></body></html>"})
        slash = client.post("/api/documents", headers=key, json={"id": "a/b", "text": "Troops shelled Sake."})
        assert [r.status_code for r in (empty, nav, slash)] == [422, 422, 422]
        with app.state.seismo.reading() as store:
            for doc_id, code in (("taken", "E107"), ("empty", "E101"), ("nav", "E106"), ("a/b", "E105")):
                (rej,) = store.rejections(doc_id)
                assert rej.code == code and rej.raw is not None, doc_id
            assert "<nav>" in store.rejections("nav")[0].raw
    finally:
        app.state.seismo.close()
