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


def sentence_features(sent) -> list[str]:
    """Features every candidate of a sentence shares: its content words and entity types."""
    out = []
    for t in sent:
        if t.pos_ in ("NOUN", "VERB", "PROPN", "ADJ", "NUM") and not t.is_stop:
            out.append(f"s={t.lemma_.lower()}")
        if t.ent_type_ and t.ent_iob_ == "B":
            out.append(f"se={t.ent_type_}")
    return out


def feature_indices(tok, sent, dims: int, shared: list[str] | None = None) -> list[int]:
    """Hashed, de-duplicated sparse feature columns of a candidate (binary features)."""
    words = token_features(tok, sent) + (shared if shared is not None else sentence_features(sent))
    return sorted({_h(f, dims) for f in words})


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
        self.dense_scale = float(card.get("dense_scale", 1.0))
        self.vocabulary = frozenset(card["vocabulary"])
        self.labels = {h: card["labels"][h] for h in _HEADS}
        if Path(directory).resolve() == MODEL_DIR.resolve():   # the shipped model: mapped
            from seismo.extract.weights_cache import float32_weights
            wide = float32_weights(directory / "weights.npz", arrays, [f"{h}_W" for h in _HEADS])
            self.weights = {h: wide[f"{h}_W"] for h in _HEADS}
        else:   # a model being trained or evaluated: not worth a cache entry
            self.weights = {h: arrays[f"{h}_W"].astype(np.float32) for h in _HEADS}
        self.bias = {h: arrays[f"{h}_b"].astype(np.float32) for h in _HEADS}
        self.calibration = (arrays["calib_x"], arrays["calib_y"]) if "calib_x" in arrays else None

    def is_candidate(self, tok) -> bool:
        return is_candidate(tok, self.vocabulary)

    def read(self, sent, tokens: list | None = None) -> dict[int, Reading]:
        """Readings of the sentence's candidates, or of those among `tokens` when given (a
        token's reading depends on its sentence, never on which other tokens are read)."""
        pool = sent if tokens is None else tokens
        cands = [t for t in pool if self.is_candidate(t)]
        if not cands:
            return {}
        shared = sentence_features(sent)
        rows = [feature_indices(tok, sent, self.dims, shared) for tok in cands]
        dense = dense_features(cands, self.dense_dims, self.dense_scale)
        probs = self.probabilities(rows, dense)
        return {tok.i: self.reading(probs, row) for row, tok in enumerate(cands)}

    def probabilities(self, rows: list[list[int]], dense: np.ndarray | None) -> dict[str, np.ndarray]:
        """Per head, a (candidates x labels) matrix of probabilities."""
        return {h: self._predict(h, rows, dense) for h in _HEADS}

    def _predict(self, head: str, rows: list[list[int]], dense: np.ndarray | None) -> np.ndarray:
        W, b = self.weights[head], self.bias[head]
        logits = np.empty((len(rows), W.shape[1]), dtype=np.float32)
        for row, idx in enumerate(rows):
            logits[row] = W[idx].sum(axis=0) + b
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
