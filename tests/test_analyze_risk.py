"""Risk series per place and mineral, baselines and anomaly flags, minerals at risk."""
import datetime as dt

import pytest

from seismo.analyze.risk import QUAD, MineralRisk, intensity, minerals_at_risk, quad_of, risk_series
from seismo.records import DateRef, Document, Event, Evidence, Location, Mineral

GOMA = ("Goma", -1.68, 29.23, "North Kivu")


def ev(i, day, type_="ASSAULT", place=GOMA, dead=None, minerals=(), precision="town", country="COD", **kw):
    sentence = f"Event {i} sentence."
    return Event(doc_id=f"doc{i}", event_id=f"e{i}", type=type_, evidence=Evidence(sentence, 0, 10, "x", 0, 1),
                 location=Location(place[0], place[0], country, place[3], place[1], place[2], precision)
                 if place else None,
                 date=DateRef(day, day, "day" if day and len(day) == 10 else "month") if day else None,
                 fatalities=dead, minerals=[Mineral(m, m) for m in minerals], **kw)


def weeks(start, n):
    d = dt.date.fromisoformat(start)
    return [(d + dt.timedelta(days=7 * i)).isoformat() for i in range(n)]


def test_quad_classes_follow_the_codebook():
    assert {t for t, q in QUAD.items() if q == "material_conflict"} == {"PROTEST", "SANCTION", "MOBILIZE",
                                                                        "COERCE", "ASSAULT"}
    assert quad_of("THREATEN") == "verbal_conflict" and quad_of("RETREAT") == "material_cooperation"
    assert quad_of("CONSULT") == "verbal_cooperation" and len(QUAD) == 16


def test_weekly_and_monthly_series_counts():
    events = [ev(1, "2025-05-05", dead=3), ev(2, "2025-05-07", "PROTEST"), ev(3, "2025-05-14", "ACCUSE"),
              ev(4, "2025-05", "ASSAULT"), ev(5, "2025-05-06", "AGREE", place=("Kinshasa", -4.3, 15.3, "Kinshasa"))]
    weekly = {(r.key, r.period_start): r for r in risk_series(events, level="country", period="week")}
    w = weekly[("COD", "2025-05-05")]
    assert w.n_events == 3 and w.by_type == {"AGREE": 1, "ASSAULT": 1, "PROTEST": 1}
    assert w.by_quad == {"material_conflict": 2, "verbal_cooperation": 1} and w.fatalities == 3
    assert w.intensity == pytest.approx(2 + 1 + 2 * 1.386294, abs=1e-3)
    assert ("COD", "2025-05-12") in weekly       # the month-precision event is not in any week
    monthly = risk_series(events, level="country", period="month")
    assert [(r.period_start, r.n_events) for r in monthly] == [("2025-05-01", 5)]
    admin1 = {r.key for r in risk_series(events, level="admin1")}
    assert admin1 == {"COD/North Kivu", "COD/Kinshasa"}


def test_undated_events_use_publication_date_and_excluded_events_are_skipped():
    undated = ev(1, None)
    negated = ev(2, "2025-05-05", factuality="negated")
    rows = risk_series([undated, negated], [Document(id="doc1", source="x", raw="", published="2025-05-07")])
    assert [(r.period_start, r.event_ids) for r in rows] == [("2025-05-05", ["e1"])]


def test_anomaly_flag_against_own_baseline_with_driving_events():
    events = [ev(f"b{i}", d) for i, d in enumerate(weeks("2025-03-03", 8))]      # one a week
    spike = [ev(f"s{i}", "2025-04-30", dead=2) for i in range(5)]                 # five in week 9
    rows = risk_series(events + spike, level="admin1")
    last = rows[-1]
    assert last.period_start == "2025-04-28" and last.n_events == 5
    assert last.baseline_mean == 1.0 and last.z >= 2 and last.anomaly
    assert last.event_ids == sorted(f"es{i}" for i in range(5))
    assert not any(r.anomaly for r in rows[:-1])
    # the same spike is no anomaly where it is the usual level
    busy = [ev(f"c{i}{j}", d) for i, d in enumerate(weeks("2025-03-03", 8)) for j in range(5)]
    assert not risk_series(busy + spike, level="admin1")[-1].anomaly
    # fatalities as the metric
    assert risk_series(events + spike, level="admin1", metric="fatalities")[-1].anomaly


def test_gaps_count_as_zero_and_fill():
    events = [ev(1, "2025-03-03"), ev(2, "2025-04-28"), ev(3, "2025-04-28"), ev(4, "2025-04-29")]
    rows = risk_series(events, fill=True)
    assert len(rows) == 9 and rows[-1].baseline_mean == pytest.approx(1 / 8)
    assert rows[-1].anomaly and len(risk_series(events)) == 2


def test_incident_dedup_counts_reports_once():
    events = [ev(1, "2025-05-05", dead=2), ev(2, "2025-05-05", dead=4), ev(3, "2025-05-05", dead=9)]
    [row] = risk_series(events, incident_of={"e1": "inc", "e2": "inc", "e3": "inc"})
    assert row.n_events == 1 and row.fatalities == 4 and row.event_ids == ["e1", "e2", "e3"]


def test_mineral_level_series():
    events = [ev(1, "2025-05-05", minerals=("cobalt", "copper")), ev(2, "2025-05-06", minerals=("cobalt",))]
    rows = {r.key: r.n_events for r in risk_series(events, level="mineral")}
    assert rows == {"cobalt": 2, "copper": 1}


class Site:
    def __init__(self, name, lat, lon, minerals):
        self.name, self.lat, self.lon, self.minerals = name, lat, lon, minerals


def test_minerals_at_risk_by_mention_and_distance():
    sites = [Site("Rubaya", -1.5522, 28.8806, ("tantalum", "tin"))]
    near = ev(1, "2025-05-01", place=("Mushaki", -1.58, 28.98, "North Kivu"))                 # ~11 km
    far = ev(2, "2025-05-01", place=("Butembo", 0.14, 29.29, "North Kivu"))                   # ~190 km
    mention = ev(3, "2025-05-01", "ACCUSE", place=None, minerals=("cobalt",))
    coarse = ev(4, "2025-05-01", place=("North Kivu", -1.55, 28.90, "North Kivu"), precision="admin1")
    cooperation = ev(5, "2025-05-01", "AID", place=("Mushaki", -1.58, 28.98, "North Kivu"))
    rows = {r.event_id: r for r in minerals_at_risk([near, far, mention, coarse, cooperation], sites)}
    assert set(rows) == {"e1", "e3"}
    assert rows["e1"].reason == "near-site" and rows["e1"].site == "Rubaya" and 5 < rows["e1"].site_km < 20
    assert rows["e1"].minerals == ["tantalum", "tin"] and rows["e3"].reason == "mentions"
    assert isinstance(rows["e3"], MineralRisk)
    assert set(r.event_id for r in minerals_at_risk([near], sites, max_km=5)) == set()


def test_minerals_at_risk_uses_the_gazetteer_sites_by_default():
    rubaya = ev(1, "2025-05-01", place=("Rubaya", -1.5522, 28.8806, "North Kivu"))
    rows = minerals_at_risk([rubaya])
    assert rows and rows[0].site == "Rubaya"


def test_intensity_formula():
    assert intensity([]) == 0
    assert intensity([ev(1, None, "AGREE")]) == 0
    assert intensity([ev(1, None, "THREATEN"), ev(2, None, "COERCE")]) == 1.5
