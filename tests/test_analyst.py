"""Issue 13, "working as an analyst works" and "security": `seismo run`'s report (item 7),
invalid filters and settings (item 9), LIKE wildcards in `actor=` (item 14). The table in
docs/robustness.md maps each item to its test."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import seismo
from click.testing import CliRunner
from fastapi.testclient import TestClient

from seismo.records import DateRef
from seismo.serve.api import create_app
from seismo.serve.cli import cli, register_all
from seismo.store import EventFilter, open_store
from tests.test_store import make_doc, make_event

register_all()
ROOT = Path(__file__).resolve().parents[1]
SRC = str(Path(seismo.__file__).resolve().parents[1])   # the seismo this test imported


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture()
def old_event_db(tmp_db) -> str:
    """A store that already holds an event from 1917 (the old `run` printed it first)."""
    with open_store(tmp_db) as store:
        store.put_document(make_doc("old"))
        store.replace_events("old", [make_event("old", 0, date=DateRef("in 1917", "1917", "year"))])
    return tmp_db


def test_run_shows_rejection_codes_and_only_this_runs_events_newest_first(old_event_db, tmp_path):
    """Item 7."""
    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "a.txt").write_text("KINSHASA, 4 February 2025 - Soldiers shot dead three protesters in "
                                 "Kinshasa on Tuesday, witnesses said.\n", encoding="utf-8")
    (batch / "b.txt").write_text("BAMAKO, 9 March 2025 - Police arrested twenty demonstrators in Bamako "
                                 "on Sunday, a police spokesman said.\n", encoding="utf-8")
    (batch / "c.jsonl").write_text('{"id": "broken"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(batch), "--db", old_event_db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "[E105]" in result.output                       # the reason code, not only "rejected 1"
    table = result.output[result.output.index("DATE"):]
    assert "1917" not in table                             # not the whole database
    dates = [line.split()[0] for line in table.splitlines()[2:] if line[:4].isdigit()]
    assert dates and dates == sorted(dates, reverse=True) and dates[0].startswith("2025-03")
    listing = run("docs", "--db", old_event_db, "--status", "rejected")
    assert listing.exit_code == 0 and "E105" in listing.output and "(no documents)" not in listing.output


def test_invalid_date_filter_is_a_clear_cli_error(old_event_db):
    """Item 9: `--since 2024-13` names the option and the expected form."""
    for command in ("events", "export"):
        args = [command, "--db", old_event_db, "--since", "2024-13"] + (["--format", "geojson"] if command == "export" else [])
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and "--since" in result.output and "YYYY-MM" in result.output
    bad_until = CliRunner().invoke(cli, ["events", "--db", old_event_db, "--until", "2024-02-30"])
    assert bad_until.exit_code == 2 and "--until" in bad_until.output
    assert run("events", "--db", old_event_db, "--since", "1917").exit_code == 0


def test_invalid_date_filter_is_422_in_the_api(old_event_db):
    """Item 9."""
    client = TestClient(create_app(old_event_db, api_key="k"))
    for route in ("/api/events", "/api/export", "/api/events/facets", "/api/risk", "/api/incidents"):
        resp = client.get(route, params={"date_from": "2024-13"})
        assert resp.status_code == 422, route
        assert resp.json()["error"]["code"] == "E120"
    assert client.get("/api/events", params={"date_to": "2024-06"}).status_code == 200


def _seismo(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    import os
    env = dict(os.environ, PYTHONPATH=SRC, **env_extra)
    return subprocess.run([sys.executable, "-m", "seismo", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_empty_setting_is_unset_and_bad_value_is_one_line(old_event_db):
    """Item 9: SEISMO_DB_WAIT= (empty) runs; a bad value names the variable in one line."""
    empty = _seismo({"SEISMO_DB_WAIT": ""}, "stats", "--db", old_event_db)
    assert empty.returncode == 0 and "documents: 1" in empty.stdout, empty.stderr
    bad = _seismo({"SEISMO_DB_WAIT": "soon"}, "stats", "--db", old_event_db)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "SEISMO_DB_WAIT" in bad.stderr and "E500" in bad.stderr


def test_blank_settings_take_their_defaults(monkeypatch):
    from seismo import config
    from seismo.watch import env_interval
    for name in ("SEISMO_DB_WAIT", "SEISMO_DOC_BUDGET_S", "SEISMO_WATCH_INTERVAL", "SEISMO_DB", "SEISMO_API_KEY"):
        monkeypatch.setenv(name, " ")
    assert config.db_wait_seconds() == config.DEFAULT_DB_WAIT_S
    assert config.doc_budget_seconds() == config.DEFAULT_DOC_BUDGET_S
    assert env_interval() == 0.5 and config.db_url() == config.DEFAULT_DB and config.api_key() is None
    monkeypatch.setenv("SEISMO_DOC_BUDGET_S", "-3")
    with pytest.raises(Exception, match="SEISMO_DOC_BUDGET_S"):
        config.doc_budget_seconds()


def test_like_wildcards_in_actor_match_literally(tmp_db):
    """Item 14: `actor=%` and `actor=_` used to match every event."""
    with open_store(tmp_db) as store:
        store.put_document(make_doc("d1"))
        store.replace_events("d1", [make_event("d1", 0), make_event("d1", 1, type="PROTEST")])
        assert store.count_events(EventFilter(actor="%")) == 0
        assert store.count_events(EventFilter(actor="_")) == 0
        assert store.count_events(EventFilter(actor="m23")) == 2
        assert store.count_events(EventFilter(mineral="%")) == 0
        assert store.documents(query="%") == []
    client = TestClient(create_app(tmp_db, api_key="k"))
    assert client.get("/api/events", params={"actor": "%"}).json()["total"] == 0
    assert client.get("/api/events", params={"actor": "M23"}).json()["total"] == 2


def test_deaths_once_per_incident_and_country_level_events_on_the_map(tmp_db):
    """Item 10: two outlets reporting the same six deaths make six, not twelve; an event placed
    only in a country is a point at that country, marked imprecise."""
    from seismo.records import Location
    from seismo.serve import api_aggregate as agg
    sudan = Location("Sudan", "Sudan", "SDN", None, None, None, "country")
    with open_store(tmp_db) as store:
        for doc_id in ("d1", "d2", "d3", "d4"):
            store.put_document(make_doc(doc_id))
        from seismo.resolve.gazetteer import get_gazetteer
        lat, lon = get_gazetteer().country_centre("SDN")   # "in Sudan", resolved to the country
        store.replace_events("d4", [make_event("d4", 0, fatalities=None,
                                               location=Location("Sudan", "Sudan", "SDN", None, lat, lon, "country"))])
        store.replace_events("d1", [make_event("d1", 0, fatalities=6)])
        store.replace_events("d2", [make_event("d2", 0, fatalities=6)])
        store.replace_events("d3", [make_event("d3", 0, fatalities=3, location=sudan)])
        store.execute("INSERT INTO incident_events VALUES ('d1-e0', 'inc1', 'd1'), ('d2-e0', 'inc1', 'd2')")
        assert agg.facets(store)["total"]["fatalities"] == 9
        assert sum(w["fatalities"] for w in agg.timeline(store, EventFilter())["weeks"]) == 9
        cells = agg.map_cells(store, EventFilter(), 1.0)
    assert sum(c["fatalities"] for c in cells["cells"]) == 9
    [country] = [c for c in cells["cells"] if c["imprecise"]]
    assert country["country"] == "SDN" and country["n"] == 2 and 8 < country["lat"] < 22 and 21 < country["lon"] < 39
    assert cells["imprecise"] == 2 and cells["located"] == 4
    client = TestClient(create_app(tmp_db, api_key="k"))
    assert client.get("/api/events/facets").json()["total"]["fatalities"] == 9


def test_dateline_gives_the_publication_date():
    """Item 11."""
    from seismo.ingest.pubdate import publication_date_from_text
    assert publication_date_from_text("NAIROBI, June 25, 2024 - Police fired tear gas at marchers.") == "2024-06-25"
    assert publication_date_from_text("Marchers dispersed\nGOMA, 3 May 2024 (Reuters) — Rebels shelled a camp.") == "2024-05-03"
    assert publication_date_from_text("June 10, 2024 – The militia raided a village.") == "2024-06-10"
    assert publication_date_from_text("The siege began on June 10, 2024 - and it goes on.") is None


def test_dateline_never_swallows_the_first_sentence(nlp):
    """Item 11: "2024 - Police" was one phrase; the body sentence keeps its subject."""
    for text, first in (("NAIROBI, June 25, 2024 - Police fired tear gas at marchers on Tuesday.", "Police"),
                        ("June 10, 2024 - The paramilitary militia burned a market.", "The"),
                        ("KHARTOUM - Soldiers shelled a camp on Friday.", "Soldiers")):
        sents = list(nlp(text).sents)
        assert len(sents) == 2 and sents[1][0].text == first, [s.text for s in sents]
    kept = list(nlp("The rebels - who came at dawn - burned a market in Goma.").sents)
    assert len(kept) == 1


def test_acled_export_rows_are_acled_rows():
    """Item 12: region filled, ACLED's country spellings, no empty event_type (non-ACLED events
    left out and counted), no unresolved phrase as an actor."""
    import csv
    import io

    from seismo.records import ActorRef, Location
    from seismo.serve.export_formats import export
    from seismo.serve.exports import acled_exportable
    places = {"COD": ("Goma", -1.68, 29.22), "MLI": ("Bamako", 12.65, -8.0), "KEN": ("Nairobi", -1.29, 36.82),
              "CIV": ("Abidjan", 5.35, -4.0)}
    events = []
    for n, (iso3, (town, lat, lon)) in enumerate(places.items()):
        e = make_event("d1", n, location=Location(town, town, iso3, None, lat, lon, "town"))
        e.acled_event_type, e.acled_sub_event_type = "Battles", "Armed clash"
        events.append(e)
    events[2].actor2 = ActorRef("tear gas and water cannon")
    meeting = make_event("d1", 9, type="CONSULT", mode=None)
    meeting.acled_event_type = meeting.acled_sub_event_type = None
    rows = list(csv.DictReader(io.StringIO(export(events + [meeting], "acled-csv")[0].decode())))
    assert acled_exportable(events + [meeting])[1] == 1 and len(rows) == 4
    assert all(r["event_type"] and r["region"] for r in rows)
    assert [(r["country"], r["region"]) for r in rows] == [
        ("Democratic Republic of Congo", "Middle Africa"), ("Mali", "Western Africa"),
        ("Kenya", "Eastern Africa"), ("Ivory Coast", "Western Africa")]
    # ACLED names state forces "Military Forces of <country>" (the actor conventions, issue 15)
    assert rows[2]["actor2"] == "" and rows[0]["actor1"].startswith("Military Forces of Democratic Republic of Congo")


def test_acled_geography_covers_every_country():
    import pycountry

    from seismo.serve.exports import acled_geography
    regions, _ = acled_geography()
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in regions]
    assert missing == []


def test_document_places_are_parsed_once_capped_and_one_at_a_time(tmp_db, monkeypatch):
    """Item 13: the places of a document are parsed once per content, at most PLACES_MAX_CHARS,
    one parse at a time (503 with Retry-After past the wait)."""
    from seismo.serve import api_adapters
    parsed: list[int] = []
    monkeypatch.setattr(api_adapters, "toponyms", lambda text: parsed.append(len(text)) or [{"text": "Goma"}])
    monkeypatch.setattr(api_adapters, "PLACES_WAIT_S", 0.1)
    with open_store(tmp_db) as store:
        store.put_document(make_doc("long", text="Rebels attacked Goma. " * 20_000))
    client = TestClient(create_app(tmp_db, api_key="k"))
    first = client.get("/api/documents/long/places").json()
    second = client.get("/api/documents/long/places").json()
    assert first == second and first["truncated"] is True and first["items"] == [{"text": "Goma"}]
    assert parsed == [api_adapters.PLACES_MAX_CHARS]
    client.app.state.seismo.places.clear()
    api_adapters._parse_slots.acquire()      # another request is parsing
    try:
        busy = client.get("/api/documents/long/places")
    finally:
        api_adapters._parse_slots.release()
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"


def test_risk_series_are_cached_until_the_data_change(tmp_db, monkeypatch):
    """Item 13: /api/risk computed once per filter, again after a write."""
    from seismo.analyze import risk
    calls: list[int] = []
    real = risk.risk_series
    monkeypatch.setattr(risk, "risk_series", lambda events, **kw: calls.append(len(events)) or real(events, **kw))
    with open_store(tmp_db) as store:
        store.put_document(make_doc("d1"))
        store.replace_events("d1", [make_event("d1", 0)])
    client = TestClient(create_app(tmp_db, api_key="k"))
    assert client.get("/api/risk").status_code == 200 and client.get("/api/risk").status_code == 200
    assert calls == [1]
    with open_store(tmp_db) as store:       # the CLI writes meanwhile
        store.replace_events("d1", [make_event("d1", 0), make_event("d1", 1)])
    client.get("/api/risk")
    assert calls == [1, 2]


def test_security_headers_on_every_response(tmp_db):
    """Item 14 (the browser side: tests/test_dashboard_security.py)."""
    from seismo.serve.api import CONTENT_SECURITY_POLICY
    client = TestClient(create_app(tmp_db, api_key="k"))
    for path in ("/", "/app.js", "/api/health", "/api/events/nope", "/api/events?limit=0"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"
    script_src = CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    app_js = (ROOT / "src" / "seismo" / "serve" / "static" / "app.js").read_text(encoding="utf-8")
    assert 'href="${esc(d.url)}"' not in app_js and "externalLink(d.url)" in app_js
