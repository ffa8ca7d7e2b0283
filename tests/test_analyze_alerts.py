"""Alert rules (coup, town seized near a mine, fatalities above baseline, new actor) and sinks."""
import datetime as dt
import json

import httpx
import pytest

from seismo.analyze.alerts import AlertContext, WebhookSink, evaluate_alerts, load_rules
from seismo.errors import ConfigError
from seismo.records import ActorRef, DateRef, Event, Evidence, Location

RUBAYA = ("Rubaya", -1.5522, 28.8806, "North Kivu")
BENI = ("Beni", 0.49, 29.47, "North Kivu")


def ev(i, type_="ASSAULT", mode=None, place=BENI, day="2025-05-05", dead=None, actor=None, kb=None,
       factuality="asserted", country="COD", precision="town"):
    sentence = f"Sentence of event {i}."
    return Event(doc_id=f"doc{i}", event_id=f"e{i}", type=type_, mode=mode,
                 evidence=Evidence(sentence, 0, len(sentence), "x", 0, 1),
                 location=Location(place[0], place[0], country, place[3], place[1], place[2], precision),
                 date=DateRef(day, day, "day"), fatalities=dead, factuality=factuality,
                 actor1=ActorRef(actor, actor, country, "REB", kb) if actor else None)


def rules(rule_id):
    return [r for r in load_rules() if r.id == rule_id]


def test_shipped_rules_load():
    assert {r.id for r in load_rules()} == {"coup", "town-seized-near-mine", "admin1-weekly-fatalities",
                                            "new-actor-in-region"}


def test_coup_rule_any_factuality_but_negated_or_hypothetical():
    coup = ev(1, "COERCE", "coup", factuality="attempted")
    foiled = ev(2, "COERCE", "coup", factuality="foiled")
    denied = ev(3, "COERCE", "coup", factuality="negated")
    maybe = ev(4, "COERCE", "coup", factuality="hypothetical")
    alerts = evaluate_alerts([coup, foiled, denied, maybe], AlertContext(), rules("coup"))
    assert sorted(e for a in alerts for e in a.event_ids) == ["e1", "e2"]
    assert all(a.rule == "coup" and a.severity == "high" and a.evidence for a in alerts)
    # two reports of one incident: one alert with both sentences
    ctx = AlertContext(incident_of={"e1": "inc-1", "e2": "inc-1"})
    [alert] = evaluate_alerts([coup, foiled], ctx, rules("coup"))
    assert alert.incident_ids == ["inc-1"] and len(alert.evidence) == 2
    assert evaluate_alerts([coup, foiled], ctx, rules("coup"))[0].alert_id == alert.alert_id   # stable id


def test_town_seized_near_mining_locality():
    near = ev(1, "ASSAULT", "territory", place=("Mushaki", -1.58, 28.98, "North Kivu"))
    far = ev(2, "ASSAULT", "territory", place=("Butembo", 0.14, 29.29, "North Kivu"))
    coarse = ev(3, "ASSAULT", "territory", place=RUBAYA, precision="admin1")
    attack = ev(4, "ASSAULT", "firearms", place=RUBAYA)
    alerts = evaluate_alerts([near, far, coarse, attack], AlertContext(), rules("town-seized-near-mine"))
    assert [a.event_ids for a in alerts] == [["e1"]]
    assert alerts[0].data["site"] == "Rubaya" and alerts[0].data["site_km"] < 50


def test_weekly_fatalities_above_admin1_baseline():
    start = dt.date(2025, 3, 3)
    history = [ev(f"h{i}", place=BENI, day=(start + dt.timedelta(days=7 * i)).isoformat(), dead=1)
               for i in range(8)]
    spike = ev("new", place=BENI, day="2025-04-29", dead=25)
    ctx = AlertContext(history=history)
    [alert] = evaluate_alerts([spike], ctx, rules("admin1-weekly-fatalities"))
    assert alert.admin1 == "North Kivu" and alert.country == "COD" and alert.data["value"] == 25
    assert alert.event_ids == ["enew"] and alert.data["z"] >= 2
    small = ev("small", place=BENI, day="2025-04-29", dead=2)
    assert evaluate_alerts([small], ctx, rules("admin1-weekly-fatalities")) == []
    # an old spike does not alert again when an unrelated event arrives elsewhere
    other = ev("k", place=("Kinshasa", -4.3, 15.3, "Kinshasa"), dead=1)
    assert evaluate_alerts([other], AlertContext(history=history + [spike]),
                           rules("admin1-weekly-fatalities")) == []


def test_new_actor_in_region():
    history = [ev(f"h{i}", actor="M23", kb="m23") for i in range(6)]
    newcomer = ev("n", actor="Wazalendo", kb="wazalendo")
    known = ev("m", actor="M23", kb="m23")
    unlinked = ev("u", actor="gunmen")
    ctx = AlertContext(history=history)
    [alert] = evaluate_alerts([newcomer, known, unlinked], ctx, rules("new-actor-in-region"))
    assert alert.data["actor"] == "Wazalendo" and "COD/North Kivu" in alert.message
    # too little history in a region: nothing is "new" yet (a fresh database does not flood)
    assert evaluate_alerts([newcomer], AlertContext(history=history[:2]), rules("new-actor-in-region")) == []


def test_rules_file_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - {id: protests, title: Any protest, kind: event, severity: low, "
                    "match: {types: [PROTEST], countries: [COD]}}\n")
    monkeypatch.setenv("SEISMO_ALERT_RULES", str(path))
    loaded = load_rules()
    assert [r.id for r in loaded] == ["protests"]
    alerts = evaluate_alerts([ev(1, "PROTEST"), ev(2, "PROTEST", country="RWA")], AlertContext())
    assert [a.event_ids for a in alerts] == [["e1"]]
    path.write_text("rules:\n  - {id: broken, kind: nonsense}\n")
    with pytest.raises(ConfigError):
        load_rules()


def test_webhook_posts_json_through_mock_transport():
    received = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append((request.method, str(request.url), json.loads(request.content)))
        return httpx.Response(204)

    sink = WebhookSink("https://hooks.example.invalid/seismo", transport=httpx.MockTransport(handler))
    alerts = evaluate_alerts([ev(1, "COERCE", "coup")], AlertContext(), rules("coup"))
    assert sink.emit(alerts) == 1 and sink.emit([]) == 0
    [(method, url, body)] = received
    assert method == "POST" and url.endswith("/seismo")
    assert body["alerts"][0]["rule"] == "coup" and body["alerts"][0]["evidence"]


def test_webhook_failure_is_logged_not_raised():
    sink = WebhookSink("https://hooks.example.invalid/x",
                       transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    assert sink.emit(evaluate_alerts([ev(1, "COERCE", "coup")], AlertContext(), rules("coup"))) == 0
