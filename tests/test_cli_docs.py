"""`seismo ingest | docs | show | stats` through the real command line (issue 2)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from seismo.records import DateRef, Event, Evidence
from seismo.serve.cli import cli, register_all
from seismo.store import open_store

register_all()


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture()
def seeded_db(seeds_dir, tmp_db) -> str:
    result = run("ingest", str(seeds_dir), "--db", tmp_db, "--no-progress")
    assert result.exit_code == 0, result.output
    assert "stored 4" in result.output
    return tmp_db


def test_rerun_adds_nothing_and_stats_count_by_status(seeded_db, seeds_dir):
    again = run("ingest", str(seeds_dir), "--db", seeded_db, "--no-progress")
    assert again.exit_code == 0 and "stored 0, unchanged 4" in again.output
    stats = run("stats", "--db", seeded_db)
    assert stats.exit_code == 0
    assert "documents: 4" in stats.output and "ok" in stats.output and "runs: 2" in stats.output


def test_docs_lists_and_searches(seeded_db):
    listing = run("docs", "--db", seeded_db)
    assert listing.exit_code == 0 and listing.output.count("\n") >= 6
    found = run("docs", "--db", seeded_db, "--query", "KAMERHE", "--status", "ok")
    ids = [line.split()[0] for line in found.output.splitlines()[2:]]
    assert len(ids) == 1 and ids[0].startswith("000_")
    assert "(no documents)" in run("docs", "--db", seeded_db, "--status", "duplicate").output


def test_show_document_and_unknown_id(seeded_db, seeds_dir):
    doc_id = next(seeds_dir.glob("001_*.txt")).stem
    shown = run("show", doc_id, "--db", seeded_db)
    assert shown.exit_code == 0
    assert "published       2020-09-06" in shown.output and "Still necessary as a first step" in shown.output
    missing = CliRunner().invoke(cli, ["show", "no-such-id", "--db", seeded_db])
    assert missing.exit_code != 0 and "no-such-id" in missing.output


def test_show_event_highlights_trigger(tmp_db):
    sentence = "Rebels attacked the town of Walikale on Sunday."
    event = Event("d1", "d1-e0", "ASSAULT", Evidence(sentence, 0, len(sentence), "attacked", 7, 15),
                  date=DateRef("on Sunday", "2025-03-16", "day"))
    with open_store(tmp_db) as store:
        store.replace_events("d1", [event])
    shown = run("show", "d1-e0", "--db", tmp_db)
    assert shown.exit_code == 0 and "[attacked]" in shown.output and "ASSAULT" in shown.output


def test_show_rejected_input_prints_its_rejection(tmp_path, tmp_db):
    (tmp_path / "blank.txt").write_text("   \n")
    (tmp_path / "ok.txt").write_text("Soldiers arrested twelve protesters in Bamako on Friday, "
                                     "witnesses and a police spokesman said on Saturday.")
    result = run("ingest", str(tmp_path), "--db", tmp_db, "--no-progress")
    assert result.exit_code == 0 and "stored 1" in result.output and "rejected 1" in result.output
    assert "[E101]" in run("show", "blank", "--db", tmp_db).output


def test_nothing_ingested_exits_non_zero_with_reason(tmp_path, tmp_db):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "empty.txt"), "--db", tmp_db, "--no-progress"])
    assert result.exit_code == 1
    assert "nothing could be ingested" in result.output and "E101" in result.output


def test_ingest_from_stdin_jsonl(tmp_db):
    lines = [json.dumps({"id": "s1", "text": "Police arrested twelve protesters in Bamako on Friday, "
                         "witnesses and a police spokesman said on Saturday.", "published": "2025-01-10"}),
             "{broken"]
    result = run("ingest", "-", "--db", tmp_db, "--no-progress", input="\n".join(lines).encode())
    assert result.exit_code == 0 and "stored 1" in result.output and "rejected 1" in result.output
    with open_store(tmp_db, read_only=True) as store:
        assert store.get_document("s1").published == "2025-01-10"
        assert [r.code for r in store.rejections()] == ["E105"]


def test_busy_database_is_a_one_line_error(tmp_db):
    import subprocess
    import sys
    holder = open_store(tmp_db)      # this process holds the DuckDB write lock
    try:
        proc = subprocess.run([sys.executable, "-m", "seismo", "stats", "--db", tmp_db],
                              capture_output=True, text=True, timeout=120)
    finally:
        holder.close()
    assert proc.returncode == 1
    assert "[E401]" in proc.stderr and "Traceback" not in proc.stderr


def test_stats_shows_resolver_failures_of_recent_runs(tmp_path, tmp_db, monkeypatch):
    """A resolver that raises leaves a count in the run record (E302), shown by `seismo stats`."""
    from seismo.extract import resolvers

    def broken(sdoc, sent):
        raise KeyError("no such mineral table")

    monkeypatch.setattr(resolvers, "minerals_in", broken)
    (tmp_path / "a.txt").write_text("Rebels attacked Goma on Monday, killing five people.\n", encoding="utf-8")
    result = run("ingest", str(tmp_path / "a.txt"), "--db", tmp_db, "--extract", "--no-progress")
    assert result.exit_code == 0, result.output
    stats = run("stats", "--db", tmp_db)
    assert "resolver failures (last 10 runs): 1" in stats.output
    assert "minerals" in stats.output.split("resolver failures")[1]
