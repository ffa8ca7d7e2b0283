"""The event coder's steps declare what they need and set (extract/coder_steps.py STEPS); these
tests run real sentences through the coder with every step watched, and check the declarations
against what each step actually reads and writes:

- a step reads only the context fields, event attributes and document memory it declares
  (or has just set itself); the inputs `found`, `sent`, `doc`, `reading` and the attributes the
  `record` step gives the Event (type, mode, factuality, evidence...) come with needing them;
- a step writes only what it declares, and sets every context field it declares when it keeps
  the event;
- no step changes another step's result in place (values compared before and after each step).
"""
from __future__ import annotations

import copy
import dataclasses

import pytest

from seismo.extract import events as events_module
from seismo.extract.coder_steps import STEPS
from seismo.extract.context import UNSET, EventContext
from seismo.extract.steps import Step, StepDeclarationError, check_sequence, run_steps
from seismo.records import Event

# Sentences that take the coder down its different paths: riots, negated rejections, quotes,
# claims and accusations, casualties, minerals, event nouns, re-mentions, fallback places,
# background, a question, an off-topic page.
TEXTS = [
    "Hundreds of protesters attacked a police station in Goma on Monday, killing two officers.",
    "The government did not accept the proposal. Rwanda denied that its troops attacked Bunia.",
    '"We will attack Kinshasa," a rebel spokesman said on Tuesday.',
    "Islamic State claimed responsibility for the attack on a church in Beni that killed 14 people.",
    "The army blamed ADF rebels for the massacre. Suspected ADF fighters killed 12 villagers near Oicha.",
    "Miners in Kolwezi stopped work over unpaid wages. The strike halted cobalt exports.",
    "Russia expelled two French diplomats. The expulsion followed a coup in Niger in July.",
    "In 1997, rebels seized Kinshasa and toppled Mobutu. Soldiers were arrested in Bukavu on Friday.",
    "Will China invade Taiwan? Putin met Xi in Beijing and the two leaders signed an agreement.",
    "Arsenal attacked down the left wing and the striker released the ball early.\n\nThe coach said "
    "the team would fight.",
    "President Tshisekedi said the M23 must withdraw from Rutshuru. Kagame rejected the demand.",
]

_EVENT_ATTRS = tuple(f.name for f in dataclasses.fields(Event) if f.name != "evidence")
_RECORD_SETS = frozenset({"doc_id", "event_id", "type", "mode", "factuality", "evidence"})


class _Watch:
    """Records the names a step reads and writes through it, and passes everything through."""

    def __init__(self, target, prefix: str, log: dict):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_prefix", prefix)
        object.__setattr__(self, "_log", log)

    def __getattr__(self, name):
        value = getattr(self._target, name)
        self._log["reads"].add(self._prefix + name)
        if self._prefix == "" and name == "event" and value is not UNSET:
            return _Watch(value, "event.", self._log)
        if self._prefix == "" and name == "doc":
            return _Watch(value, "doc.", self._log)
        return value

    def __setattr__(self, name, value):
        self._log["writes"].add(self._prefix + name)
        setattr(self._target, name, value)


def _trigger_key(trig):
    return None if trig is UNSET else (trig.type, trig.mode, trig.token.i)


def _state(ctx: EventContext) -> dict:
    """Comparable copies of everything a step could change in place."""
    state = {"found": _trigger_key(ctx.found), "trigger": _trigger_key(ctx.trigger),
             "a1": None if ctx.a1 in (UNSET, None) else (ctx.a1.token.i, ctx.a1.source),
             "a2": None if ctx.a2 in (UNSET, None) else (ctx.a2.token.i, ctx.a2.source),
             "fact": copy.copy(ctx.fact), "doc.coded": ctx.doc.coded, "doc.site": copy.deepcopy(ctx.doc.site)}
    if ctx.event is not UNSET:
        for attr in _EVENT_ATTRS:
            state["event." + attr] = copy.deepcopy(getattr(ctx.event, attr))
        state["fields"] = dict(ctx.event.evidence.fields)
    return state


class _Checker:
    def __init__(self):
        self.problems: list[str] = []
        self.completed = 0
        self.ran: dict[str, int] = {}
        self.field_owner: dict[tuple[int, str], str] = {}

    def run(self, steps, coder, ctx: EventContext):
        for step in steps:
            before = _state(ctx)
            log = {"reads": set(), "writes": set()}
            dropped = step.fn(coder, _Watch(ctx, "", log))
            self.ran[step.name] = self.ran.get(step.name, 0) + 1
            self._check(step, log, before, _state(ctx), ctx, dropped)
            if dropped:
                return f"{step.name}: {dropped}"
        self.completed += 1
        return None

    def _check(self, step: Step, log: dict, before: dict, after: dict, ctx, dropped) -> None:
        declared = set(step.needs) | set(step.sets)
        for name in log["reads"]:
            if name.startswith("doc.") and name not in ("doc.coded", "doc.site"):
                continue   # the document's inputs, resolvers and cache come with "doc"
            if name == "doc" and any(n.startswith("doc.") for n in declared):
                continue   # the way to the document memory it declares
            if name.startswith("event.") and name[6:] in _RECORD_SETS:
                continue   # what the record step gave the event comes with "event"
            if name not in declared:
                self.problems.append(f"{step.name} reads {name} without declaring it")
        for name in log["writes"]:
            if name not in step.sets:
                self.problems.append(f"{step.name} writes {name} without declaring it")
        for key in after:
            if key in before and before[key] != after[key] and key not in step.sets and key != "fields" \
                    and not (key == "trigger" and "trigger" in step.sets):
                self.problems.append(f"{step.name} changed {key} in place")
        if not dropped:
            for name in step.context_sets():
                if getattr(ctx, name) is UNSET:
                    self.problems.append(f"{step.name} did not set {name}")
        self._check_fields(step, before.get("fields") or {}, after.get("fields") or {}, ctx)

    def _check_fields(self, step: Step, before: dict, after: dict, ctx) -> None:
        """The provenance log grows; a key written by one step is not rewritten by another."""
        for key, value in after.items():
            owner = self.field_owner.setdefault((id(ctx), key), step.name)
            if key in before and before[key] != value and owner != step.name:
                self.problems.append(f"{step.name} rewrote fields[{key!r}] set by {owner}")


@pytest.fixture(scope="module")
def checked(nlp):
    from seismo.extract.events import EventCoder
    from seismo.records import Document, OffsetMap
    checker = _Checker()
    coder = EventCoder(keep_uncertain=True)   # the uncertain events go through every step too
    original = events_module.run_steps
    events_module.run_steps = checker.run
    try:
        for i, text in enumerate(TEXTS):
            doc = Document(id=f"s{i}", source="test", raw=text, clean_text=text, published="2024-06-01",
                           offsets=OffsetMap.identity(len(text)))
            coder.code(doc, nlp(text))
    finally:
        events_module.run_steps = original
    return checker


def test_steps_read_and_write_only_what_they_declare(checked):
    assert not checked.problems, "\n".join(sorted(set(checked.problems)))


def test_the_sentences_exercise_every_step(checked):
    assert set(checked.ran) == {s.name for s in STEPS}
    assert checked.completed >= 10


def test_the_sequence_is_declared_in_order():
    check_sequence(STEPS, events_module.STEP_INPUTS)
    swapped = (STEPS[2], STEPS[1]) + STEPS[3:]
    with pytest.raises(StepDeclarationError, match="assertion needs|eventhood needs"):
        check_sequence((STEPS[0],) + swapped[1:], events_module.STEP_INPUTS)
    twice = STEPS + (Step("again", needs=(), sets=("a1",), fn=lambda coder, ctx: None),)
    with pytest.raises(StepDeclarationError, match="a1 is set by arguments and by again"):
        check_sequence(twice, events_module.STEP_INPUTS)


def test_run_steps_refuses_a_step_without_its_inputs_or_outputs():
    ctx = EventContext(found=None, sent=None, doc=None)
    needy = Step("needy", needs=("a1",), sets=(), fn=lambda coder, ctx: None)
    with pytest.raises(StepDeclarationError, match="needy needs a1"):
        run_steps((needy,), None, ctx)
    lazy = Step("lazy", needs=(), sets=("a1",), fn=lambda coder, ctx: None)
    with pytest.raises(StepDeclarationError, match="lazy did not set a1"):
        run_steps((lazy,), None, ctx)
    dropping = Step("gate", needs=(), sets=("a1",), fn=lambda coder, ctx: "no")
    assert run_steps((dropping,), None, ctx) == "gate: no"
