"""Figures of the learned event reader on a split of the project's corpus: detection,
PLOVER type and ACLED sub-type P/R/F1, status accuracy, and the calibration of its confidence
(isotonic fit on dev; reliability table and expected calibration error)."""
from __future__ import annotations

from collections import Counter

import numpy as np

from seismo.extract import learned

THRESHOLD = 0.5


def _readings(model: learned.EventModel, ex) -> list[learned.Reading]:
    if not ex.rows:
        return []
    dense = np.vstack(ex.dense) * model.dense_scale if ex.dense else None
    out = []
    for start in range(0, len(ex.rows), 4096):
        d = dense[start:start + 4096] if dense is not None else None
        probs = model.probabilities(ex.rows[start:start + 4096], d)
        out += [model.reading(probs, i) for i in range(len(ex.rows[start:start + 4096]))]
    return out


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn, "n": tp + fn}


def _per_label(pairs: list[tuple[str, str]], none: str) -> dict:
    labels = sorted({g for g, _ in pairs if g != none} | {p for _, p in pairs if p != none})
    out = {}
    for lab in labels:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        out[lab] = prf(tp, fp, fn)
    return out


def evaluate(model: learned.EventModel, ex, threshold: float = THRESHOLD) -> dict:
    reads = _readings(model, ex)
    pred = [r.plover if r.p_event >= threshold else learned.NONE for r in reads]
    gold = ex.plover
    tp = sum(1 for g, p in zip(gold, pred) if g != learned.NONE and p != learned.NONE)
    fp = sum(1 for g, p in zip(gold, pred) if g == learned.NONE and p != learned.NONE)
    fn = sum(1 for g, p in zip(gold, pred) if g != learned.NONE and p == learned.NONE) + ex.missed
    typed = _per_label(list(zip(gold, pred)), learned.NONE)
    ev = [i for i, g in enumerate(gold) if g != learned.NONE]
    acled_pairs = [(ex.acled[i], (reads[i].acled or learned.NONE) if pred[i] != learned.NONE else learned.NONE)
                   for i in ev]
    status_ok = sum(1 for i in ev if reads[i].status == ex.status[i])
    acled_gold = [i for i in ev if ex.acled[i] != learned.NONE]
    return {"detection": prf(tp, fp, fn),
            "typed": _typed(gold, pred, ex.missed), "plover": typed,
            "acled_accuracy_on_gold_events": round(sum(1 for i in acled_gold if reads[i].acled == ex.acled[i])
                                                   / max(1, len(acled_gold)), 3),
            "acled": _per_label(acled_pairs, learned.NONE),
            "status_accuracy": round(status_ok / max(1, len(ev)), 3),
            "calibration": reliability(model, reads, ex)}


def _typed(gold: list[str], pred: list[str], missed: int) -> dict:
    """Micro P/R/F1 of events with their PLOVER type (a wrong type is a miss and a false alarm)."""
    none = learned.NONE
    tp = sum(1 for g, p in zip(gold, pred) if g != none and g == p)
    fp = sum(1 for g, p in zip(gold, pred) if p != none and g != p)
    fn = sum(1 for g, p in zip(gold, pred) if g != none and g != p) + missed
    return prf(tp, fp, fn)


def correct(reads: list, ex) -> np.ndarray:
    """Is each candidate, read as an event, a current event of that type?"""
    return np.array([g == r.plover and s == "current" for r, g, s in zip(reads, ex.plover, ex.status)],
                    dtype=float)


def calibrate(model: learned.EventModel, ex_dev) -> tuple[np.ndarray, np.ndarray]:
    """Isotonic map from the raw score to P(right) on the dev split (scikit-learn)."""
    from sklearn.isotonic import IsotonicRegression
    reads = _readings(model, ex_dev)
    raw = np.array([model.raw_score(r) for r in reads])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(raw, correct(reads, ex_dev))
    return iso.X_thresholds_.astype(np.float32), iso.y_thresholds_.astype(np.float32)


def reliability(model: learned.EventModel, reads: list, ex, bins: int = 10) -> dict:
    """Reliability table over candidates read as events, and the expected calibration error."""
    conf = np.array([model.calibrated(model.raw_score(r)) for r in reads])
    ok = correct(reads, ex)
    keep = conf >= 0.05
    conf, ok = conf[keep], ok[keep]
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (conf >= lo) & ((conf < hi) if b < bins - 1 else (conf <= hi))
        if sel.sum():
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(sel.sum()),
                          "confidence": round(float(conf[sel].mean()), 3), "accuracy": round(float(ok[sel].mean()), 3)})
            ece += sel.sum() / max(1, len(conf)) * abs(conf[sel].mean() - ok[sel].mean())
    return {"ece": round(float(ece), 4), "table": table}
