"""`seismo actors import FILE.csv`: a user's actors, validated, written as a knowledge-base YAML file.

The CSV format (docs/actors.md): a header row, then one actor per row.

    name,aliases,kind,country,sector,inter,parent,active_from,active_to,role,role_country,role_from,role_to,source

Only `name` and `source` are required. `aliases` are separated by `;`. Every row is checked
(country an ISO3 code, sector a known code, inter 1-8, years numbers, a source noted); when any
row is wrong nothing is written and every problem is reported with its line number
(InvalidActorFile, E108). The result is `<DIR>/<file stem>.yaml`, which the knowledge base loads
from $SEISMO_ACTORS_DIR.
"""
from __future__ import annotations

import csv
from pathlib import Path

from seismo.errors import InvalidActorFile

COLUMNS = ("name", "aliases", "kind", "country", "sector", "inter", "parent", "active_from", "active_to",
           "role", "role_country", "role_from", "role_to", "source")
REQUIRED = ("name", "source")
KINDS = ("org", "person")
# Sector codes besides those with generic nouns in sectors.yaml.
EXTRA_SECTORS = frozenset({"SPY", "IGO", "NGO", "BUS", "MED", "REF", "CVL"})


def read_actor_csv(path: str | Path, kb=None) -> list[dict]:
    """The CSV's rows as knowledge-base entries; InvalidActorFile listing every bad row."""
    from seismo.resolve.kb import get_kb
    kb = kb or get_kb()
    path = Path(path)
    if not path.is_file():
        raise InvalidActorFile(f"{path}: no such file")
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing or unknown:
            raise InvalidActorFile(f"{path}: header must name {', '.join(REQUIRED)}"
                                   + (f" (missing: {', '.join(missing)})" if missing else "")
                                   + (f"; unknown columns: {', '.join(unknown)} (allowed: {', '.join(COLUMNS)})"
                                      if unknown else ""))
        rows = [({(k or "").strip(): (v or "").strip() for k, v in row.items()}, reader.line_num) for row in reader]
    entries, problems, seen = [], [], {}
    for row, line in rows:
        entry, errors = _entry(row, kb)
        key = row.get("name", "").lower()
        if key and key in seen:
            errors.append(f"name {row['name']!r} already on line {seen[key]}")
        seen.setdefault(key, line)
        problems += [f"line {line}: {e}" for e in errors]
        entries.append(entry)
    if problems:
        shown = problems[:30] + ([f"... and {len(problems) - 30} more"] if len(problems) > 30 else [])
        raise InvalidActorFile(f"{path}: {len(problems)} problem(s), nothing imported:\n  " + "\n  ".join(shown))
    if not entries:
        raise InvalidActorFile(f"{path}: no actors (a header and at least one row are needed)")
    return entries


def _entry(row: dict, kb) -> tuple[dict, list[str]]:
    errors = []
    if not row.get("name"):
        errors.append("name is empty")
    if not row.get("source"):
        errors.append("source is empty (say where the entry comes from)")
    kind = row.get("kind") or "org"
    if kind not in KINDS:
        errors.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    country = (row.get("country") or "").upper() or None
    if country and not _known_country(country, kb):
        errors.append(f"country {row['country']!r} is not an ISO3 country code (e.g. COD, MLI)")
    sector = (row.get("sector") or "").upper() or None
    if sector and sector not in set(kb.sectors) | EXTRA_SECTORS:
        errors.append(f"sector {row['sector']!r} is not a known code ({', '.join(sorted(set(kb.sectors) | EXTRA_SECTORS))})")
    entry = {"name": row.get("name"), "kind": kind, "country": country, "sector": sector,
             "aliases": [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()],
             "source": row.get("source")}
    inter = _int(row, "inter", errors)
    if inter is not None and not 1 <= inter <= 8:
        errors.append(f"inter {inter} is not an ACLED actor type 1-8")
    if inter is not None:
        entry["inter"] = inter
    if row.get("parent"):
        entry["parent"] = row["parent"]
    active = [_int(row, "active_from", errors), _int(row, "active_to", errors)]
    if any(y is not None for y in active):
        entry["active"] = active
    if row.get("role"):
        start = _int(row, "role_from", errors)
        if start is None:
            errors.append("role_from is needed with a role")
        entry["roles"] = [{"title": row["role"].lower(), "country": (row.get("role_country") or country or "").upper()
                           or None, "from": start, "to": _int(row, "role_to", errors)}]
    return entry, errors


def _int(row: dict, column: str, errors: list[str]) -> int | None:
    value = row.get(column) or ""
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        errors.append(f"{column} {value!r} is not a whole number")
        return None


def _known_country(iso3: str, kb) -> bool:
    if kb.countries is not None and iso3 in kb.countries.entries:
        return True
    import pycountry
    return pycountry.countries.get(alpha_3=iso3) is not None


def write_actor_yaml(entries: list[dict], into: str | Path, stem: str) -> Path:
    """Write the entries where the knowledge base loads user files from; the cache is reset."""
    import yaml

    from seismo.resolve.kb import get_kb
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    out = into / f"{stem}.yaml"
    header = "# Imported with `seismo actors import` (format: docs/actors.md).\n"
    out.write_text(header + yaml.safe_dump({"imported": entries}, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    get_kb.cache_clear()
    return out
