"""Event triggers: verbs, event nouns and multiword phrases mapped to PLOVER type and mode.

The lexicon is data (src/seismo/data/lexicons/triggers.yaml); this module loads it once into
plain lookup tables and finds the triggers of one sentence. Word senses that change the event
type ("strike a deal" vs "strike a town", "fight corruption" vs "fight the rebels") are decided by
the class of the trigger's object, a general rule written in the data file, not per sentence.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from seismo import taxonomy
from seismo.config import PACKAGE_DATA
from seismo.yamlio import load_yaml

LEXICON_PATH = PACKAGE_DATA / "lexicons" / "triggers.yaml"
_OBJ_DEPS = ("dobj", "obj")
_NOUN_POS = ("NOUN",)
_VERB_POS = ("VERB",)


@dataclass(frozen=True, slots=True)
class Sense:
    obj: str                      # object class, "any" or "none"
    type: str | None              # None: not an event in this sense
    mode: str | None = None
    on_prep: bool = False         # test the object of a preposition instead of the direct object
    on_subj: bool = False         # test the subject instead ("civilians fled": displacement)
    and_subj: str | None = None   # with obj/prep_obj: the subject's class must match too
    on_compl: bool = False        # test the object's predicative complement ("called the vote a farce")


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    lemma: str
    type: str
    mode: str | None = None
    pos: str = "verb"             # verb | noun | phrase
    words: tuple[str, ...] = ()   # phrase words after the head
    contexts: tuple[str, ...] = ()
    senses: tuple[Sense, ...] = ()
    needs_obj: bool = False
    bare: bool = False            # noun may be an event without its own actor
    needs_prep: tuple[str, ...] = ()
    xcomp_modal: bool = False     # with a to-clause the verb only frames it ("seek to", "help to")
    modifiers: tuple[tuple[str, str, str | None], ...] = ()   # (modifier lemma, type, mode)


@dataclass(slots=True)
class Trigger:
    token: object                 # spaCy Token: the head word
    tokens: list = field(default_factory=list)   # every word of the trigger (phrases)
    spec: TriggerSpec | None = None
    type: str = ""
    mode: str | None = None

    @property
    def is_noun(self) -> bool:
        return self.spec is not None and self.spec.pos == "noun"

    @property
    def start(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end(self) -> int:
        return max(t.idx + len(t.text) for t in self.tokens)


class Lexicon:
    """The trigger lexicon as lookup tables (built once per process)."""

    def __init__(self, data: dict):
        self.classes = {name: (frozenset(c.get("ents", ())), frozenset(c.get("words", ())))
                        for name, c in (data.get("classes") or {}).items()}
        self.reporting = frozenset(data.get("reporting") or ())
        self.modal_verbs = dict(data.get("modal_verbs") or {})
        self.foil_verbs = frozenset(data.get("foil_verbs") or ())
        self.failed_subject_verbs = frozenset(data.get("failed_subject_verbs") or ())
        self.attempt_heads = frozenset(data.get("attempt_heads") or ())
        self.light_verbs = frozenset(data.get("light_verbs") or ())
        self.verbs = {k: _spec(k, v, "verb") for k, v in (data.get("verbs") or {}).items()}
        self.nouns = {k: _spec(k, v, "noun") for k, v in (data.get("nouns") or {}).items()}
        self.phrases: dict[str, list[TriggerSpec]] = {}
        for item in data.get("phrases") or ():
            words = item["words"].split()
            spec = _spec(words[0], item, "phrase", tuple(words[1:]))
            self.phrases.setdefault(words[0], []).append(spec)
        # Longest phrases first, so "take into custody" wins over "take".
        for specs in self.phrases.values():
            specs.sort(key=lambda s: -len(s.words))
        self.adjectives = {k: _spec(k, v, "verb") for k, v in (data.get("adjectives") or {}).items()}
        self.heads = (frozenset(self.verbs) | frozenset(self.nouns) | frozenset(self.phrases)
                      | frozenset(self.adjectives))

    def in_class(self, tok, name: str) -> bool:
        if name == "any":
            return tok is not None
        if name == "none":
            return tok is None
        if tok is None or name not in self.classes:
            return False
        ents, words = self.classes[name]
        return tok.ent_type_ in ents or tok.lemma_.lower() in words


def _spec(lemma: str, value, pos: str, words: tuple[str, ...] = ()) -> TriggerSpec:
    if isinstance(value, str):
        typ, _, mode = value.partition("/")
        return TriggerSpec(lemma, typ, mode or None, pos, words)
    senses = tuple(_sense(s) for s in value.get("senses") or ())
    mods = tuple((k, v[0], v[1]) for k, v in (value.get("modifiers") or {}).items())
    return TriggerSpec(lemma, value["type"], value.get("mode"), pos, words,
                       tuple(value.get("contexts") or ()), senses, bool(value.get("needs_obj")),
                       bool(value.get("bare")), tuple(value.get("needs_prep") or ()),
                       bool(value.get("xcomp_modal")), mods)


def _sense(s: dict) -> Sense:
    if "compl" in s:
        return Sense(s["compl"], s.get("type"), s.get("mode"), on_compl=True)
    target = s.get("obj") or s.get("prep_obj")
    if target is None:
        return Sense(s.get("subj") or "any", s.get("type"), s.get("mode"), False, "subj" in s)
    return Sense(target, s.get("type"), s.get("mode"), "prep_obj" in s, False, s.get("subj"))


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    with open(Path(path) if path else LEXICON_PATH, encoding="utf-8") as f:
        return Lexicon(load_yaml(f))


def lemma(tok) -> str:
    return tok.lemma_.lower()


def direct_object(tok):
    """The direct object of a verb (the passive subject when the verb is passive); in a relative
    clause the relative pronoun stands for the noun it modifies ("a deal that he struck")."""
    for c in tok.children:
        if c.dep_ in _OBJ_DEPS:
            if c.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                return tok.head
            return c
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            return c
    return None


def subject(tok):
    """The subject of a verb, or the noun a participle modifies ("people fleeing their homes")."""
    for c in tok.children:
        if c.dep_ == "agent":      # passive: the doer is in the by-phrase
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    for c in tok.children:
        if c.dep_ == "nsubj":
            return c
    return tok.head if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") else None


def prep_object(tok):
    for c in tok.children:
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


_PARTICLES = frozenset({"up", "down", "out", "off", "back", "over", "away"})
# A phrasal verb's preposition is the verb's own dependent: "called on the UN", not "called
# Jerusalem the key for peace" (where "for" belongs to "key").
_PREPOSITIONS = frozenset({"for", "on", "upon", "against", "into", "with"})


def _phrase_tokens(head, words: tuple[str, ...]) -> list | None:
    """Tokens under `head` whose lemmas are `words` (particles as direct dependents, other words
    up to two levels down), or None if any is missing: "turned the offer down", not
    "turning the law upside down"."""
    children = list(head.children)
    near = children + [g for c in children for g in c.children]
    # "pushing hard for", "pushing for X to support": a preposition may hang on the verb's own
    # adverb or open the verb's complement clause, but not sit under a noun ("the key for peace")
    verbal = children + [g for c in children for g in c.children
                         if c.dep_ in ("advmod", "prt") or g.dep_ == "mark"]
    found = []
    for w in words:
        pool = children if w in _PARTICLES else verbal if w in _PREPOSITIONS else near
        tok = next((t for t in pool if (lemma(t) == w or t.lower_ == w) and t not in found), None)
        if tok is None or (w in _PREPOSITIONS and _temporal_object(tok)):
            return None
        found.append(tok)
    return found


def _temporal_object(prep) -> bool:
    """"called the centre on Thursday": a preposition governing a date is not the verb's
    particle ("called on the UN")."""
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _apply_senses(spec: TriggerSpec, tok, lex: Lexicon) -> tuple[str | None, str | None]:
    """The (type, mode) of a trigger given its object, or (None, None) when it is not an event."""
    obj = direct_object(tok) if spec.pos != "noun" else None
    if spec.xcomp_modal and any(c.dep_ == "xcomp" for c in tok.children):
        return None, None   # "seek to restore": an attempt at the embedded action, not a request
    if spec.needs_obj and obj is None:
        return None, None
    if obj is None:   # "pleaded guilty": a predicative complement stands in for the object
        obj = next((c for c in tok.children if c.dep_ in ("acomp", "oprd")), None)
    for sense in spec.senses:
        target = prep_object(tok) if sense.on_prep else subject(tok) if sense.on_subj else \
            _complement(tok) if sense.on_compl else obj
        if lex.in_class(target, sense.obj) and (sense.and_subj is None
                                                 or lex.in_class(subject(tok), sense.and_subj)):
            if sense.type is None:
                return None, None
            return sense.type, sense.mode if sense.mode is not None else spec.mode
    return spec.type, spec.mode


def _complement(tok):
    """The object's predicative complement: "crime" in "called the bombing a war crime"."""
    return next((c for c in tok.children if c.dep_ == "oprd"), None)


# Readiness or a promise to take a material-conflict action is a threat, not an agreement ("the
# government is prepared to impose martial law", "vowed to retaliate" vs "ready to negotiate").
_COMMISSIVE = frozenset({"vow", "pledge", "promise", "swear"})


def _readiness(spec: TriggerSpec, tok, lex: Lexicon) -> tuple[str | None, str | None]:
    """Also: promising *not* to take a cooperative step refuses it ("vowing not to resume
    negotiations" is codebook REJECT), while promising restraint stays a commitment."""
    if spec.type != "AGREE":
        return spec.type, spec.mode
    for c in tok.children:
        if _to_clause(c):
            inner = _embedded_type(c, lex)
            if inner in taxonomy.types_with("promised_is_threat"):
                return "THREATEN", None
            if inner and any(g.dep_ == "neg" for g in c.children):
                return "REJECT", None
    return spec.type, spec.mode


def _embedded_type(verb, lex: Lexicon) -> str | None:
    """The event type of a to-clause: its verb's, or for an aspectual verb its object noun's
    ("to resume negotiations" is CONSULT)."""
    lem = lemma(verb)
    if lem in lex.verbs:
        return _apply_senses(lex.verbs[lem], verb, lex)[0]
    if lem in lex.modal_verbs:
        inner = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if inner is not None:   # "to keep fighting", "to continue to attack"
            return _embedded_type(inner, lex)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and lemma(obj) in lex.nouns:
            return lex.nouns[lemma(obj)].type
    return None


def _to_clause(tok) -> bool:
    """The to-infinitive complement of a verb; the parser often attaches one that follows an
    adjunct as advcl ("vowed on Friday to fight")."""
    if tok.dep_ == "xcomp":
        return True
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _noun_reading(spec: TriggerSpec, tok) -> tuple[str | None, str | None]:
    if spec.needs_prep and not any(c.dep_ == "prep" and c.lower_ in spec.needs_prep
                                   for c in tok.children) \
            and not any(g.dep_ == "mark" and g.lower_ in spec.needs_prep
                        for c in tok.children for g in c.children):
        return None, None   # "calls for talks", "calls for Israel to accept..." (a for-clause)
    if spec.modifiers:
        mods = {lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        for word, typ, mode in spec.modifiers:
            if word in mods:
                return typ, mode
    return spec.type, spec.mode


def find_triggers(sent, lex: Lexicon, vetoed: set[int] | None = None) -> list[Trigger]:
    """All trigger readings in a sentence: phrases first, then single verbs and nouns. `vetoed`
    gathers the tokens the lexicon read and found no event in ("a heart attack", "fired the chief
    of staff"): its verdict on them, which no reader overrides."""
    out: list[Trigger] = []
    used: set[int] = set()
    for tok in sent:
        lem = lemma(tok)
        if lem not in lex.heads or tok.i in used:
            continue
        if tok.pos_ not in _VERB_POS:
            continue   # phrases are verbal ("call for"); the noun "calls for..." reads as a noun
        for spec in lex.phrases.get(lem, ()):
            extra = _phrase_tokens(tok, spec.words)
            if extra is not None:
                toks = [tok] + extra
                used.update(t.i for t in toks)
                out.append(Trigger(tok, sorted(toks, key=lambda t: t.i), spec, spec.type, spec.mode))
                break
    for tok in sent:
        if tok.i in used:
            continue
        lem = lemma(tok)
        if lem not in lex.heads:
            continue
        if tok.pos_ in _VERB_POS and lem in lex.verbs:
            spec = lex.verbs[lem]
            typ, mode = _apply_senses(spec, tok, lex)
            if lem in _COMMISSIVE and typ == "AGREE":
                typ, mode = _readiness(spec, tok, lex)   # "vowed to retaliate" threatens
        elif tok.pos_ == "ADJ" and lem in lex.adjectives and any(
                c.dep_ == "xcomp" and lemma(c) not in lex.reporting for c in tok.children):
            # "ready to negotiate" commits to an action; "willing to admit" only to words
            spec = lex.adjectives[lem]
            typ, mode = _readiness(spec, tok, lex)
        elif tok.pos_ in _NOUN_POS and lem in lex.nouns and tok.dep_ not in ("compound",):
            spec = lex.nouns[lem]
            typ, mode = _noun_reading(spec, tok)
        elif tok.pos_ in _NOUN_POS and lem in lex.nouns and lemma(tok.head) in lex.attempt_heads:
            # "a coup attempt": the event is the coup; its head noun holds the arguments
            spec = lex.nouns[lem]
            typ, mode = _noun_reading(spec, tok.head)
            if typ:
                out.append(Trigger(tok.head, [tok, tok.head], spec, typ, mode))
            continue
        else:
            continue
        if typ:
            out.append(Trigger(tok, [tok], spec, typ, mode))
        elif vetoed is not None:
            vetoed.add(tok.i)
    out.extend(_deontic_reports(sent, lex, used))
    return out


_DEONTIC = frozenset({"must", "should"})
# "you" in a quote addresses the listener or anyone ("you should not ask"): no recipient to demand of
_SPEAKER_SELF = frozenset({"i", "we", "you"})
DEMAND_SPEC = TriggerSpec("demand", "REQUEST", None, "verb")


def _deontic_reports(sent, lex: Lexicon, used: set) -> list[Trigger]:
    """"X said/declared/concluded that Y must do Z" is a demand by X on Y (codebook REQUEST):
    the reporting verb becomes a REQUEST trigger; the embedded obligation is not an event."""
    out = []
    for tok in sent:
        if tok.i in used or tok.pos_ != "VERB" or lemma(tok) not in lex.reporting:
            continue
        for c in tok.children:
            if c.dep_ != "ccomp":
                continue
            modal = next((a for a in c.children if a.dep_ == "aux" and a.lower_ in _DEONTIC), None)
            subj = next((a for a in c.children if a.dep_ in ("nsubj", "nsubjpass")), None)
            if modal is not None and subj is not None and subj.lower_ not in _SPEAKER_SELF:
                out.append(Trigger(tok, [tok], DEMAND_SPEC, "REQUEST", None))
                break
    return out
