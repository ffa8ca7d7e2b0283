"""Named steps that declare what they need and what they set, as spaCy components declare
`requires` and `assigns`, and the loop that runs them.

A step is `fn(coder, ctx) -> str | None`: it reads the context fields it `needs`, sets the ones
it `sets`, and returns None to go on or a reason (a short string) to drop the candidate event.
Names are EventContext fields ("a1"), attributes of the event being assembled ("event.actor1")
or document memory ("doc.coded"). run_steps checks the EventContext part of the declarations on
every call (cheap: a few attribute reads per step); tests/test_steps.py checks all of it,
reads included, by running sentences through a recording context.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from seismo.extract.context import UNSET, EventContext

_OUTPUTS = frozenset(EventContext.output_names())


class StepDeclarationError(AssertionError):
    """A step ran without what it needs, or did not set what it declares (a coder bug)."""


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    needs: tuple[str, ...]
    sets: tuple[str, ...]
    fn: Callable

    def context_needs(self) -> tuple[str, ...]:
        return tuple(n for n in self.needs if n in _OUTPUTS)

    def context_sets(self) -> tuple[str, ...]:
        return tuple(n for n in self.sets if n in _OUTPUTS)


def check_sequence(steps: tuple[Step, ...], inputs: frozenset[str]) -> None:
    """Every need is an input or set by an earlier step; every output is set by one step only.
    A need "event.<attr>" of an attribute no step declares is one the `event` step itself set."""
    available, setter = set(inputs), {}
    for step in steps:
        missing = [n for n in step.needs if n not in available
                   and not (n.startswith("event.") and "event" in available)]
        if missing:
            raise StepDeclarationError(f"step {step.name} needs {missing}, set by no earlier step")
        for name in step.sets:
            if name in setter:
                raise StepDeclarationError(f"{name} is set by {setter[name]} and by {step.name}")
            setter[name] = step.name
            available.add(name)


def run_steps(steps: tuple[Step, ...], coder, ctx: EventContext) -> str | None:
    """Run the steps in order; the first drop reason, or None when every step kept the event."""
    for step in steps:
        for name in step.context_needs():
            if getattr(ctx, name) is UNSET:
                raise StepDeclarationError(f"step {step.name} needs {name}, which is not set")
        dropped = step.fn(coder, ctx)
        if dropped:
            return f"{step.name}: {dropped}"
        for name in step.context_sets():
            if getattr(ctx, name) is UNSET:
                raise StepDeclarationError(f"step {step.name} did not set {name}")
    return None
