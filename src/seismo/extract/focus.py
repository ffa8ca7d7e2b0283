"""Where an event happened when its own sentence names no place.

The geo stage (seismo.resolve.geo.event_location) reads the trigger's sentence. News often names
the place once and then narrates: "the city of Goma was overrun by M23 fighters. The mercenaries
were later captured and released by Rwandan forces". For *material* events (fighting, arrests,
protests, deployments, resignations) the coder then uses, in order:
  "paragraph"       the last town or province named earlier in the same paragraph;
  "story-site"      the town of the last current material event located earlier in the document,
                    in the focus country: a follow-up sentence ("Malanga and three other men
                    were killed after resisting arrest") continues the incident told before it,
                    at its place ("attacked the Palace of the Nation in Kinshasa"); never for
                    historical background, which happened elsewhere in time and often in place;
  "document-focus"  the document's focus country: the country its places point to, mentions in
                    the headline and lead counting more, when it clearly dominates the others
                    (a story about Mali mentions the US and France too, but less and later);
  "actor-country"   the country of the event's actor (then target), as resolved by the actor KB.
Verbal events (statements, accusations, talks) get only the last one, at country precision:
where a condemnation was uttered is rarely the focus country or the last town named, but a
state's or official's own country is where it speaks from.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from seismo import taxonomy
from seismo.doctext import doc_ents
from seismo.records import Location, Toponym

LEAD_CHARS = 600           # headline and lead: where a story says what it is about
LEAD_WEIGHT = 3.0
DOMINANCE = 1.3            # the focus country must outweigh the runner-up by this factor
_TOWN_PRECISIONS = ("town", "site", "admin2")   # a located place, not a region or a country
_AREA_FEATURES = ("P", "A.ADM1", "A.ADM2", "A.ADM3", "S", "L.AREA", "T")


def focus_country(toponyms: list[Toponym]) -> Toponym | None:
    """A toponym standing for the document's focus country, or None when no country dominates."""
    weights: Counter = Counter()
    sample: dict[str, Toponym] = {}
    for t in toponyms:
        if t.place is None or not t.place.country:
            continue
        c = t.place.country
        weights[c] += LEAD_WEIGHT if t.start < LEAD_CHARS else 1.0
        if c not in sample or (t.place.feature == "A.PCLI" and sample[c].place.feature != "A.PCLI"):
            sample[c] = t
    ranked = weights.most_common(2)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] < DOMINANCE * ranked[1][1]:
        return None
    return sample[ranked[0][0]]


def _is_area(t: Toponym) -> bool:
    feature = (t.place.feature or "") if t.place else ""
    return t.kind == "literal" and feature.startswith(_AREA_FEATURES)


def paragraph_place(toponyms: list[Toponym], par_start: int, sent_start: int) -> Toponym | None:
    """The last town/province named in the paragraph before the current sentence."""
    before = [t for t in toponyms if par_start <= t.start < sent_start and _is_area(t)]
    return before[-1] if before else None


def fallback_location(typ: str, toponyms: list[Toponym], par_start: int, sent_start: int,
                      focus: Toponym | None, actors: tuple = (), site: Location | None = None
                      ) -> Location | None:
    """`actors`: the event's ActorRefs; a domestic actor's country is the last resort ("the
    rebel M23 group has taken control of key areas": M23 fights in DR Congo). `site`: the
    story's current site (see is_story_site), None for a historical event."""
    if typ not in taxonomy.types_with("material"):
        return _speaker_country(actors[0] if actors else None)
    t = paragraph_place(toponyms, par_start, sent_start)
    if t is not None:
        return _location(t, "paragraph", None)
    if site is not None and (focus is None or focus.place.country == site.country):
        return replace(site, source="story-site")
    if focus is not None:
        return _location(focus, "document-focus", "country")
    for ref in actors:
        if ref is not None and ref.country:
            return _actor_country(ref)
    return None


def is_story_site(typ: str, loc: Location | None, historical: bool) -> bool:
    """A current material event placed at town precision or finer: later follow-up events of
    the story may take its place."""
    return (not historical and typ in taxonomy.types_with("material") and loc is not None
            and loc.precision in _TOWN_PRECISIONS and loc.source != "story-site")


def _speaker_country(ref) -> Location | None:
    """A verbal act (a statement, a meeting, an accusation) is placed, at country precision, in
    its actor's country: a government speaks from its capital, "Putin met Dagestan's leader"
    happened in Russia. The nearest town named in the text says nothing about where it was said."""
    if ref is None or not ref.country:
        return None
    return _actor_country(ref)


def _actor_country(ref) -> Location:
    """The actor's country as a country-level location: `text` keeps the actor's words (where
    it came from, with source "actor-country"); `name` is the country's, so no list shows a
    pronoun or a person as the place ("She", "Malanga")."""
    from seismo.resolve.kb import country_name
    return Location(text=ref.text, name=country_name(ref.country), country=ref.country,
                    precision="country", source="actor-country", basis="country-only")


def _location(t: Toponym, source: str, precision: str | None) -> Location:
    p = t.place
    if precision == "country" and p.feature != "A.PCLI":
        # Only the country is meant: no town coordinates for a country-level location.
        return Location(text=t.text, name=None, country=p.country, precision="country", source=source,
                        basis="country-only")
    feature = p.feature or ""
    prec = precision or ("town" if feature.startswith("P") else "admin1" if feature == "A.ADM1"
                         else "country" if feature == "A.PCLI" else "admin2")
    return Location(text=t.text, name=p.name, country=p.country, admin1=p.admin1, lat=p.lat,
                    lon=p.lon, precision=prec, geonameid=p.geonameid, source=source,
                    basis=t.basis or "name")


def actor_place(span, head, toponyms: list[Toponym]) -> tuple[Toponym, bool] | None:
    """The place named inside an actor's words ("Rwandan forces", "the DRC", "police in Goma"):
    (toponym, whether it is the actor's head word, i.e. the country itself acts)."""
    for t in toponyms:
        if t.place is None or not t.place.country:
            continue
        if t.end <= span.start_char or t.start >= span.end_char:
            continue
        return t, t.start <= head.idx < t.end
    return None


def home_reading(loc: Location | None, actor, resolve) -> Location | None:
    """The same place name read in the acting state's own country, when it has one there: a
    name the geoparser placed abroad by document context ("British officers searched a plane at
    Heathrow" in a story that keeps naming Washington) is likelier the actor's own town.
    `resolve(name, country_hint)` is the gazetteer lookup; None when nothing changes."""
    if loc is None or actor is None or not actor.country or not loc.country \
            or loc.country == actor.country or loc.precision not in _TOWN_PRECISIONS:
        return None
    place = resolve(loc.text, actor.country)
    if place is None or place.country != actor.country:
        return None
    return Location(text=loc.text, name=place.name, country=place.country, admin1=place.admin1,
                    lat=place.lat, lon=place.lon, precision=loc.precision, geonameid=place.geonameid,
                    source=loc.source, basis="actor-country-town")


def person_countries(sdoc, toponyms: list[Toponym]) -> dict[str, str]:
    """Surname -> country for people introduced with a country in their own noun phrase ("Russian
    Foreign Ministry spokeswoman Maria Zakharova", "Pakistani Prime Minister Yousuf Raza Gilani"):
    news introduces a person once and then names them alone ("Zakharova said")."""
    out: dict[str, str] = {}
    for ent in doc_ents(sdoc):
        if ent.label_ != "PERSON":
            continue
        left = ent.root.left_edge
        if left.i >= ent.start:
            continue
        span = sdoc[left.i:ent.end]
        hit = actor_place(span, ent.root, toponyms)
        surname = ent[-1].text
        if hit is not None and surname not in out:
            out[surname] = hit[0].place.country
    return out
