"""Train the learned event reader (seismo.extract.learned) from the project's corpus.

    seismo train [--out DIR] [--limit N] [--seed 13]
    python -m seismo.train [--out DIR] [--limit N] [--seed 13] [-C C] [--no-cache]

Steps: read corpus/events/ (seismo.train.corpus; split fixed by document id), parse every text
with the production pipeline, turn each candidate token into features, fit three multinomial
logistic regressions (scikit-learn, lbfgs, fixed seed; each head's C chosen on dev from C_GRID,
the ACLED head class-balanced) on the train split — PLOVER type or no
event, ACLED sub-event type, status (current / background / other) — fit an isotonic calibration
of the event confidence on the dev split, and write the weights (.npz, no pickle) and a card
(model.json: labels, vocabulary, data hash, dev figures). The test split is only scored here,
never used to choose anything.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from seismo.extract import learned
from seismo.train.corpus import CorpusDoc, corpus_files, read_corpus

log = logging.getLogger(__name__)
HASH_DIMS = 1 << 18
STATUS_OF = {"current": "current", "background": "background"}   # the rest -> "other"


@dataclass
class Examples:
    """Feature rows and labels of one split."""
    rows: list[list[int]] = field(default_factory=list)
    dense: list[np.ndarray] = field(default_factory=list)
    plover: list[str] = field(default_factory=list)
    acled: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    missed: int = 0            # annotated triggers that are no candidate (POS or vocabulary)


def trigger_vocabulary(train: list[CorpusDoc], parsed: list) -> set[str]:
    """Lemmas of the train split's annotated triggers, plus the rule lexicon's heads."""
    from seismo.extract.triggers import load_lexicon
    return set(load_lexicon().heads) | _trigger_lemmas(train, parsed, lambda m: True)


def acled_vocabulary(train: list[CorpusDoc], parsed: list) -> set[str]:
    """Lemmas of the train split's triggers of ACLED events: the words the "label" reader may
    add an event for (seismo.extract.reading)."""
    return _trigger_lemmas(train, parsed, lambda m: bool(m.acled))


def _trigger_lemmas(train: list[CorpusDoc], parsed: list, keep) -> set[str]:
    """Root lemmas of the train split's event mentions that `keep` accepts."""
    vocab = set()
    for doc, sdoc in zip(train, parsed):
        for m in doc.mentions:
            if m.plover is not None and keep(m):
                span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    vocab.add(span.root.lemma_.lower())
    return vocab


def acled_pairs(train: list[CorpusDoc], least: int = 3) -> dict[str, list[str]]:
    """PLOVER type -> the ACLED sub-types the train split gives its events (at least `least` times)."""
    from collections import Counter
    n = Counter((m.plover, m.acled[1]) for d in train for m in d.mentions if m.plover and m.acled)
    out: dict[str, list[str]] = {}
    for (p, a), k in sorted(n.items()):
        if k >= least:
            out.setdefault(p, []).append(a)
    return out


def _labels_by_token(doc: CorpusDoc, sdoc) -> dict[int, object]:
    out = {}
    for m in doc.mentions:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            out[span.root.i] = m
    return out


def featurize(docs: list[CorpusDoc], parsed: list, vocab: set[str], dense_dims: int) -> Examples:
    ex = Examples()
    for doc, sdoc in zip(docs, parsed):
        gold = _labels_by_token(doc, sdoc)
        seen = set()
        for sent in sdoc.sents:
            shared = learned.sentence_features_v(sent)
            for tok in sent:
                if not learned.is_candidate(tok, vocab):
                    continue
                seen.add(tok.i)
                m = gold.get(tok.i)
                ex.rows.append(learned.feature_indices(tok, sent, HASH_DIMS, shared))
                if dense_dims:
                    ex.dense.append(np.asarray(sdoc.tensor[tok.i], dtype=np.float32))
                ex.lemmas.append(tok.lemma_.lower())
                is_event = m is not None and m.plover is not None
                ex.plover.append(m.plover if is_event else learned.NONE)
                ex.acled.append((m.acled[1] if m.acled else learned.NONE) if is_event else "")
                ex.status.append(STATUS_OF.get(m.status, "other") if is_event else "")
        ex.missed += sum(1 for i, m in gold.items() if m.plover is not None and i not in seen)
    return ex


def _matrix(ex: Examples, dense_dims: int, scale: float, mask: np.ndarray | None = None):
    from scipy import sparse
    idx = [i for i in range(len(ex.rows)) if mask is None or mask[i]]
    indptr, indices = [0], []
    for i in idx:
        indices.extend(ex.rows[i])
        indptr.append(len(indices))
    X = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                          shape=(len(idx), HASH_DIMS))
    if dense_dims:
        D = sparse.csr_matrix(np.vstack([ex.dense[i] for i in idx]) * scale)
        X = sparse.hstack([X, D], format="csr")
    return X


CLASS_WEIGHT = "balanced"     # of the ACLED head: every sub-type counts, not only the frequent ones
# C chosen on dev per head when none is given (the PLOVER head, the costly fit, keeps C=1)
C_GRID = {"plover": (1.0,), "acled": (1.0, 3.0, 10.0), "status": (1.0,)}


def _fit(X, y: list[str], C: float, seed: int, class_weight=None):
    from sklearn.linear_model import LogisticRegression
    clf = LogisticRegression(C=C, max_iter=300, random_state=seed, class_weight=class_weight)
    clf.fit(X, y)
    return clf


def _dev_score(head: str, clf, X, y: list[str]) -> float:
    """The head's figure on dev: typed F1 for PLOVER (NONE is no event), accuracy otherwise."""
    pred = [str(p) for p in clf.predict(X)]
    if head != "plover":
        return sum(p == g for p, g in zip(pred, y)) / max(1, len(y))
    none = learned.NONE
    tp = sum(1 for g, p in zip(y, pred) if g != none and g == p)
    fp = sum(1 for g, p in zip(y, pred) if p != none and g != p)
    fn = sum(1 for g, p in zip(y, pred) if g != none and g != p)
    return 2 * tp / max(1, 2 * tp + fp + fn)


def _weights(clf, n_cols: int, used: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The classifier's weights as a (all feature columns x classes) matrix; `used` maps the
    columns it was fitted on (the ones the train split has) back to their place."""
    labels = [str(c) for c in clf.classes_]
    W = clf.coef_.T.astype(np.float32)          # (features, classes)
    b = clf.intercept_.astype(np.float32)
    if len(labels) == 2:                          # binary LR: one column; make it a softmax pair
        W = np.hstack([-W / 2, W / 2])
        b = np.array([-b[0] / 2, b[0] / 2], dtype=np.float32)
    if used is not None:
        full = np.zeros((n_cols, W.shape[1]), dtype=np.float32)
        full[used] = W
        W = full
    assert W.shape[0] == n_cols
    return W, b, labels


def corpus_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _cache_key(nlp, docs: list[CorpusDoc]) -> str:
    h = hashlib.sha256(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}".encode())
    for d in docs:
        h.update(d.doc_id.encode() + b"\0" + d.text.encode() + b"\0")
    return h.hexdigest()[:16]


def parse_cached(nlp, docs: list[CorpusDoc], cache: Path | None) -> list:
    """The parses of the documents' texts, kept on disk (DocBin + tok2vec tensors as .npz) under
    `cache` keyed by the pipeline and the texts, so a second training run does not parse again."""
    if not docs:
        return []
    if cache is None:
        return list(nlp.pipe([d.text for d in docs], batch_size=64))
    from spacy.tokens import DocBin
    key = _cache_key(nlp, docs)
    bin_path, ten_path = cache / f"{key}.spacy", cache / f"{key}.tensors.npz"
    if bin_path.exists() and ten_path.exists():
        parsed = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
        tensors = np.load(ten_path)
        for i, sdoc in enumerate(parsed):
            if f"t{i}" in tensors:
                sdoc.tensor = tensors[f"t{i}"].astype(np.float32)
        return parsed
    parsed = list(nlp.pipe([d.text for d in docs], batch_size=64))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=parsed).to_disk(bin_path)
    np.savez_compressed(ten_path, **{f"t{i}": np.asarray(d.tensor, dtype=np.float32)
                                     for i, d in enumerate(parsed) if d.tensor is not None and d.tensor.size})
    return parsed


CACHE_DIR = Path(__file__).resolve().parents[3] / "var" / "train-cache"


def train(out_dir: Path, limit: int | None = None, seed: int = 13, C: float | None = None,
          files: list[str] | None = None, cache: Path | None = CACHE_DIR) -> dict:
    from seismo.nlp import get_nlp
    random.seed(seed)
    np.random.seed(seed)
    t0 = time.time()
    docs, problems = read_corpus(files)
    if problems:
        log.warning("corpus: %d problems skipped (python -m seismo.train.corpus check)", len(problems))
    if limit:
        docs = docs[:limit]
    nlp = get_nlp()
    dense_dims = int(nlp.get_pipe("tok2vec").model.get_dim("nO")) if "tok2vec" in nlp.pipe_names else 0
    splits = {s: [d for d in docs if d.split == s] for s in ("train", "dev", "test")}
    parsed = {s: parse_cached(nlp, ds, cache) for s, ds in splits.items()}
    log.info("parsed %d documents in %.0f s", len(docs), time.time() - t0)
    vocab = trigger_vocabulary(splits["train"], parsed["train"])
    exs = {s: featurize(splits[s], parsed[s], vocab, dense_dims) for s in splits}
    scale = _dense_scale(exs["train"]) if dense_dims else 1.0
    heads, chosen = _fit_heads(exs["train"], dense_dims, scale, C, seed, exs["dev"])
    log.info("fitted on %d candidates at %.0f s", len(exs["train"].rows), time.time() - t0)
    card = {"hash_dims": HASH_DIMS, "dense_dims": dense_dims, "dense_scale": scale,
            "features": learned.FEATURES, "class_weight": CLASS_WEIGHT,
            "vocabulary": sorted(vocab),
            "acled_vocabulary": sorted(acled_vocabulary(splits["train"], parsed["train"]) & vocab),
            "labels": {h: heads[h][2] for h in heads},
            "acled_by_plover": acled_pairs(splits["train"]),
            "seed": seed, "C": chosen, "corpus": corpus_hash(corpus_files(files)),
            "documents": {s: len(ds) for s, ds in splits.items()},
            "candidates": {s: len(e.rows) for s, e in exs.items()},
            "missed_triggers": {s: e.missed for s, e in exs.items()}}
    model = _write(out_dir, heads, card)
    from seismo.train.evaluate import calibrate, evaluate
    calib = calibrate(model, exs["dev"])
    _write(out_dir, heads, card, calib)
    model = learned.EventModel(out_dir)
    card["dev"] = evaluate(model, exs["dev"])
    card["test"] = evaluate(model, exs["test"])
    card["train_seconds"] = round(time.time() - t0, 1)
    _write(out_dir, heads, card, calib)
    return card


def _dense_scale(ex: Examples) -> float:
    if not ex.dense:
        return 1.0
    sd = float(np.vstack(ex.dense).std())
    return 1.0 / sd if sd > 0 else 1.0


def _fit_heads(ex: Examples, dense_dims: int, scale: float, C: float | None, seed: int,
               dev: Examples | None = None) -> tuple[dict, dict]:
    """The three heads; with no C given, each head's C is chosen from C_GRID on the dev split."""
    n_cols = HASH_DIMS + dense_dims
    X = _matrix(ex, dense_dims, scale)
    # Fit on the columns the train split uses only (a hashed column nothing sets keeps weight 0):
    # the optimiser's vectors shrink by the unused share of the hash space.
    used = np.union1d(np.unique(X.indices), np.arange(HASH_DIMS, n_cols))
    X = X[:, used]
    is_event = np.array([p != learned.NONE for p in ex.plover])
    Xe = X[np.flatnonzero(is_event)]
    data = {"plover": (X, ex.plover, None),
            "acled": (Xe, [a for a, e in zip(ex.acled, is_event) if e], CLASS_WEIGHT),
            "status": (Xe, [s for s, e in zip(ex.status, is_event) if e], None)}
    dev_data = {}
    if dev is not None and dev.rows:
        Xd = _matrix(dev, dense_dims, scale)[:, used]
        dev_event = np.array([p != learned.NONE for p in dev.plover])
        Xde = Xd[np.flatnonzero(dev_event)]
        dev_data = {"plover": (Xd, dev.plover),
                    "acled": (Xde, [a for a, e in zip(dev.acled, dev_event) if e]),
                    "status": (Xde, [s for s, e in zip(dev.status, dev_event) if e])}
    heads, chosen = {}, {}
    for head, (Xh, y, cw) in data.items():
        grid = (C,) if C is not None else C_GRID.get(head, (1.0,)) if head in dev_data else (1.0,)
        best = None
        for c in grid:
            log.info("fitting the %s head on %d x %d, C=%g", head, *Xh.shape, c)
            clf = _fit(Xh, y, c, seed, cw)
            score = _dev_score(head, clf, *dev_data[head]) if head in dev_data else 0.0
            log.info("  dev %s: %.4f", head, score)
            if best is None or score > best[0]:
                best = (score, c, clf)
        chosen[head] = best[1]
        heads[head] = _weights(best[2], n_cols, used)
    return heads, chosen


def _write(out_dir: Path, heads: dict, card: dict, calib: tuple | None = None) -> learned.EventModel:
    out_dir.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for h, (W, b, _labels) in heads.items():
        arrays[f"{h}_W"] = W.astype(np.float16)
        arrays[f"{h}_b"] = b
    if calib is not None:
        arrays["calib_x"], arrays["calib_y"] = calib
    np.savez_compressed(out_dir / "weights.npz", **arrays)
    (out_dir / "model.json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return learned.EventModel(out_dir)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="seismo train")
    ap.add_argument("--out", default=str(learned.MODEL_DIR), help="model directory (default: the shipped one)")
    ap.add_argument("--limit", type=int, help="train on the first N documents only (smoke test)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("-C", type=float, default=None,
                    help=f"inverse L2 regularisation strength (default: chosen on dev from {C_GRID})")
    ap.add_argument("--no-cache", action="store_true", help=f"parse again, not from {CACHE_DIR}")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    card = train(Path(args.out), args.limit, args.seed, args.C, cache=None if args.no_cache else CACHE_DIR)
    print(json.dumps({k: card[k] for k in ("documents", "candidates", "missed_triggers", "dev", "test",
                                           "train_seconds")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
