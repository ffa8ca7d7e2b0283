"""Exports round-trip: ACLED CSV column set, GeoJSON structure, Parquet rows, PLOVER JSON; CLI filters."""
from __future__ import annotations

import csv
import io
import json
import math

import pytest
from click.testing import CliRunner

from seismo.serve.export_formats import export, names
from seismo.serve.exports import ACLED_COLUMNS, geojson
from tests.test_dashboard_data import store_small, synthetic_events

# ACLED's export column set (ACLED Codebook / API field list), fixed here independently of the module.
ACLED_SET = {"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
             "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
             "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
             "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
             "fatalities", "tags", "timestamp"}


def validate_geojson(obj) -> list[str]:
    """Structural check of a FeatureCollection of Points (RFC 7946 sections 3.1.2, 3.2, 3.3)."""
    problems = []
    if obj.get("type") != "FeatureCollection" or not isinstance(obj.get("features"), list):
        return ["not a FeatureCollection with a features array"]
    for i, f in enumerate(obj["features"]):
        if f.get("type") != "Feature" or not isinstance(f.get("properties"), (dict, type(None))):
            problems.append(f"feature {i}: not a Feature with properties")
            continue
        g = f.get("geometry") or {}
        coords = g.get("coordinates")
        if g.get("type") != "Point" or not isinstance(coords, list) or len(coords) not in (2, 3):
            problems.append(f"feature {i}: geometry is not a Point")
        elif not all(isinstance(c, (int, float)) and math.isfinite(c) for c in coords):
            problems.append(f"feature {i}: non-numeric coordinates")
        elif not (-180 <= coords[0] <= 180 and -90 <= coords[1] <= 90):
            problems.append(f"feature {i}: coordinates out of range (lon, lat order)")
        if "id" in f and not isinstance(f["id"], (str, int)):
            problems.append(f"feature {i}: id must be a string or number")
    return problems


@pytest.fixture(scope="module")
def events():
    evs = synthetic_events(60, seed=3)
    evs[0].location = None                     # an unlocated event: in CSV/Parquet, not in GeoJSON
    for e in evs:   # the ACLED format holds only ACLED events (tests/test_analyst.py: item 12)
        e.acled_event_type, e.acled_sub_event_type = "Strategic developments", "Other"
    evs[1].acled_event_type, evs[1].acled_sub_event_type = "Battles", "Armed clash"
    return evs


def test_acled_csv_has_acleds_columns_and_one_row_per_event(events):
    payload, media = export(events, "acled-csv", outlets={events[1].doc_id: "reuters.com"})
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8"))))
    assert media == "text/csv" and set(rows[0]) == ACLED_SET and list(rows[0]) == ACLED_COLUMNS
    assert [r["event_id_cnty"] for r in rows] == [e.event_id for e in events]
    battle = rows[1]
    assert battle["event_type"] == "Battles" and battle["disorder_type"] == "Political violence"
    assert battle["source"] == "reuters.com" and battle["year"] == battle["event_date"][:4]
    assert battle["time_precision"] == "1" and battle["timestamp"].isdigit()
    assert rows[0]["latitude"] == "" and float(rows[2]["latitude"]) == pytest.approx(events[2].location.lat)
    assert all(r["fatalities"].isdigit() for r in rows)


def test_geojson_validates_and_skips_unlocated(events):
    obj = json.loads(export(events, "geojson")[0])
    assert validate_geojson(obj) == []
    assert len(obj["features"]) == len(events) - 1
    f = obj["features"][0]
    assert f["geometry"]["coordinates"] == [events[1].location.lon, events[1].location.lat]
    assert f["properties"]["type"] == events[1].type and f["properties"]["sentence"]


def test_geojson_validator_catches_bad_documents():
    assert validate_geojson({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [10, 200]}}]})
    assert validate_geojson({"type": "Feature"})


def test_parquet_reads_back_the_same_rows(events):
    import pyarrow.parquet as pq
    table = pq.read_table(io.BytesIO(export(events, "parquet")[0]))
    assert table.num_rows == len(events) and table.column_names == ACLED_COLUMNS + ["event_json"]
    back = [json.loads(x) for x in table.column("event_json").to_pylist()]
    assert back == [json.loads(json.dumps(e.to_dict())) for e in events]
    assert table.column("latitude").to_pylist()[0] is None
    assert table.column("fatalities").type.id == table.column("year").type.id   # both int64
    csv_rows = list(csv.DictReader(io.StringIO(export(events, "acled-csv")[0].decode())))
    assert table.column("event_id_cnty").to_pylist() == [r["event_id_cnty"] for r in csv_rows]


def test_plover_json_keeps_type_mode_and_evidence(events):
    items = json.loads(export(events, "plover-json")[0])
    assert [i["event_id"] for i in items] == [e.event_id for e in events]
    assert items[1]["event_type"] == events[1].type and items[1]["event_mode"] == events[1].mode
    assert items[1]["evidence"]["trigger"]["text"] == events[1].evidence.trigger_text


def test_empty_exports_are_well_formed():
    assert list(csv.reader(io.StringIO(export([], "acled-csv")[0].decode()))) == [ACLED_COLUMNS]
    assert geojson([]) == {"type": "FeatureCollection", "features": []}
    assert json.loads(export([], "plover-json")[0]) == []
    with pytest.raises(ValueError):
        export([], "xml")


def test_cli_export_applies_filters(tmp_path):
    from seismo.serve.cli import cli, register_all
    from seismo.store import open_store
    db = str(tmp_path / "x.duckdb")
    evs = synthetic_events(90, seed=5)
    for e in evs:   # ASSAULT events are ACLED events: the ACLED format keeps them
        if e.type == "ASSAULT":
            e.acled_event_type, e.acled_sub_event_type = "Battles", "Armed clash"
    with open_store(db) as store:
        store_small(store, evs)
    register_all()
    runner = CliRunner()
    want = {e.event_id for e in evs if e.type == "ASSAULT" and "COD" in
            {e.location.country, e.actor1.country, e.actor2.country}}
    for fmt in names():
        out = tmp_path / f"out.{fmt}"
        res = runner.invoke(cli, ["export", "--format", fmt, "--db", db, "--type", "assault", "--country", "cod",
                                  "-o", str(out)])
        assert res.exit_code == 0, res.output
        data = out.read_bytes()
        if fmt == "acled-csv":
            got = {r["event_id_cnty"] for r in csv.DictReader(io.StringIO(data.decode()))}
        elif fmt == "plover-json":
            got = {i["event_id"] for i in json.loads(data)}
        elif fmt == "geojson":
            got = {f["id"] for f in json.loads(data)["features"]}
        else:
            import pyarrow.parquet as pq
            got = set(pq.read_table(io.BytesIO(data)).column("event_id_cnty").to_pylist())
        assert got == want, fmt
