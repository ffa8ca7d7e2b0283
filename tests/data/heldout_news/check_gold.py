#!/usr/bin/env python3
"""Standalone validity check for gold.jsonl (standard library only; does not import seismo).

    python3 tests/data/heldout_news/check_gold.py [--bench ../shared/bench]

Checks: every line parses; ids/corpus/article are consistent and unique; the referenced article
exists in the shared XML (GWN.xml `file`, lgl.xml `docid`); every event has the gold fields with
the right types; plover types are among the 16 PLOVER types; ISO3 codes are valid ISO 3166-1
alpha-3 codes; dates match YYYY-MM-DD / YYYY-MM / YYYY; every trigger occurs verbatim in the
article text. Prints counts and exits non-zero on any problem.
"""
import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
ISO3 = set("""
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR
BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL
COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK
FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV
HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG
MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN
PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE
SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO
TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
""".split())
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FIELDS = {"plover": list, "actor1": (str, type(None)), "actor1_country": (str, type(None)),
          "actor2": (str, type(None)), "actor2_country": (str, type(None)),
          "location": (str, type(None)), "country": (str, type(None)), "date": (str, type(None)),
          "fatalities": (int, type(None)), "trigger": str, "optional": bool, "background": bool}


def load_texts(bench: Path) -> dict:
    texts = {}
    for a in ET.parse(bench / "geoparsing" / "GWN.xml").getroot().findall("article"):
        texts[("gwn", a.get("file"))] = a.find("text").text or ""
    for a in ET.parse(bench / "geoparsing" / "lgl.xml").getroot().findall("article"):
        texts[("lgl", a.get("docid"))] = a.find("text").text or ""
    return texts


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=str(HERE.parents[2].parent / "shared" / "bench"))
    ap.add_argument("--gold", default=str(HERE / "gold.jsonl"))
    args = ap.parse_args()
    texts = load_texts(Path(args.bench))
    errors, ids = [], set()
    n = {"docs": 0, "negative": 0, "gwn": 0, "lgl": 0, "required": 0, "optional": 0, "background": 0}
    for ln, line in enumerate(open(args.gold, encoding="utf-8"), 1):
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {ln}: bad JSON ({exc})")
            continue
        where = f"line {ln} ({d.get('id')})"
        corpus, art = d.get("corpus"), d.get("article")
        if corpus not in ("gwn", "lgl") or d.get("id") != f"{corpus}-{art}":
            errors.append(f"{where}: corpus/article/id mismatch")
        if d["id"] in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(d["id"])
        text = texts.get((corpus, art))
        if text is None:
            errors.append(f"{where}: article not found in the shared XML")
            text = ""
        ref = d.get("reference_date")
        if ref is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", ref):
            errors.append(f"{where}: bad reference_date {ref!r}")
        if not isinstance(d.get("title"), str) or not isinstance(d.get("events"), list):
            errors.append(f"{where}: title/events missing")
            continue
        n["docs"] += 1
        n[corpus] += 1
        n["negative"] += not d["events"]
        for i, e in enumerate(d["events"]):
            w = f"{where} event {i}"
            for k, typ in FIELDS.items():
                if k not in e or not isinstance(e[k], typ) or (k == "fatalities" and isinstance(e[k], bool)):
                    errors.append(f"{w}: field {k!r} missing or wrong type")
            if not e.get("plover") or not set(e.get("plover", [])) <= PLOVER:
                errors.append(f"{w}: bad plover {e.get('plover')}")
            for k in ("actor1_country", "actor2_country", "country"):
                if e.get(k) is not None and e[k] not in ISO3:
                    errors.append(f"{w}: bad ISO3 {k}={e[k]!r}")
            if e.get("date") is not None and not DATE.match(e["date"]):
                errors.append(f"{w}: bad date {e['date']!r}")
            if isinstance(e.get("trigger"), str) and e["trigger"] not in text:
                errors.append(f"{w}: trigger {e['trigger']!r} not in article text")
            if e.get("optional") and e.get("background"):
                errors.append(f"{w}: both optional and background")
            kind = "background" if e.get("background") else "optional" if e.get("optional") else "required"
            n[kind] += 1
    print(json.dumps(n))
    for err in errors:
        print("ERROR", err)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
