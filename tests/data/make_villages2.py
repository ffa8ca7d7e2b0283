"""The second block of tests/data/villages.jsonl: ambiguous village names with a cue that decides.

Sentences written for this project in the style of conflict reporting from Mali, Burkina Faso,
Niger and Cameroon (the countries whose GeoNames files are in ../shared/data/geonames/, CC BY 4.0,
"GeoNames, geonames.org"). Each names a village (GeoNames P.PPL) whose name is shared by at least
one other populated place in those four countries, drawn at random (seed 1212), with one cue that
singles it out among its namesakes:
  near     - the nearest district town (PPLA-PPLA3) within 35 km, no namesake within 80 km of it;
  district - its second-level division, when no namesake shares it (nor lies within 80 km
             without a recorded division);
  region / region_of - its first-level region ("X, Mopti region"; "in Mali's Mopti region"),
             when no namesake shares the region;
  country / demonym - its country by name or by demonym ("Nigerien troops"), when every
             namesake is in another country.
Gold: the village's geonameid and coordinates; "block": "ambiguous" (the first 200 lines are
make_villages.py's, "block" absent). Appended to the first block:

    python3 tests/data/make_villages.py ../shared/data/geonames > tests/data/villages.jsonl
    python3 tests/data/make_villages2.py ../shared/data/geonames >> tests/data/villages.jsonl
"""
import json
import random
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from make_villages import km, rows

COUNTRIES = {  # code: (name, demonym, division noun, sentences)
    "ML": ("Mali", "Malian", "cercle", 30), "BF": ("Burkina Faso", "Burkinabe", "province", 30),
    "NE": ("Niger", "Nigerien", "department", 30), "CM": ("Cameroon", "Cameroonian", "department", 30)}
SEATS = {"PPLA", "PPLA2", "PPLA3", "PPLC"}
ORDER = ["near", "district", "region_of", "demonym", "region", "country"]   # cues taken in turn
TEMPLATES = {
    "near": [
        "Gunmen on motorbikes raided {v}, a village about {k} km from {t}, before dawn on Thursday.",
        "Residents of {v}, near {t}, buried {n} people killed in an overnight attack.",
        "The army said its aircraft struck fighters gathered at {v}, outside the town of {t}.",
        "Cattle herders from {v} near {t} accused soldiers of detaining {n} young men.",
    ],
    "district": [
        "Armed men abducted the village chief of {v}, in the {d} {noun}, on Saturday evening.",
        "A bomb planted on the track to {v} ({d} {noun}) killed {n} passengers of a minibus.",
        "Militia members shot dead {n} traders at the weekly market of {v}, {d} {noun}.",
    ],
    "region_of": [
        "Fighters torched houses in {v}, in {c}'s {r} region, after the villagers refused to pay a tax.",
        "Hundreds of families have left {v} in {c}'s {r} region since the school was burned.",
        "Unidentified gunmen killed {n} worshippers at a mosque in {v} in {c}'s {r} region.",
    ],
    "region": [
        "Clashes between two armed groups around {v}, {r} region, left {n} fighters dead.",
        "The road linking {v} to the rest of the {r} region has been mined, a local official said.",
        "Aid convoys have not reached {v}, in the {r} region, for three months.",
    ],
    "country": [
        "A suicide attack on the gendarmerie post in {v}, {c}, killed {n} officers on Tuesday.",
        "Witnesses said men in uniform executed {n} civilians in {v} in {c} last week.",
    ],
    "demonym": [
        "{dem} troops said they had killed {n} militants who attacked their base in {v}.",
        "{dem} authorities imposed a curfew on {v} after a night of looting.",
    ],
}


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def load(base: Path):
    adm1 = {r[0]: r[1] for r in rows(base / "admin1CodesASCII.txt")}
    adm2 = {r[0]: r[1] for r in rows(base / "admin2Codes.txt")}
    places = [r for cc in COUNTRIES for r in rows(base / f"{cc}.txt")]
    return adm1, adm2, places


def district_name(name: str) -> str:
    for prefix in ("Province du ", "Province de la ", "Province des ", "Province de l'",
                   "Province de ", "Département du ", "Département de la ", "Département de l'",
                   "Département des ", "Département de ", "Cercle de "):
        name = name.removeprefix(prefix)
    return name.removesuffix(" Cercle").removesuffix(" Department").removesuffix(" Province")


def cues(v, same, seats, adm1, adm2):
    """The cues that single out v among `same` (its namesakes), as (kind, fields)."""
    cc, a1, a2 = v[8], v[10], v[11]
    pt = (float(v[4]), float(v[5]))
    out = []
    near = min(seats[cc], key=lambda s: km(pt, (float(s[4]), float(s[5]))))
    tpt = (float(near[4]), float(near[5]))
    k = km(pt, tpt)
    if 5 <= k <= 35 and all(km(tpt, (float(o[4]), float(o[5]))) > 80 for o in same) \
            and fold(near[1]) != fold(v[1]) and near[1].isascii():
        out.append(("near", {"t": near[1], "k": int(round(k, -1)) or 5}))
    d = adm2.get(f"{cc}.{a1}.{a2}") if a2 else None
    if d and not any((o[8], o[10], o[11]) == (cc, a1, a2)   # a namesake without a district
                     or (not o[11] and km(pt, (float(o[4]), float(o[5]))) < 80) for o in same):
        out.append(("district", {"d": district_name(d)}))
    r = adm1.get(f"{cc}.{a1}")
    if r and a1 != "00" and not any((o[8], o[10]) == (cc, a1) for o in same):
        out += [("region", {"r": r}), ("region_of", {"r": r})]
    if not any(o[8] == cc for o in same):
        out += [("country", {}), ("demonym", {})]
    return out


def main(base):
    base = Path(base)
    adm1, adm2, places = load(base)
    by_name = defaultdict(list)
    for r in places:
        if r[7] == "PPL":
            by_name[fold(r[1])].append(r)
    seats = defaultdict(list)
    for r in places:
        if r[7] in SEATS:
            seats[r[8]].append(r)
    names = {fold(r[1]) for r in places if r[7] in SEATS} | {fold(n) for n in adm1.values()}
    rnd = random.Random(1212)
    for cc, (country, dem, noun, count) in COUNTRIES.items():
        pool = [r for r in places if r[8] == cc and r[7] == "PPL" and r[1].isascii()
                and len(r[1]) > 3 and len(by_name[fold(r[1])]) > 1 and fold(r[1]) not in names]
        rnd.shuffle(pool)
        done, seen = 0, set()
        for v in pool:
            if done == count or fold(v[1]) in seen:
                continue
            same = [o for o in by_name[fold(v[1])] if o[0] != v[0]]
            options = cues(v, same, seats, adm1, adm2)
            if not options:
                continue
            seen.add(fold(v[1]))
            kind, fields = min(options, key=lambda o: (ORDER.index(o[0]) - done) % len(ORDER))
            tpl = rnd.choice(TEMPLATES[kind])
            text = tpl.format(v=v[1], c=country, dem=dem, noun=noun, n=rnd.randint(2, 19),
                              **{"t": "", "k": 0, "d": "", "r": "", **fields})
            print(json.dumps({"text": text, "name": v[1], "geonameid": int(v[0]), "lat": float(v[4]),
                              "lon": float(v[5]), "country": cc, "context": kind,
                              "namesakes": len(same), "block": "ambiguous"}, ensure_ascii=False))
            done += 1


if __name__ == "__main__":
    main(sys.argv[1])
