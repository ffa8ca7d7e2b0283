"""Issue 13 items 6 and 8: the dashboard server and the CLI on one DuckDB file, the serve banner
and its access log. Everything runs as separate processes, as an analyst runs them."""
from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import seismo

ROOT = Path(__file__).resolve().parents[1]
SRC = str(Path(seismo.__file__).resolve().parents[1])   # the seismo this test imported
ARTICLE = ("GOMA, March 3, 2025 - M23 rebels attacked an army position in Rutshuru on Monday, "
           "killing four soldiers, a provincial official said.\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=SRC, **extra)
    env.pop("SEISMO_DB", None)
    return env


def _seismo(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "seismo", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=timeout)


class ServeProcess:
    """`seismo serve` in its own process; its first stdout line is the banner."""

    def __init__(self, cwd: Path, *args: str):
        self.port = _free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "seismo", "serve", "--port", str(self.port), *args],
                                     cwd=cwd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/api/health")
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"server did not start: {self.proc.stderr.read()}")
                time.sleep(0.1)
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        self.banner = self.proc.stdout.readline() if ready else ""

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as resp:
            return json.loads(resp.read())

    def stop(self) -> str:
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err


def test_cli_commands_work_beside_a_running_server(tmp_path):
    """Item 6: on the default DuckDB file (var/seismo.duckdb) with `seismo serve` running,
    ingest, events, export and stats succeed, and the API shows the new events, no restart."""
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    server = ServeProcess(tmp_path)
    try:
        assert server.get("/api/events")["total"] == 0          # the page was open before the ingest
        ingest = _seismo("ingest", "article.txt", "--extract", "--no-progress", cwd=tmp_path)
        assert ingest.returncode == 0, ingest.stderr
        events = _seismo("events", "--format", "jsonl", cwd=tmp_path)
        assert events.returncode == 0, events.stderr
        stored = [json.loads(line) for line in events.stdout.splitlines()]
        assert stored
        export = _seismo("export", "--format", "acled-csv", cwd=tmp_path)
        assert export.returncode == 0 and export.stdout.startswith("event_id_cnty"), export.stderr
        stats = _seismo("stats", cwd=tmp_path)
        assert stats.returncode == 0 and "documents: 1" in stats.stdout, stats.stderr
        shown = server.get("/api/events")
        assert shown["total"] == len(stored)
        assert {e["event_id"] for e in shown["items"]} == {e["event_id"] for e in stored}
    finally:
        server.stop()
    assert (tmp_path / "var" / "seismo.duckdb").exists()


def test_serve_prints_its_url_and_logs_requests_with_v(tmp_path):
    """Item 8: the banner names the URL; -v gives one access-log line per request."""
    server = ServeProcess(tmp_path, "--db", str(tmp_path / "s.duckdb"), "-v")
    try:
        assert f"http://127.0.0.1:{server.port}/" in server.banner
        server.get("/api/stats")
    finally:
        err = server.stop()
    assert "GET /api/stats" in err
    quiet = ServeProcess(tmp_path, "--db", str(tmp_path / "s.duckdb"))
    try:
        quiet.get("/api/stats")
    finally:
        err = quiet.stop()
    assert "GET /api/stats" not in err


def test_api_answers_503_with_retry_after_while_a_cli_write_holds_the_file(tmp_path):
    """Item 6: the server never fails hard on a busy file, and works again once it is free."""
    from fastapi.testclient import TestClient

    from seismo.serve.api import create_app
    db = str(tmp_path / "busy.duckdb")
    client = TestClient(create_app(db, api_key="k"))
    holder = subprocess.Popen([sys.executable, "-c", f"import sys, time; from seismo.store import open_store; "
                               f"s = open_store({db!r}); print('held', flush=True); sys.stdin.read()"],
                              env=_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = client.get("/api/stats")
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert busy.json()["error"]["code"] == "E401"
    finally:
        holder.communicate("", timeout=30)
    assert client.get("/api/stats").status_code == 200


def test_posts_reuse_the_near_duplicate_index_until_another_process_writes(tmp_path, monkeypatch):
    """Item 6's design opens DuckDB per request; the near-duplicate index (read from every stored
    document) is still built once, not per posted document, unless the CLI wrote meanwhile."""
    from fastapi.testclient import TestClient

    from seismo.serve.api import create_app
    from seismo.clean import neardup
    from seismo.store import open_store
    db = str(tmp_path / "posts.duckdb")
    client = TestClient(create_app(db, api_key="k"))
    builds, real = [], neardup.near_dup_index
    monkeypatch.setattr(neardup, "near_dup_index",
                        lambda store: (builds.append(1) if store._neardup is None else None) or real(store))

    def post(i: int) -> None:
        body = {"id": f"p{i}", "text": f"Councillors met in Goma on Monday about roads and schools, item {i * 7919}."}
        assert client.post("/api/documents", json=body, headers={"X-API-Key": "k"}).status_code == 201
    for i in range(3):
        post(i)
    assert len(builds) == 1
    with open_store(db) as store:      # `seismo ingest` meanwhile
        store.start_run("ingest", {})
    post(9)
    assert len(builds) == 2
