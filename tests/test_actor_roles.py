"""Who did it to whom: a test set written for Seismo (tests/data/actor_roles.jsonl, 155 items).

Each item is a short text written for this test, the trigger word of the event it is about, and
what must hold of that event: `actor1` (words of its name, ACLED name or text; null: no named
actor), `acled1`/`inter1` (ACLED actor name and type), `country1`, `attribution` and `by`
(claimed / accused / suspected, and who says so), `actor2`, `no_actor2`, `actor1_not` (words an
instrument would put there). Classes: claim, accusation, suspicion, unclaimed, passive, nominal,
coordination, pronoun, instrument, dateline, conventions (the error classes of issue 15).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROLES = Path(__file__).parent / "data" / "actor_roles.jsonl"


def _words(ref) -> str:
    return " ".join(x for x in (ref.text, ref.name, ref.acled) if x).lower() if ref else ""


def _event(events, trigger: str):
    first = trigger.split()[0].lower()
    for ev in events:
        if first in ev.evidence.trigger_text.lower():
            return ev
    # two triggers of one type in one sentence are one event ("attacked the village and killed 15")
    return next((ev for ev in events if first in ev.evidence.sentence.lower().split()), None)


def check(item: dict, events) -> list[str]:
    """What is wrong with the item's event (empty: right)."""
    ev = _event(events, item["trigger"])
    if ev is None:
        return [f"no event at {item['trigger']!r}"]
    a1, a2, problems = ev.actor1, ev.actor2, []
    if "actor1" in item and item["actor1"] is not None and item["actor1"].lower() not in _words(a1):
        problems.append(f"actor1 {_words(a1)!r}")
    if "actor1" in item and item["actor1"] is None and a1 is not None and a1.attribution != "unattributed":
        problems.append(f"actor1 should be unnamed, got {_words(a1)!r}")
    if "acled1" in item and (a1 is None or a1.acled != item["acled1"]):
        problems.append(f"acled1 {a1.acled if a1 else None!r}")
    if "inter1" in item and (a1 is None or a1.inter != item["inter1"]):
        problems.append(f"inter1 {a1.inter if a1 else None}")
    if "country1" in item and (a1 is None or a1.country != item["country1"]):
        problems.append(f"country1 {a1.country if a1 else None}")
    if "attribution" in item and (a1 is None or a1.attribution != item["attribution"]):
        problems.append(f"attribution {a1.attribution if a1 else None}")
    if item.get("by") and (a1 is None or item["by"].lower() not in (a1.attributed_by or "").lower()):
        problems.append(f"attributed_by {a1.attributed_by if a1 else None!r}")
    if item.get("actor2") and item["actor2"].lower() not in _words(a2):
        problems.append(f"actor2 {_words(a2)!r}")
    if item.get("no_actor2") and a2 is not None:
        problems.append(f"actor2 should be none, got {a2.text!r}")
    bad = [w for w in item.get("actor1_not", ()) if a1 is not None and w in (a1.text or "").lower().split()]
    if bad:
        problems.append(f"actor1 is an instrument: {a1.text!r}")
    return problems


def test_actor_roles(code):
    items = [json.loads(line) for line in ROLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 150
    right, total, failures = Counter(), Counter(), []
    for item in items:
        problems = check(item, code(item["text"]))
        total[item["class"]] += 1
        right[item["class"]] += not problems
        if problems:
            failures.append(f"{item['id']}: {'; '.join(problems)} | {item['text']}")
    share = sum(right.values()) / len(items)
    per_class = {c: f"{right[c]}/{total[c]}" for c in total}
    print(f"actor roles: {share:.3f} right {per_class}"); print("\n".join(failures))
    assert share >= 0.98, f"{share:.3f} right {per_class}\n" + "\n".join(failures)   # measured 153/155
    assert set(total) >= {"claim", "accusation", "suspicion", "unclaimed", "passive", "nominal",
                          "coordination", "pronoun", "instrument", "dateline", "conventions"}
