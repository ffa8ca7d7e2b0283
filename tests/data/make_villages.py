"""How tests/data/villages.jsonl was made (kept for provenance; the tests read only the JSONL).

Sentences written for this project in the style of conflict reporting, naming real villages
(GeoNames feature P.PPL) of Mali, Burkina Faso and Niger drawn at random (seed 12) from the GeoNames
country files in ../shared/data/geonames/ (CC BY 4.0, "GeoNames, geonames.org"). About half name
the village's district (its GeoNames second-level division, or "near" the district seat within
40 km) and/or region; the rest name only the country or nothing else. Gold: the village's
geonameid and coordinates.

    python3 tests/data/make_villages.py ../shared/data/geonames > tests/data/villages.jsonl
"""
import csv
import json
import math
import random
import sys
from pathlib import Path

COUNTRIES = {"ML": ("Mali", "cercle", 70), "BF": ("Burkina Faso", "province", 65),
             "NE": ("Niger", "department", 65)}
WITH_DISTRICT = [
    "Gunmen on motorbikes attacked the village of {v}, {d}, {r}, on Tuesday, killing {n} civilians.",
    "Residents of {v} in {d} said armed men burned granaries and stole cattle overnight.",
    "Soldiers repelled an assault on their position at {v}, {d}, according to the army.",
    "An improvised explosive device struck a supply convoy near {v} in {d}, {r}.",
    "Local sources reported that {n} people were abducted from {v}, {d}.",
    "Villagers fled {v}, in {d} of {r}, after jihadist fighters ordered them to leave.",
    "The health centre in {v} ({d}, {r}) was looted by unidentified gunmen.",
    "In the locality of {v}, {d}, a volunteer militia clashed with suspected militants.",
]
WITH_REGION = [
    "Armed men killed {n} farmers in their fields outside {v}, {r}, on Sunday.",
    "A displaced family told us they walked three days from {v} in {r} to reach safety.",
    "Drone strikes hit a suspected militant camp near the village of {v}, {r}.",
    "Protesters in {v}, {r}, demanded that the army return to their area.",
]
COUNTRY_ONLY = [
    "At least {n} people were killed when gunmen stormed the village of {v} in {c} on Friday.",
    "The army said it had retaken {v}, a village in {c}, after two days of fighting.",
    "Aid workers in {c} said the market at {v} has been closed since the attack.",
    "Suspected jihadists set fire to the school in {v}, {c}, residents said.",
    "Fighting broke out in {v} on Monday, forcing hundreds to flee.",
    "A landmine killed {n} travellers on the road leaving {v} late on Wednesday.",
]


def rows(path):
    with open(path, encoding="utf-8") as f:
        for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield r


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def main(base):
    base = Path(base)
    adm1 = {r[0]: r[2] for r in rows(base / "admin1CodesASCII.txt")}
    adm2 = {r[0]: r[2] for r in rows(base / "admin2Codes.txt")}
    rnd = random.Random(12)
    out = []
    for cc, (country, noun, count) in COUNTRIES.items():
        recs = list(rows(base / f"{cc}.txt"))
        seats = [r for r in recs if r[7] == "PPLA2"]
        villages = [r for r in recs if r[7] == "PPL" and r[1].isascii() and len(r[1]) > 3]
        rnd.shuffle(villages)
        for i, v in enumerate(villages[:count]):
            pt = (float(v[4]), float(v[5]))
            region = adm1.get(f"{cc}.{v[10]}", "")
            district = adm2.get(f"{cc}.{v[10]}.{v[11]}") if v[11] else None
            if district:
                district = district.replace("Province du ", "").replace("Province de la ", "") \
                    .replace("Province des ", "").replace("Province de ", "").replace(" Cercle", "")
                district = f"{district} {noun}"
            else:
                near = min(seats, key=lambda s: km(pt, (float(s[4]), float(s[5]))))
                if km(pt, (float(near[4]), float(near[5]))) <= 40:
                    district = f"near {near[1]}"
            kind = i % 3
            n = rnd.randint(2, 14)
            if kind == 0 and district and region:
                tpl = rnd.choice(WITH_DISTRICT)
                tpl = tpl.replace("in {d}", "{d}") if district.startswith("near") else tpl
            elif kind in (0, 1) and region:
                tpl = rnd.choice(WITH_REGION)
            else:
                tpl = rnd.choice(COUNTRY_ONLY)
            text = tpl.format(v=v[1], d=district or "", r=f"{region} region", c=country, n=n)
            out.append({"text": text, "name": v[1], "geonameid": int(v[0]), "lat": pt[0],
                        "lon": pt[1], "country": cc,
                        "context": "district" if "{d}" in tpl else "region" if "{r}" in tpl else "country"})
    for o in out:
        print(json.dumps(o, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
