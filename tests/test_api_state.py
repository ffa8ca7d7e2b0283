"""The API server's DuckDB read connection: held through a stream of requests, released for a writer."""
import threading
import time

import duckdb
import pytest

from seismo.errors import DatabaseBusy
from seismo.serve import api_state
from seismo.store.duckdb import WRITE_WANTED, DuckDBStore, writer_waiting


def test_a_stream_of_reads_keeps_one_connection_until_a_writer_waits(tmp_path, monkeypatch):
    monkeypatch.setattr(api_state, "READ_HOLD_S", 0.3)
    path = str(tmp_path / "s.duckdb")
    state = api_state.AppState(path, None)
    try:
        stores, end = [], time.monotonic() + 1.0
        while time.monotonic() < end:          # requests every 50 ms for over three holds
            with state.reading() as store:
                stores.append(store)
            time.sleep(0.05)
        assert len({id(s) for s in stores}) == 1
        (tmp_path / f"s.duckdb{WRITE_WANTED}").write_text("1")
        with state.reading():
            pass
        assert state._reader is None            # released at once for the waiting writer
    finally:
        state.close()


def test_an_idle_server_releases_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(api_state, "READ_HOLD_S", 0.2)
    state = api_state.AppState(str(tmp_path / "s.duckdb"), None)
    try:
        with state.reading():
            pass
        time.sleep(0.5)
        assert state._reader is None
    finally:
        state.close()


def test_a_waiting_writer_leaves_a_marker_and_takes_it_away(tmp_path):
    path = str(tmp_path / "s.duckdb")
    DuckDBStore(path).close()
    reader = duckdb.connect(path, read_only=True)   # another holder: same process, other mode
    seen = []
    probe = threading.Timer(0.4, lambda: seen.append(writer_waiting(path)))
    probe.start()
    with pytest.raises(DatabaseBusy):
        DuckDBStore(path, read_only=False, wait_seconds=0.8)
    probe.join()
    reader.close()
    assert seen == [True] and not writer_waiting(path)
