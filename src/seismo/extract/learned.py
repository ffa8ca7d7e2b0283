"""The learned event reader: which words are event triggers, of which PLOVER type, which ACLED
sub-event type, and whether the event is current news (vs background, generic, hypothetical).

Trained by `seismo train` (seismo.train.model) on the project's annotated corpus
(corpus/events/, docs/annotation.md). Three linear classifiers share one feature map of a
candidate token: hashed sparse features from the parse (lemma, its syntactic neighbours, the
light verb governing a noun, modality and negation, the sentence's words and entity types) and
the token's contextual vector from the parser's own tok2vec (doc.tensor), so reading costs
nothing beyond the parse the pipeline already pays for. The weights are plain arrays in an .npz
(no pickle: loading runs no code) with a JSON card; prediction is a sparse sum and a softmax.

Candidates are tokens whose lemma was a trigger in the corpus or is a head in the trigger
lexicon (`vocabulary` in the card): a word never seen as a trigger is not read.
"""
from __future__ import annotations

import functools
import itertools
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from seismo.config import PACKAGE_DATA

MODEL_DIR = PACKAGE_DATA / "models" / "events"
NONE = "NONE"
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN"})
_MODALS = frozenset({"could", "would", "might", "may", "will", "shall", "should", "must", "can"})
_HEADS = ("plover", "acled", "status")


@dataclass(slots=True)
class Reading:
    """The model's reading of one candidate token."""
    p_event: float            # 1 - P(no event)
    plover: str               # most probable PLOVER type if it is an event
    p_plover: float           # its probability among event types
    acled: str | None         # most probable ACLED sub-event type, None for "not an ACLED event"
    p_acled: float
    status: str               # current | background | other
    p_current: float


def is_candidate(tok, vocabulary) -> bool:
    """Only words seen as triggers (corpus or lexicon) are read: the same rule in training."""
    return tok.pos_ in CANDIDATE_POS and tok.lemma_.lower() in vocabulary


def _h(feature: str, dims: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % dims


def token_features(tok, sent) -> list[str]:
    """The sparse features of a candidate token (strings; hashed by the caller)."""
    lem = tok.lemma_.lower()
    head = tok.head
    f = [f"l={lem}", f"w={tok.lower_}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}",
         f"lp={lem}|{tok.pos_}", f"ld={lem}|{tok.dep_}", f"hl={head.lemma_.lower()}",
         f"hd={tok.dep_}|{head.lemma_.lower()}", f"cap={tok.is_title and tok.i > sent.start}"]
    for child in tok.children:
        cl = child.lemma_.lower()
        f.append(f"c={child.dep_}|{cl}")
        if child.ent_type_:
            f.append(f"ce={child.dep_}|{child.ent_type_}")
        if child.dep_ == "prep":
            for g in child.children:
                if g.dep_ == "pobj":
                    f.append(f"pp={cl}|{g.lemma_.lower()}")
        if child.dep_ == "neg":
            f.append("neg")
        if child.lower_ in _MODALS:
            f.append(f"modal={child.lower_}")
        if child.like_num or child.ent_type_ == "CARDINAL":
            f.append("num-child")
    if tok.dep_ in ("dobj", "pobj", "attr", "nsubj", "nsubjpass"):
        f.append(f"gov={tok.dep_}|{head.lemma_.lower()}|{lem}")
    if head.dep_ == "prep":
        f.append(f"in-pp={head.lemma_.lower()}|{head.head.lemma_.lower()}")
    for j in (-2, -1, 1, 2):
        k = tok.i + j
        if sent.start <= k < sent.end:
            f.append(f"win{j}={tok.doc[k].lemma_.lower()}")
    return f


# Word classes the ACLED distinctions turn on (docs/annotation.md): the weapon or means, who was
# attacked or acted (armed / state / non-state / civilians), a territory change, force against a
# crowd. A class generalises beyond the words the corpus happened to use for it.
_CLASSES: dict[str, frozenset[str]] = {
    "air": frozenset({"airstrike", "air", "drone", "warplane", "jet", "aircraft", "helicopter", "gunship",
                      "bombing", "bomber", "airstrikes", "uav", "sortie", "aerial"}),
    "shell": frozenset({"shell", "shelling", "artillery", "mortar", "rocket", "missile", "howitzer",
                        "bombardment", "bombard", "barrage", "projectile", "katyusha", "grad"}),
    "ied": frozenset({"ied", "landmine", "mine", "roadside", "explosive", "device", "detonate",
                      "booby", "vbied", "car-bomb", "blast", "explosion", "bomb"}),
    "grenade": frozenset({"grenade", "hand-grenade"}),
    "suicide": frozenset({"suicide", "self", "vest", "martyrdom"}),
    "chem": frozenset({"chemical", "chlorine", "sarin", "gas", "toxic", "nerve", "mustard", "poison"}),
    "gun": frozenset({"gun", "gunman", "gunmen", "rifle", "gunfire", "shoot", "shot", "fire", "bullet",
                      "machete", "knife", "ambush"}),
    "civ": frozenset({"civilian", "villager", "resident", "people", "woman", "child", "farmer", "worker",
                      "passenger", "student", "worshipper", "journalist", "refugee", "pupil", "family",
                      "man", "herder", "trader", "teacher", "displaced", "idp", "patient", "doctor",
                      "aid", "humanitarian", "mourner", "motorist", "driver", "fisherman", "miner",
                      "inhabitant", "parishioner", "pilgrim", "shopper", "child", "girl", "boy", "chief",
                      "activist", "official", "candidate", "voter", "market", "village", "camp",
                      "school", "hospital", "church", "mosque", "home", "house", "household"}),
    "armed": frozenset({"soldier", "troop", "army", "military", "force", "militant", "fighter", "rebel",
                        "police", "policeman", "officer", "patrol", "base", "position", "convoy",
                        "checkpoint", "militia", "militiaman", "jihadist", "insurgent", "gendarme",
                        "guard", "outpost", "barrack", "garrison", "unit", "battalion", "brigade",
                        "combatant", "paramilitary", "commander", "jihadi", "terrorist", "gunman"}),
    "state": frozenset({"army", "military", "troop", "soldier", "government", "police", "gendarme",
                        "gendarmerie", "junta", "ministry", "state", "national", "federal", "armed",
                        "fardc", "saf", "fama", "endf", "kdf", "navy", "marine"}),
    "nonstate": frozenset({"rebel", "militant", "jihadist", "insurgent", "militia", "militiaman",
                           "fighter", "group", "faction", "gunman", "bandit", "jihadi", "terrorist",
                           "insurgency", "movement", "front", "m23", "rsf", "al-shabaab", "shabaab",
                           "jnim", "isis", "is", "iswap", "boko", "haram", "adf", "codeco", "wagner"}),
    "territory": frozenset({"capture", "seize", "retake", "recapture", "regain", "liberate", "overrun",
                            "control", "fall", "withdraw", "takeover", "occupy", "reclaim", "clear",
                            "hand", "handover", "cede", "town", "city", "territory", "area", "locality"}),
    "crowd": frozenset({"protest", "protester", "demonstrator", "demonstration", "rally", "march",
                        "crowd", "marcher", "sit-in", "strike", "striker", "mob", "rioter"}),
    "intervene": frozenset({"disperse", "tear", "teargas", "baton", "cannon", "rubber", "arrest",
                            "detain", "beat", "break", "crackdown", "charge", "scuffle", "clash"}),
    "lethal": frozenset({"kill", "dead", "death", "live", "ammunition", "shoot", "fire", "wound",
                         "injure", "die", "bullet", "fatally"}),
    "property": frozenset({"loot", "burn", "torch", "set", "ransack", "vandalise", "vandalize",
                           "destroy", "raze", "plunder", "pillage", "property", "shop", "store"}),
    "deal": frozenset({"agreement", "deal", "ceasefire", "truce", "accord", "sign", "treaty", "pact"}),
    "disaster": frozenset({"earthquake", "flood", "flooding", "storm", "quake", "landslide", "cyclone",
                           "hurricane", "typhoon", "lightning", "wildfire", "blaze", "drought",
                           "outbreak", "epidemic", "cholera", "tremor", "eruption", "tsunami", "rain"}),
    "accident": frozenset({"accident", "crash", "collision", "derail", "derailment", "leak", "capsize",
                           "stampede", "collapse", "plane", "bus", "truck", "ferry", "boat"}),
    "crime": frozenset({"robbery", "robber", "thief", "theft", "burglary", "murder", "heist", "fraud",
                        "smuggler", "gang", "kidnapper", "trafficker", "suspect", "court", "judge",
                        "sentence", "convict", "jury", "domestic", "hijack"}),
    "sports": frozenset({"match", "game", "league", "cup", "tournament", "season", "goal", "coach",
                         "player", "team", "fan", "striker", "defence", "defense", "final", "title",
                         "championship", "ace", "serve", "score", "win", "club", "stadium"}),
    "business": frozenset({"stock", "share", "price", "profit", "revenue", "investor", "bond",
                           "currency", "earnings", "company", "firm", "merger", "tariff", "inflation"}),
    "figurative": frozenset({"democracy", "metaphor", "rhetoric", "war-of-words", "campaign",
                             "critic", "reputation", "record"}),
}
_CLASS_OF: dict[str, tuple[str, ...]] = {}
for _name, _words in _CLASSES.items():
    for _w in _words:
        _CLASS_OF[_w] = _CLASS_OF.get(_w, ()) + (_name,)
_ARG_DEPS = {"nsubj": "agt", "agent": "agt", "dobj": "pat", "nsubjpass": "pat", "poss": "pat"}


def word_classes(tok) -> tuple[str, ...]:
    return _CLASS_OF.get(tok.lemma_.lower(), ()) or _CLASS_OF.get(tok.lower_, ())


def _arg_classes(tok) -> list[str]:
    """Classes of the trigger's agent and patient (their head word and compounds/modifiers):
    who attacked whom, who took the town."""
    out = []
    for child in tok.children:
        role = _ARG_DEPS.get(child.dep_)
        if role is None and child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "by"):
            role = "agt" if child.lower_ == "by" else "pat"
            child = next((g for g in child.children if g.dep_ == "pobj"), None)
            if child is None:
                continue
        if role is None:
            continue
        if child.dep_ == "agent":
            child = next((g for g in child.children if g.dep_ == "pobj"), child)
        words = [child] + [g for g in child.children if g.dep_ in ("compound", "amod", "nmod")]
        for w in words:
            for c in word_classes(w):
                out.append(f"{role}={c}")
            if w.ent_type_:
                out.append(f"{role}e={w.ent_type_}")
        out.append(f"{role}l={child.lemma_.lower()}")
    if tok.dep_ in ("amod", "compound") or (tok.dep_ == "nsubj" and tok.head.pos_ == "VERB"):
        for c in word_classes(tok.head):     # "civilian deaths", "the attack killed soldiers"
            out.append(f"hc={c}")
    return out


def _clause_classes(tok) -> list[str]:
    """Classes of the words in the trigger's clause (its subtree, or its head's when a noun)."""
    root = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.head is not tok else tok
    out = set()
    for t in root.subtree:
        for c in word_classes(t):
            out.add(f"cc={c}")
    return sorted(out)


def token_features_plus(tok, sent) -> list[str]:
    """token_features and the ACLED word classes of the trigger, its arguments and clause."""
    f = token_features(tok, sent)
    f += [f"tc={c}" for c in word_classes(tok)]
    f += _arg_classes(tok)
    f += _clause_classes(tok)
    return f


_DOC_CLASSES = ("disaster", "accident", "crime", "sports", "business", "figurative", "air", "shell",
                "ied", "grenade", "suicide", "chem", "crowd", "armed", "nonstate")


def document_features(doc) -> list[str]:
    """The document's topic, as the classes of its words seen at least twice (a sports report,
    a disaster story, a crime brief), computed once per document."""
    cached = doc.user_data.get("seismo_doc_features")
    if cached is None:
        n: dict[str, int] = {}
        for t in doc:
            for c in _CLASS_OF.get(t.lemma_.lower(), ()):
                n[c] = n.get(c, 0) + 1
        cached = [f"dc={c}" for c in _DOC_CLASSES if n.get(c, 0) >= 2]
        doc.user_data["seismo_doc_features"] = cached
    return cached


def _sentence_words(sent) -> tuple[list[str], set[str], list[str]]:
    """(its s=/se= features, its word classes, its ps= features as the sentence before another),
    made once per sentence: with every candidate read, a sentence is also the next one's context."""
    memo = sent.doc.user_data.setdefault("seismo_sentence_words", {})
    got = memo.get(sent.start)
    if got is None:
        own, classes, as_prev = [], set(), []
        for t in sent:
            pos, stop, lem = t.pos_, t.is_stop, t.lemma_.lower()
            if pos in ("NOUN", "VERB", "PROPN", "ADJ", "NUM") and not stop:
                own.append(f"s={lem}")
            if t.ent_type_ and t.ent_iob_ == "B":
                own.append(f"se={t.ent_type_}")
            classes.update(word_classes(t))
            if pos in ("NOUN", "VERB") and not stop:
                as_prev.append(f"ps={lem}")
        got = memo[sent.start] = (own, classes, as_prev)
    return got


def sentence_features(sent) -> list[str]:
    """Features every candidate of a sentence shares: its content words and entity types, the
    word classes of the sentence, and those of the sentence before (the context it continues)."""
    own, classes, _ = _sentence_words(sent)
    out = own + [f"sc={c}" for c in sorted(classes)]
    out += document_features(sent.doc)
    if sent.start > 0:
        _, pc, as_prev = _sentence_words(sent.doc[sent.start - 1].sent)
        out += as_prev
        out += [f"pc={c}" for c in sorted(pc)]
    else:
        out.append("first-sent")
    return out


FEATURES = 3   # the feature map's version, kept in the card; a model of version 1 reads as before


def sentence_features_v(sent, version: int = FEATURES) -> list[str]:
    return sentence_features(sent) if version >= 2 else _sentence_features_v1(sent)


def _sentence_features_v1(sent) -> list[str]:
    out = []
    for t in sent:
        if t.pos_ in ("NOUN", "VERB", "PROPN", "ADJ", "NUM") and not t.is_stop:
            out.append(f"s={t.lemma_.lower()}")
        if t.ent_type_ and t.ent_iob_ == "B":
            out.append(f"se={t.ent_type_}")
    return out


def feature_indices(tok, sent, dims: int, shared: list[str] | None = None,
                    version: int = FEATURES) -> list[int]:
    """Hashed, de-duplicated sparse feature columns of a candidate (binary features)."""
    own = token_features_plus(tok, sent) if version >= 2 else token_features(tok, sent)
    words = own + (shared if shared is not None else sentence_features_v(sent, version))
    known = _HASHED.setdefault(dims, {})
    if len(known) > _HASHED_MAX:   # a bound on a long-running process's memory
        known.clear()
    out = set()
    for f in words:
        i = known.get(f)
        if i is None:
            i = known[f] = _h(f, dims)
        out.add(i)
    return sorted(out)


# Feature string -> column, per hash size: most features recur (a lemma, a class, a dependency),
# and a dict look-up costs a third of encoding and checksumming the string again.
_HASHED: dict[int, dict[str, int]] = {}
_HASHED_MAX = 500_000


def dense_features(cands: list, dims: int, scale: float) -> np.ndarray | None:
    """The candidates' contextual vectors from the parser's tok2vec (doc.tensor), scaled."""
    if not dims or not cands:
        return None
    tensor = cands[0].doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[1] != dims:
        return None   # a pipeline without tok2vec output: sparse features only
    return np.asarray(tensor[[t.i for t in cands]], dtype=np.float32) * scale


class EventModel:
    """The trained weights; `read(sent)` -> {token index: Reading} for the sentence's candidates."""

    def __init__(self, directory: Path = MODEL_DIR):
        card = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        arrays = np.load(directory / "weights.npz")
        self.card = card
        self.dims = int(card["hash_dims"])
        self.dense_dims = int(card["dense_dims"])
        self.features = int(card.get("features", 1))
        self.dense_scale = float(card.get("dense_scale", 1.0))
        self.vocabulary = frozenset(card["vocabulary"])
        # The lemmas the corpus gave an ACLED sub-event type (a model from before: all of them)
        self.acled_vocabulary = frozenset(card.get("acled_vocabulary") or card["vocabulary"]) & self.vocabulary
        self.labels = {h: card["labels"][h] for h in _HEADS}
        if Path(directory).resolve() == MODEL_DIR.resolve():   # the shipped model: mapped
            from seismo.extract.weights_cache import float32_weights
            wide = float32_weights(directory / "weights.npz", arrays, [f"{h}_W" for h in _HEADS])
            self.weights = {h: wide[f"{h}_W"] for h in _HEADS}
        else:   # a model being trained or evaluated: not worth a cache entry
            self.weights = {h: arrays[f"{h}_W"].astype(np.float32) for h in _HEADS}
        self.bias = {h: arrays[f"{h}_b"].astype(np.float32) for h in _HEADS}
        self.calibration = (arrays["calib_x"], arrays["calib_y"]) if "calib_x" in arrays else None
        self.acled_by_plover = {k: frozenset(v) for k, v in card.get("acled_by_plover", {}).items()}

    def pairs(self, plover: str, acled: str | None) -> bool:
        """Does the training corpus give events of this PLOVER type this ACLED sub-type?"""
        return acled is not None and acled in self.acled_by_plover.get(plover, ())

    def is_candidate(self, tok) -> bool:
        return is_candidate(tok, self.vocabulary)

    def read(self, sent, tokens: list | None = None) -> dict[int, Reading]:
        """Readings of the sentence's candidates, or of those among `tokens` when given (a
        token's reading depends on its sentence, never on which other tokens are read)."""
        return self.read_many([(sent, tokens)])[0]

    def read_many(self, items: list[tuple[object, list | None]]) -> list[dict[int, Reading]]:
        """read() of several (sentence, tokens) at once: one prediction for all their candidates
        (a document's sentences are read together; per sentence, the calls cost more than the
        arithmetic)."""
        cands, rows = [], []
        for sent, tokens in items:
            pool = sent if tokens is None else tokens
            mine = [t for t in pool if self.is_candidate(t)]
            if mine:
                shared = sentence_features_v(sent, self.features)
                rows.extend(feature_indices(tok, sent, self.dims, shared, self.features) for tok in mine)
            cands.append(mine)
        if not rows:
            return [{} for _ in items]
        flat = [tok for mine in cands for tok in mine]
        probs = self.probabilities(rows, dense_features(flat, self.dense_dims, self.dense_scale))
        out, row = [], 0
        for mine in cands:
            out.append({tok.i: self.reading(probs, row + k) for k, tok in enumerate(mine)})
            row += len(mine)
        return out

    def probabilities(self, rows: list[list[int]], dense: np.ndarray | None) -> dict[str, np.ndarray]:
        """Per head, a (candidates x labels) matrix of probabilities."""
        return {h: self._predict(h, rows, dense) for h in _HEADS}

    def _predict(self, head: str, rows: list[list[int]], dense: np.ndarray | None) -> np.ndarray:
        W, b = self.weights[head], self.bias[head]
        if all(rows):
            # one gather for all candidates, summed per candidate (np.add.reduceat over the row
            # starts): a gather per candidate cost more in calls than in arithmetic
            starts = np.fromiter(itertools.accumulate((len(r) for r in rows[:-1]), initial=0),
                                 dtype=np.intp, count=len(rows))
            logits = np.add.reduceat(W[list(itertools.chain.from_iterable(rows))], starts, axis=0) + b
        else:   # reduceat would give an empty row its neighbour's first weight
            logits = np.stack([W[idx].sum(axis=0) if idx else np.zeros(W.shape[1], np.float32)
                               for idx in rows]) + b
        if dense is not None:
            logits += dense @ W[self.dims:self.dims + self.dense_dims]
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def reading(self, probs: dict[str, np.ndarray], row: int) -> Reading:
        p = probs["plover"][row]
        labels = self.labels["plover"]
        none_i = labels.index(NONE)
        order = np.argsort(-p)
        best = next(i for i in order if i != none_i)
        p_event = float(1.0 - p[none_i])
        pa = probs["acled"][row]
        ai = int(np.argmax(pa))
        acled = self.labels["acled"][ai]
        ps = probs["status"][row]
        si = int(np.argmax(ps))
        return Reading(p_event, labels[best], float(p[best] / max(p_event, 1e-9)),
                       None if acled == NONE else acled, float(pa[ai]), self.labels["status"][si],
                       float(ps[self.labels["status"].index("current")]))

    @staticmethod
    def raw_score(r: Reading) -> float:
        """How likely the reading is a current event of its type, before calibration."""
        return r.p_event * r.p_plover * r.p_current

    def calibrated(self, score: float) -> float:
        """The probability that an event read with this raw score is right (isotonic fit on dev)."""
        if self.calibration is None:
            return score
        x, y = self.calibration
        return float(np.interp(score, x, y))


@functools.lru_cache(maxsize=1)
def load_model(directory: str | None = None) -> EventModel | None:
    """The shipped model, or None when none is installed (the coder then runs on rules alone)."""
    path = Path(directory or os.environ.get("SEISMO_EVENT_MODEL") or MODEL_DIR)
    if not (path / "model.json").exists():
        return None
    return EventModel(path)
