"""What the event coder's steps read and write (extract.steps runs them, extract.coder_steps
defines them).

DocContext: one document's inputs, built once (the parse, its places, its year), its resolvers,
and the two things the document remembers across its events (`coded`: event types already
coded, for re-mentions; `site`: the story's current place). Steps replace those two, never
change them in place, so a step's declared `sets` ("doc.coded", "doc.site") is checkable.

EventContext: one trigger's way through the steps. Inputs (`found`, `sent`, `doc`, `reading`)
are set by the coder; every other field starts UNSET and is set by exactly one step. From the
`record` step on, the Event being assembled is `event`; each later step sets its own declared
attributes of it ("event.actor1"...). `event.evidence.fields` is the provenance log: each step
adds the keys of what it set.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


class _Unset:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:   # an unset value is never mistaken for a real one in a test
        raise TypeError("an UNSET context field was used as a value")


UNSET = _Unset()


@dataclass(slots=True)
class DocContext:
    """Per-document inputs and memory (built once per document by EventCoder)."""
    doc: object                                 # records.Document
    sdoc: object                                # spaCy Doc
    anchor_year: int | None
    resolvers: object                           # extract.resolvers.DocumentResolvers
    text: str = ""                              # sdoc.text, built once (spaCy rebuilds it per access)
    # () -> (toponyms, focus Toponym, off-topic section): called when the first event asks, so a
    # document with no event (a third of local news) is never geoparsed
    load_places: object = None
    _places: tuple | None = None
    # Set by the document loop, per sentence / paragraph (not by steps):
    frame: str | None = None                    # narrated time of the current sentence
    par_start: int = 0                          # character offset of the current paragraph
    # Memory across events, replaced (not mutated) by the steps that declare it:
    coded: frozenset = frozenset()              # event types (and type, actor lemma) already coded
    site: object = None                         # Location of the story's last located material event
    # Memoised lookups (same answer whoever asks first), not step results:
    cache: dict = field(default_factory=dict)

    @property
    def toponyms(self) -> list:
        return self._place_facts()[0]

    @property
    def focus(self):
        """Toponym of the document's focus country, or None."""
        return self._place_facts()[1]

    @property
    def off_topic(self) -> str | None:
        """A sports/business/culture... page (extract.topic), or None."""
        return self._place_facts()[2]

    def _place_facts(self) -> tuple:
        if self._places is None:
            self._places = self.load_places() if self.load_places else ([], None, None)
        return self._places


@dataclass(slots=True)
class EventContext:
    """One trigger's inputs and the steps' outputs (see the steps table in docs/extraction.md)."""
    # inputs
    found: object                 # triggers.Trigger as found and selected
    sent: object                  # spaCy Span: its sentence
    doc: DocContext
    reading: object = None        # learned.Reading of the trigger word, or None
    # outputs, each set by one step
    fact: object = UNSET          # factuality.Factuality
    quoted: object = UNSET        # bool: inside a quotation
    trigger: object = UNSET       # the Trigger to code: `found`, or a recoded copy (negated -> REJECT)
    a1: object = UNSET            # arguments.Arg | None: actor1 as the parse gives it
    a2: object = UNSET            # arguments.Arg | None: actor2
    type: object = UNSET          # str: final PLOVER type (riot, future recodes)
    mode: object = UNSET          # str | None: final PLOVER mode
    event: object = UNSET         # records.Event being assembled
    location: object = UNSET      # Location | None: the place the trigger's own sentence gives
    historical: object = UNSET    # bool: background, by the rules (the learned reader may add)

    @classmethod
    def output_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.default is UNSET)


class CodedEvents(list):
    """The coder's result for one document: its events (a plain list to every consumer), plus
    `resolver_failures` {resolver name: count} (extract.resolvers), summed per run by the runner."""

    def __init__(self, events=(), resolver_failures: dict | None = None):
        super().__init__(events)
        self.resolver_failures = dict(resolver_failures or {})
