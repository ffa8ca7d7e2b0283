"""Event location: the place where the event of a given trigger happened.

Order of evidence (Location.source says which one decided):
  "prep-object"  a literal toponym inside a locative phrase ("in/at/near/outside X") or the object
                 of the trigger ("captured Badme"), reached through the trigger's own dependents
                 (a country owning a noun is not where: "the embassies of France"); else
                 a country's seat of power there ("in the Congolese capital", "on the seat of
                 Chad's presidency"): the country's capital;
  "sentence"     the most specific, then nearest, literal toponym of the sentence that is not
                 the trigger's actor ("Eritrea captured..."), an origin ("a driver from Abidjan"),
                 a target ("protested against Libya"), a measured reference point ("30 km south
                 of X") or an attribute of an actor ("U.S. forces", "Caracas' newspaper");
  "document"     only when the trigger's sentence names no place at all and every literal place of
                 the document lies in one town or one country.
Demonyms and metonyms are never event locations.
"""
from __future__ import annotations

from seismo.records import Location, Toponym
from seismo.resolve.geolex import (ACTOR_NOUNS, DIRECTIONS, DISTANCE_UNITS, NON_LOCATIVE_PREPS,
                                   PARTITIVE_NOUNS, PLACE_NOUNS, SEAT_NOUNS, SEIZE_VERBS)
from seismo.resolve.geomention import place_cue

SUBJECT_DEPS = {"nsubj", "agent", "csubj", "expl"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "acl", "csubj", "xcomp"}
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod"}
# Precision from the GeoNames feature: class.code -> precision label.
PRECISION = {"A.PCLI": "country", "A.ADM1": "admin1", "A.ADM2": "admin2", "L.CONT": "country",
             "H.OCN": "country", "H.SEA": "country", "H.GULF": "country", "L.RGN": "admin1",
             "H.LK": "admin1"}
RANK = {"site": 0, "town": 1, "admin2": 2, "admin1": 3, "country": 4}


def precision_of(feature: str | None) -> str:
    if not feature:
        return "town"
    if feature in PRECISION:
        return PRECISION[feature]
    if feature.startswith("P"):
        return "town"
    if feature.startswith("A"):
        return "admin2"
    return "site"


def to_location(t: Toponym, source: str) -> Location:
    """Location from a toponym; an unresolved name keeps its text with no coordinates."""
    p = t.place
    return Location(text=t.text, name=p.name if p else None, country=p.country if p else None,
                    admin1=p.admin1 if p else None, lat=p.lat if p else None,
                    lon=p.lon if p else None, precision=precision_of(p.feature) if p else None,
                    geonameid=p.geonameid if p else None, source=source,
                    basis=(t.basis or "name") if p else None)


def event_location(sdoc, trigger, toponyms: list[Toponym], focus: str | None = None) -> Location | None:
    """The Location of the event whose trigger is the spaCy Token `trigger`, or None. `focus`: the
    document's focus country (ISO3), the country of a bare "in the capital"."""
    literal = [t for t in toponyms if t.kind == "literal"]
    sent = trigger.sent
    seat = _seat_of_power(sdoc, trigger, [t for t in toponyms if sent.start_char <= t.start < sent.end_char],
                          focus)
    if not literal:
        return seat
    heads = {id(t): _head_token(sdoc, t) for t in literal}
    in_sent = [t for t in literal if heads[id(t)] is not None
               and sent.start <= heads[id(t)].i < sent.end and not _neighbours_border(t, heads[id(t)], focus)]
    best = _attached(trigger, in_sent, heads)
    if best is not None:
        return to_location(best, "prep-object")
    if seat is not None:
        return seat
    best = _same_clause(trigger, in_sent, heads)
    if best is not None:
        return to_location(best, "sentence")
    if any(sent.start_char <= t.start < sent.end_char for t in toponyms):
        return None   # the sentence names places, none of them where this happened
    return _document([t for t in literal if t.place is not None])


def _neighbours_border(t: Toponym, head, focus: str | None) -> bool:
    """"Malam Fatori, near the Niger border" in a Nigeria story: the country a border is named
    after is the neighbour, not where the event is (in a Niger story it is Niger's border)."""
    return head.dep_ in ("compound", "amod") and head.head.lemma_.lower() in _BOUNDARIES \
        and focus is not None and t.place is not None and t.place.country != focus


def _head_token(sdoc, t: Toponym):
    span = sdoc.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _path_to(trigger, tok) -> list | None:
    """Tokens from `tok` up to `trigger` (exclusive), or None if `trigger` does not dominate it."""
    path = []
    cur = tok
    while cur.i != trigger.i:
        path.append(cur)
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return path


def _attached(trigger, toponyms: list[Toponym], heads: dict) -> Toponym | None:
    """Toponyms in the trigger's own phrases: locative PPs and objects, not actors or clauses."""
    found = []
    for t in toponyms:
        head = heads[id(t)]
        path = _path_to(trigger, head)
        if path is None or not _locative(path, head) or _owner_country(t, path, trigger):
            continue
        found.append((len(path), t, head))
    return _most_specific(found)


def _locative(path: list, head) -> bool:
    """Does this dependency path (toponym ... trigger) describe where the event happened?"""
    if not path:
        return False
    top, trigger = path[-1], path[-1].head
    if {tok.dep_ for tok in path} & (CLAUSE_DEPS | {"conj"}):
        return False   # a relative clause or another event's clause
    if top.dep_ in SUBJECT_DEPS:
        return False   # the actor
    if top.dep_ == "nsubjpass" and top.lemma_.lower() not in PLACE_NOUNS and (
            top.i != head.i or trigger.lemma_.lower() not in SEIZE_VERBS):
        return False   # "the head of forces in Tabqa was killed"; but "Gibraltar was captured"
    if any(tok.dep_ in ("prep", "agent") and tok.lower_ in NON_LOCATIVE_PREPS for tok in path):
        return False
    if head.dep_ in MODIFIER_DEPS and head.head.lemma_.lower() not in PLACE_NOUNS \
            and head.head.ent_type_ not in ("GPE", "LOC", "FAC"):
        return False   # "U.S. forces", "Caracas' newspaper"
    if _reference_point(head):
        return False
    return not any(tok.ent_type_ in ("ORG", "PERSON", "NORP") for tok in path[1:])


def _owner_country(t: Toponym, path: list, trigger) -> bool:
    """"The embassies of France", "the government of Mali": a country in an "of" complement of a
    noun that is not a place owns it ("the town of Bakwa", "the farms of Kafr Shams", "large parts
    of the DRC" are where)."""
    if t.place is None or t.place.feature != "A.PCLI" or len(path) < 3:
        return False
    of, owner = path[1], path[2]
    return of.dep_ == "prep" and of.lower_ == "of" and owner.i != trigger.i \
        and owner.lemma_.lower() not in PLACE_NOUNS | PARTITIVE_NOUNS


def _seat_of_power(sdoc, trigger, toponyms: list[Toponym], focus: str | None = None) -> Location | None:
    """A seat-of-power noun in the trigger's locative phrases, qualified by a country (a demonym,
    a possessive, an "of" complement): that country's capital; "the capital" alone: the focus
    country's."""
    countries = {}
    for t in toponyms:
        head = _head_token(sdoc, t)
        if head is not None and t.place is not None and t.place.feature == "A.PCLI":
            countries[head.i] = t.place.country
    if not countries and not focus:
        return None
    for tok in trigger.subtree:
        if tok.lemma_.lower() not in SEAT_NOUNS or tok.i == trigger.i:
            continue
        path = _path_to(trigger, tok)
        if not path or {t.dep_ for t in path} & (CLAUSE_DEPS | SUBJECT_DEPS | {"conj", "nsubjpass"}):
            continue   # another clause's, or the actor ("the Malian presidency said")
        quals = [c for c in tok.children if c.dep_ in MODIFIER_DEPS] + \
            [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        country = next((countries[q.i] for q in quals if q.i in countries), None)
        if country is None and not quals and tok.lemma_.lower() == "capital" \
                and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            country = focus   # "in the capital": the document's country's
        if country is None:
            continue
        from seismo.resolve.gazetteer import get_gazetteer
        place = get_gazetteer().capital(country)
        if place is not None:
            return Location(text=sdoc[tok.left_edge.i:tok.i + 1].text, name=place.name, country=place.country,
                            admin1=place.admin1, lat=place.lat, lon=place.lon, precision="town",
                            geonameid=place.geonameid, source="prep-object", basis="capital")
    return None


_BOUNDARIES = frozenset({"border", "frontier", "boundary"})


def _reference_point(head) -> bool:
    """"30 km southeast of Al-Arish": a measured offset names a reference, not the place."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != "of":
        return False
    direction = prep.head
    if direction.lower_ not in DIRECTIONS:
        return False
    return any(c.like_num or c.lower_ in DISTANCE_UNITS or
               any(g.like_num for g in c.children) for c in direction.children)


def _same_clause(trigger, toponyms: list[Toponym], heads: dict) -> Toponym | None:
    """The most specific, then nearest, literal toponym of the sentence that is not an actor,
    an origin, a target, or an attribute of a person or group ("U.S. forces")."""
    found = []
    for t in toponyms:
        head = _first_conjunct(heads[id(t)])   # "The US, France and Germany condemned..."
        if head.dep_ in ("nsubj", "csubj") or _actor_attribute(head) or _reference_point(head):
            continue
        gov = head.head
        if head.dep_ == "pobj" and gov.lower_ in NON_LOCATIVE_PREPS:
            continue
        if head.dep_ == "conj" and gov.dep_ == "pobj" and gov.head.lower_ in NON_LOCATIVE_PREPS:
            continue
        found.append((abs(head.i - trigger.i), t, heads[id(t)]))
    return _most_specific(found)


def _first_conjunct(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _actor_attribute(head) -> bool:
    """A place name qualifying an actor or a weapon: "U.S. forces", "Caracas' newspaper",
    "Mexico's army", "U.S.-led raids", "the head of security in Tabqa"."""
    noun = head.head
    if head.dep_ in MODIFIER_DEPS:
        return noun.lemma_.lower() in ACTOR_NOUNS or noun.ent_type_ in ("ORG", "PERSON", "NORP") \
            or noun.lower_ in ("led", "backed", "based")
    if head.dep_ == "pobj" and noun.dep_ == "prep":
        owner = noun.head
        return owner.lemma_.lower() in ACTOR_NOUNS and owner.dep_ in ("nsubj", "nsubjpass", "appos")
    return False


def _clause_of(tok) -> int:
    """Index of the verb heading the clause of `tok`."""
    cur = tok
    while cur.head.i != cur.i and not (cur.pos_ in ("VERB", "AUX") and cur.dep_ in CLAUSE_DEPS):
        cur = cur.head
    return cur.i


def _most_specific(found: list[tuple]) -> Toponym | None:
    """Finest precision first (town before province before country), then the closest."""
    if not found:
        return None
    found.sort(key=lambda x: (_rank(x[1], x[2]), x[0]))
    return found[0][1]


def _rank(t: Toponym, head) -> int:
    """Unresolved names with a place cue ("Aziziyah district") are usually villages or
    neighbourhoods: rank them as towns; bare unresolved names (often NER errors) last."""
    if t.place is not None:
        return RANK[precision_of(t.place.feature)]
    return RANK["town"] if head is not None and place_cue(head) == "strong" else 5


def _document(literal: list[Toponym]) -> Location | None:
    """A document-level fallback only when the document's places agree on one town or country."""
    towns = {t.place.name for t in literal if precision_of(t.place.feature) == "town"}
    countries = {t.place.country for t in literal}
    if len(towns) == 1 and len(countries) == 1:
        t = next(t for t in literal if t.place.name in towns)
        return to_location(t, "document")
    if len(countries) == 1 and not towns:
        t = next(t for t in literal if precision_of(t.place.feature) == "country") \
            if any(precision_of(t.place.feature) == "country" for t in literal) else literal[0]
        return to_location(t, "document")
    return None
