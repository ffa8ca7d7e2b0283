"""Incidents: reports of one happening merge across outlets; different happenings stay apart."""
import json
from pathlib import Path

from seismo.analyze.incidents import (IncidentIndex, Incident, match_score, pairwise_scores,
                                      same_happening, source_key)
from seismo.records import ActorRef, DateRef, Document, Event, Evidence, Location

DATA = Path(__file__).parent / "data" / "incidents"
RUBAYA, WALIKALE, BUKAVU = ("Rubaya", -1.55, 28.88), ("Walikale", -1.42, 28.05), ("Bukavu", -2.51, 28.86)


def ev(doc_id, sentence, type_="ASSAULT", place=RUBAYA, day="2025-05-01", actor="M23", dead=None,
       country="COD", n=1, precision="day", kb=True, factuality="asserted", sector="REB"):
    return Event(doc_id=doc_id, event_id=f"{doc_id}-{n}", type=type_,
                 evidence=Evidence(sentence, 0, len(sentence), "seized", 0, 6),
                 actor1=ActorRef(actor, actor, country, sector, actor.lower() if kb else None) if actor else None,
                 location=Location(place[0], place[0], country, "North Kivu", place[1], place[2], "town")
                 if place else None,
                 date=DateRef(day, day, precision) if day else None, fatalities=dead, factuality=factuality)


def doc(id_, outlet=None, published="2025-05-02", url=None, duplicate_of=None, text=""):
    return Document(id=id_, source=id_, raw=text, clean_text=text, outlet=outlet, url=url,
                    published=published, duplicate_of=duplicate_of)


def test_merges_same_happening_and_keeps_others_apart():
    a = ev("a", "M23 rebels seized the mining town of Rubaya after fighting", dead=12)
    b = ev("b", "Fighters of M23 captured Rubaya, a coltan town", type_="COERCE", day="2025-05-02", dead=15)
    c = ev("c", "M23 rebels seized the town of Walikale", place=WALIKALE, day="2025-05-01")
    d = ev("d", "Rebels seized Rubaya again after a counter-offensive", day="2025-08-01")
    e = ev("e", "ADF fighters attacked Rubaya", actor="ADF")             # same place and day, other actor
    assert same_happening(a, b)
    assert not same_happening(a, c)      # 90 km apart the same day
    assert not same_happening(a, d)      # three months later
    assert not same_happening(a, e)      # both actors linked, to different groups
    docs = [doc("a", "Wire"), doc("b", "Agence"), doc("c", "Wire"), doc("d", "Wire", "2025-08-02"),
            doc("e", "Radio")]
    index = IncidentIndex()
    index.add([a, b, c, d, e], docs)
    incidents = {tuple(i.doc_ids): i for i in index.incidents()}
    assert set(incidents) == {("a", "b"), ("c",), ("d",), ("e",)}
    merged = incidents[("a", "b")]
    assert merged.n_reports == 2 and merged.n_independent_sources == 2
    assert merged.disagreements["fatalities"] == {"12": ["a"], "15": ["b"]}
    assert merged.disagreements["type"] == {"ASSAULT": ["a"], "COERCE": ["b"]}
    assert merged.fatalities == 13 and merged.location == "Rubaya" and merged.actors == ["M23"]
    assert merged.confidence > incidents[("c",)].confidence
    assert merged.first_seen == "2025-05-02" and len(merged.reports) == 2


def test_dates_precision_and_undated_reports():
    a = ev("a", "M23 rebels seized Rubaya", day="2025-05-01")
    month = ev("m", "M23 seized Rubaya in May", day="2025-05", precision="month")
    undated = ev("u", "M23 rebels seized Rubaya", day=None)
    far = ev("f", "M23 rebels seized Rubaya", day=None)
    docs = {"a": doc("a"), "m": doc("m", published="2025-06-03"), "u": doc("u", published="2025-05-03"),
            "f": doc("f", published="2025-07-20")}
    assert same_happening(a, month, docs=docs)               # a day inside the month
    assert same_happening(a, undated, docs=docs)             # undated, published two days later
    assert not same_happening(a, far, docs=docs)             # undated, published months later
    assert match_score(a, undated, docs=docs) < match_score(a, ev("b", "M23 rebels seized Rubaya"), docs=docs)


def test_vague_place_named_elsewhere_in_the_other_report():
    precise = ev("p", "Thousands marched in Kinshasa against the constitution change", type_="PROTEST",
                 place=("Kinshasa", -4.32, 15.31), actor=None)
    vague = ev("v", "Thousands demonstrated in the capital against the constitution change", type_="PROTEST",
               place=None, actor=None)
    vague.location = Location("Congo", "Democratic Republic of the Congo", "COD", None, -2.9, 23.6, "country")
    docs = {"p": doc("p"), "v": doc("v", text="Thousands demonstrated. The march in Kinshasa was peaceful.")}
    other = {"p": doc("p"), "v": doc("v", text="Thousands demonstrated. The march was peaceful.")}
    assert same_happening(precise, vague, docs=docs)
    assert match_score(precise, vague, docs=other) is None     # neither place nor actor agrees


def test_within_one_document_only_mentions_of_the_same_mode_merge():
    coup = ev("a", "Soldiers attempted a coup in Kinshasa", "COERCE", n=1)
    again = ev("a", "The failed coup was crushed within hours", "COERCE", n=2)
    coup.mode = again.mode = "coup"
    other = ev("a", "Rebels seized Rubaya in a separate attack", "ASSAULT", n=3)
    index = IncidentIndex()
    index.add([coup, again, other])
    assert sorted(len(i.event_ids) for i in index.incidents()) == [1, 2]


def test_negated_hypothetical_and_historical_events_form_no_incident():
    index = IncidentIndex()
    hist = ev("h", "M23 seized Rubaya in 2012")
    hist.historical = True
    assert index.add([ev("n", "M23 did not seize Rubaya", factuality="negated"), hist]) == []
    assert index.incidents() == []


def test_syndicated_copies_and_same_outlet_count_once():
    docs = [doc("w", "Wire"), doc("copy", "Paper", duplicate_of="w"), doc("w2", "Wire"),
            doc("h", url="https://www.other.example.org/story")]
    assert source_key(docs[1], {d.id: d for d in docs}) == "wire"
    assert source_key(docs[3]) == "other.example.org"
    events = [ev(d.id, "M23 rebels seized the mining town of Rubaya after fighting") for d in docs]
    index = IncidentIndex()
    index.add(events, docs)
    [incident] = index.incidents()
    assert incident.n_reports == 4 and incident.n_independent_sources == 2
    assert incident.sources == ["other.example.org", "wire"]


def test_adding_again_is_idempotent_and_order_free():
    events = [ev("a", "M23 rebels seized the mining town of Rubaya"), ev("b", "M23 took Rubaya town"),
              ev("c", "M23 rebels seized the town of Walikale", place=WALIKALE)]
    index = IncidentIndex()
    changed = index.add(events[:2])
    assert len(changed) == 1
    first = [i.to_dict() for i in index.incidents()]
    assert index.add(events[:2]) == []
    assert [i.to_dict() for i in index.incidents()] == first
    assert len(index.add(events[2:])) == 1 and len(index.incidents()) == 2
    backwards = IncidentIndex()
    backwards.add(list(reversed(events)))
    assert [i.to_dict() for i in backwards.incidents()] == [i.to_dict() for i in index.incidents()]
    iid = index.incident_of("a-1")
    assert index.incident(iid).event_ids == ["a-1", "b-1"]
    assert Incident.from_dict(index.incident(iid).to_dict()) == index.incident(iid)


def test_blocking_is_fast_on_many_events():
    import time
    events, t = [], time.perf_counter()
    for i in range(5000):   # 50 places x 100 days, one event per place and day
        place = (f"P{i % 50}", -1.0 - (i % 50) * 0.9, 28.0)
        day = f"2025-{1 + (i // 50) // 28 % 12:02d}-{1 + (i // 50) % 28:02d}"
        events.append(ev(f"d{i}", f"clash number {i}", place=place, day=day, actor=f"G{i % 7}"))
    index = IncidentIndex()
    index.add(events)
    assert time.perf_counter() - t < 20
    assert len(index.incidents()) > 100


def test_hand_built_labelled_events_pairwise_scores():
    """Hand-built event records for the labelled articles: the clustering alone, without the coder."""
    rows = [json.loads(x) for x in (DATA / "hand_events.jsonl").read_text().splitlines()]
    events, docs, gold = [], [], {}
    for r in rows:
        e = ev(r["id"], r["sentence"], r["type"], tuple(r["place"]) if r["place"] else None, r.get("day"),
               r.get("actor"), r.get("dead"), r.get("country", "COD"), kb=r.get("kb", True),
               sector=r.get("sector", "REB"))
        if r.get("precision"):
            e.location.precision = r["precision"]
        if r.get("admin1") is not None and e.location:
            e.location.admin1 = r["admin1"] or None
        e.mode = r.get("mode")
        if r.get("actor_country") and e.actor1:     # the actor's country when it is not the place's
            e.actor1.country = r["actor_country"]
        events.append(e)
        docs.append(doc(r["id"], r["outlet"], r["published"]))
        gold[e.event_id] = r["label"]
    index = IncidentIndex()
    index.add(events, docs)
    scores = pairwise_scores({e.event_id: index.incident_of(e.event_id) for e in events}, gold)
    print(scores)
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.9, scores


def test_blocking_finds_every_pair_brute_force_finds():
    """The blocked index gives the same clusters as comparing every pair."""
    import random
    from seismo.analyze.incidents import _linkable
    from seismo.analyze.matching import FINE
    from seismo.geodesy import haversine_km
    rng = random.Random(7)
    events, docs = [], {}
    for i in range(300):
        lat, lon = -1.5 + rng.uniform(-0.6, 0.6), 28.9 + rng.uniform(-0.6, 0.6)
        kind = rng.choice(["day", "day", "day", "month", None])
        day = f"2025-05-{rng.randint(1, 20):02d}"
        e = ev(f"d{i}", rng.choice(["M23 seized town", "rebels attacked village", "army shelled hill"]),
               rng.choice(["ASSAULT", "COERCE", "PROTEST"]), (f"P{i % 9}", lat, lon),
               day if kind == "day" else ("2025-05" if kind == "month" else None),
               rng.choice(["M23", "ADF", None]), precision=kind or "day")
        if rng.random() < 0.3:
            e.location.precision, e.location.lat, e.location.lon = "admin1", None, None
        events.append(e)
        docs[e.doc_id] = doc(e.doc_id, published=f"2025-05-{rng.randint(1, 28):02d}")
    index = IncidentIndex()
    index.add(events, docs.values())
    # Reference: the same constrained single-link procedure (arrival order, earlier events by id,
    # no two fine places > max_km apart in one incident), over all pairs instead of blocks.
    parent = {e.event_id: e.event_id for e in events}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    def apart(a, b):
        fine = [x.location for x in events[:i + 1] if find(x.event_id) in (find(a.event_id), find(b.event_id))
                and x.location and x.location.precision in FINE and x.location.lat is not None]
        return any(haversine_km(p.lat, p.lon, q.lat, q.lon) > 50 for p in fine for q in fine)
    for i, a in enumerate(events):
        for b in sorted(events[:i], key=lambda x: x.event_id):
            if _linkable(a, b) and not apart(a, b) and same_happening(a, b, docs=docs):
                parent[find(a.event_id)] = find(b.event_id)
    for a in events[:40]:      # the score is symmetric, so arrival order cannot matter
        for b in events[:40]:
            assert match_score(a, b, docs=docs) == match_score(b, a, docs=docs)
    brute = {frozenset(x.event_id for x in events if find(x.event_id) == find(e.event_id)) for e in events}
    blocked = {frozenset(i.event_ids) for i in index.incidents()}
    assert blocked == brute and len(brute) < len(events)


def test_vague_report_does_not_bridge_two_towns():
    """A country-level report compatible with events in two distant towns joins one of them, and
    the two towns stay different incidents (single-link chaining would merge all three)."""
    a = ev("a", "M23 rebels seized the mining town of Rubaya")
    b = ev("b", "M23 rebels seized the town of Walikale", place=WALIKALE)     # 90 km away, same day
    vague = ev("v", "M23 rebels seized a town in eastern Congo", place=("DR Congo", -2.9, 23.6))
    vague.location.precision = "country"
    assert same_happening(vague, a) and same_happening(vague, b) and not same_happening(a, b)
    for order in ([a, vague, b], [vague, a, b], [b, vague, a]):
        index = IncidentIndex()
        index.add(order, [doc("a", "Wire"), doc("b", "Radio"), doc("v", "Agence")])
        assert index.incident_of("a-1") != index.incident_of("b-1")
        assert index.incident_of("v-1") in (index.incident_of("a-1"), index.incident_of("b-1"))


def test_captures_of_nearby_towns_tolls_deals_and_undated_reports():
    kavumu = ("Kavumu", -2.3, 28.81)                       # about 21 km from Bukavu
    airport = ev("k", "M23 rebels captured the airport at Kavumu", place=kavumu, day="2025-02-14")
    city = ev("b", "M23 fighters entered Bukavu", place=BUKAVU, day="2025-02-16")
    assert same_happening(airport, city)                   # an attack near a town, another report
    airport.mode = city.mode = "territory"
    assert not same_happening(airport, city)               # two captures: the front moved
    # death tolls: near counts corroborate, far-apart ones speak against
    a = ev("a", "Gunmen killed worshippers at a mosque", place=("Fambita", 14.3, 0.88), actor=None, dead=44)
    b = ev("b", "An attack on a mosque in the region killed civilians", place=("Tillaberi", 14.5, 1.5),
           actor=None, dead=44)
    b.location.precision = "admin1"
    agreeing = match_score(a, b)
    assert same_happening(a, b)                            # same region and day, same toll
    b.fatalities = 4
    assert match_score(a, b) < agreeing - 0.1 and not same_happening(a, b)
    # a deal "signed" (SUPPORT) by one outlet is the deal "agreed" (AGREE) by another
    signed = ev("s", "Congo and Rwanda signed a peace agreement", "SUPPORT", ("Washington", 38.9, -77.0),
                "2025-06-27", "DR Congo", country="USA", sector="GOV")
    agreed = ev("g", "Congo and Rwanda agreed to respect borders", "AGREE", ("Washington", 38.9, -77.0),
                "2025-06-27", "DR Congo", country="USA", sector="GOV")
    assert same_happening(signed, agreed)
    # an undated report: the nearer its publication to the other's day, the likelier
    sanction = ev("x", "The United States imposed sanctions on a minister", "SANCTION", None, "2025-02-20",
                  "United States", country="USA", sector="GOV")
    undated = ev("y", "Washington has blacklisted a minister", "SANCTION", None, None, "United States",
                 country="USA", sector="GOV")
    next_day, week_later = {"y": doc("y", published="2025-02-21")}, {"y": doc("y", published="2025-02-26")}
    assert same_happening(sanction, undated, docs=next_day)
    assert match_score(sanction, undated, docs=next_day) > match_score(sanction, undated, docs=week_later)


def test_sanctions_are_placed_by_their_own_phrase_and_identified_by_who():
    """"Sanctions over the war in Congo", "Kigali's support for M23": a verbal or sanctioning act
    is not where the places of its sentence are; the same sanctioner on the same day merges."""
    def sanction(id_, place, source, actor="United States", day="2025-02-20"):
        e = ev(id_, "The United States imposed sanctions on a Rwandan minister", "SANCTION", place, day,
               actor, country="USA", sector="GOV")
        if e.location:
            e.location.country, e.location.source = ("RWA" if place[0] == "Kigali" else "COD"), source
        return e
    kigali = sanction("a", ("Kigali", -1.95, 30.06), "sentence")
    goma = sanction("b", ("Goma", -1.67, 29.23), "sentence", actor="Government of United States")
    uk = sanction("c", ("Kigali", -1.95, 30.06), "sentence", actor="United Kingdom")
    uk.actor1.country = "GBR"
    assert same_happening(kigali, goma)        # Rwanda vs Congo in their sentences; one sanctioner
    assert not same_happening(kigali, uk)      # another state, same target, same day
    expel = sanction("d", None, None)
    expel.actor2 = ActorRef("Russian diplomats", "Government of Russia", "RUS", "GOV")
    kigali.actor2 = ActorRef("a Rwandan minister", "Government of Rwanda", "RWA", "GOV")
    assert not same_happening(kigali, expel)   # the same sanctioner the same day, another target
    index = IncidentIndex()
    index.add([kigali, goma, uk])
    assert index.incident_of("a-1") == index.incident_of("b-1") != index.incident_of("c-1")
    # an attack's place is its own: Rwanda vs Congo stay apart
    assert not same_happening(ev("x", "Gunmen attacked", place=("Kigali", -1.95, 30.06), country="RWA"),
                              ev("y", "Gunmen attacked", place=("Goma", -1.67, 29.23)))
