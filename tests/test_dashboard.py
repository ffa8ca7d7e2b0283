"""The web dashboard in a real headless Chromium (Debian's chromium, driven by Playwright).

The server is uvicorn in a thread on 127.0.0.1 and a free port; the browser runs with its network
features off, and every request that leaves 127.0.0.1 is recorded and fails the test (the page must
work with no internet). Screenshots go to test-artifacts/. Install the browser with
scripts/install-browser.sh; without it these tests are skipped with that reason.
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from seismo.store.base import EventFilter
from tests.test_dashboard_data import bulk_load, corroborated, store_small, synthetic_events

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="Debian chromium not installed (run scripts/install-browser.sh)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn serving create_app(db) in a background thread."""

    def __init__(self, db: str):
        import uvicorn

        from seismo.serve.api import create_app
        self.app = create_app(db, api_key="dash-key")
        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.seismo.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A page that records JS errors and any request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    pg.errors, pg.outside = [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:")) else pg.outside.append(r.url))
    yield pg
    context.close()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> str:
    from seismo.analyze.persist import refresh_incidents, run_alerts
    from seismo.store import open_store
    db = str(tmp_path_factory.mktemp("dash") / "small.duckdb")
    with open_store(db) as store:
        store_small(store, synthetic_events(600, seed=21))
        ids = []
        for doc, evs in corroborated(6):
            store.put_document(doc)
            store.replace_events(doc.id, evs)
            ids += [e.event_id for e in evs]
        refresh_incidents(store)
        run_alerts(store, ids)
    return db


def _ready(page, url: str) -> float:
    start = time.monotonic()
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=20000)
    return time.monotonic() - start


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_map_renders_shapes_and_markers_offline(page, small_db):
    with Server(small_db) as srv:
        _ready(page, srv.url)
        canvas = page.locator("canvas#map")
        assert int(canvas.get_attribute("data-countries")) > 150          # Natural Earth 110m: 177 shapes
        assert int(canvas.get_attribute("data-cells")) > 5
        assert int(page.locator("canvas#timeline").get_attribute("data-weeks")) > 50
        # pixels: land is drawn (not only the sea colour) and markers in the conflict red exist
        colours = page.evaluate("""() => {
            const c = document.querySelector('canvas#map'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let land = 0, red = 0;
            for (let i = 0; i < d.length; i += 16) {
                const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
                if (r > 230 && g > 225 && b > 205 && b < 245) land++;
                if (r > 180 && g < 110 && b < 100) red++;
            }
            return {land, red};
        }""")
        assert colours["land"] > 1000 and colours["red"] > 20, colours
        _shot(page, "dashboard-overview")
        assert not page.errors and not page.outside, (page.errors, page.outside[:3])


def test_filters_change_the_table(page, small_db):
    with Server(small_db) as srv:
        _ready(page, srv.url)
        before = page.locator("#events-table tbody tr").count()
        assert before == 50
        page.select_option("#filters select[name=type]", "PROTEST")
        page.wait_for_function("location.hash.includes('type=PROTEST')")
        page.wait_for_selector("body[data-ready='1']")
        page.wait_for_function("""() => { const b = document.querySelectorAll('#events-table tbody .badge');
                                          return b.length && [...b].every(x => x.textContent === 'PROTEST'); }""")
        total = page.locator("#table-card h2 .right").inner_text()
        assert "events" in total and int(total.split()[0].replace(",", "")) < 600
        page.select_option("#filters select[name=country]", "COD")
        page.wait_for_function("location.hash.includes('country=COD')")
        page.wait_for_function("""t => { const h = document.querySelector('#table-card h2 .right');
                                        return h && h.textContent !== t && !h.textContent.includes('loading'); }""",
                               arg=total)
        with srv.app.state.seismo.reading() as store:
            expected = store.count_events(EventFilter(type="PROTEST", country="COD"))
        assert page.locator("#table-card h2 .right").inner_text() == f"{expected} events"
        _shot(page, "dashboard-filtered")
        assert not page.errors and not page.outside


def test_event_page_highlights_evidence(page, small_db):
    with Server(small_db) as srv:
        _ready(page, srv.url)
        page.locator("#events-table tbody tr").first.click()
        page.wait_for_selector("#evidence mark.trigger")
        trigger = page.locator("#evidence mark.trigger").inner_text()
        assert trigger and trigger in page.locator("#evidence").inner_text()
        kinds = set(page.eval_on_selector_all("#evidence mark", "ms => ms.map(m => m.className)"))
        assert {"trigger", "actor1", "location"} <= kinds
        _shot(page, "dashboard-event")
        page.get_by_text("Open the document").click()
        page.wait_for_selector(".doc-text mark.sentence mark.trigger")
        _shot(page, "dashboard-document")
        assert not page.errors and not page.outside


def test_incident_actor_mineral_and_alert_pages(page, small_db):
    with Server(small_db) as srv:
        _ready(page, srv.url + "#/incidents")
        page.locator("tr[data-id]").first.click()
        page.wait_for_selector(".report")
        assert page.locator(".report").count() >= 2
        _shot(page, "dashboard-incident")
        for route, selector in (("#/actor/M23", "#events-table"), ("#/mineral/cobalt", "canvas#map"),
                                ("#/alerts", "#alerts-table")):
            _ready(page, srv.url + route)
            page.wait_for_selector(selector)
        assert page.locator("#alerts-table button[data-ack]").count() >= 1
        _shot(page, "dashboard-alerts")
        assert not page.errors and not page.outside


@pytest.mark.slow
def test_page_load_with_100k_events(page, tmp_path):
    from seismo.store import open_store
    db = str(tmp_path / "big.duckdb")
    with open_store(db) as store:
        bulk_load(store, synthetic_events(100_000, seed=99))
        assert store.count_events() == 100_000
    with Server(db) as srv:
        _ready(page, srv.url)   # warm-up: first DuckDB scans, the map file into the browser cache
        page.goto("about:blank")
        times = [_ready(page, srv.url) for _ in range(3)]
        _shot(page, "dashboard-100k")
        print(f"page load with 100k events: {', '.join(f'{t:.2f}s' for t in times)}")
        assert page.locator("#events-table tbody tr").count() == 50
        assert "100,000" in page.locator("#summary").inner_text()
        assert min(times) <= 2.0 and sorted(times)[1] <= 2.0, times
