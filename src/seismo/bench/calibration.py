"""Is `confidence` a probability? Figures for the pipeline's records on a corpus split.

Input: (confidence, right?) per record the split's scorer counted (seismo.bench.own: right =
matched a current gold event with the same PLOVER type) and the number of gold events.
- precision and recall when only records at or above a threshold are kept (what
  `--min-confidence` does), at several thresholds;
- the reliability table (records binned by confidence: mean confidence vs share right) and the
  expected calibration error, the bins' weighted gap;
- the precision-recall curve drawn as a PNG (matplotlib, headless).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True, slots=True)
class Operating:
    threshold: float
    kept: int
    precision: float
    recall: float


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    n: int
    mean_confidence: float
    share_right: float


def at_threshold(scored: list[tuple[float, bool]], n_gold: int, threshold: float) -> Operating:
    kept = [right for conf, right in scored if conf >= threshold]
    tp = sum(kept)
    return Operating(threshold, len(kept), tp / len(kept) if kept else 1.0, tp / n_gold if n_gold else 0.0)


def operating_points(scored: list[tuple[float, bool]], n_gold: int,
                     thresholds=THRESHOLDS) -> list[Operating]:
    return [at_threshold(scored, n_gold, t) for t in thresholds]


def reliability(scored: list[tuple[float, bool]], bins: int = 10) -> tuple[list[Bin], float]:
    """Equal-width bins over [0, 1]; returns the non-empty bins and the ECE."""
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for conf, right in scored:
        grouped[min(int(conf * bins), bins - 1)].append((conf, right))
    table, ece = [], 0.0
    for i, members in enumerate(grouped):
        if not members:
            continue
        mean_conf = sum(c for c, _ in members) / len(members)
        share = sum(r for _, r in members) / len(members)
        table.append(Bin(i / bins, (i + 1) / bins, len(members), mean_conf, share))
        ece += len(members) / max(len(scored), 1) * abs(mean_conf - share)
    return table, ece


def pr_curve(scored: list[tuple[float, bool]], n_gold: int) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) at every distinct confidence, highest first."""
    points, tp, kept = [], 0, 0
    ordered = sorted(scored, key=lambda x: -x[0])
    for i, (conf, right) in enumerate(ordered):
        tp += right
        kept += 1
        if i + 1 == len(ordered) or ordered[i + 1][0] != conf:
            points.append((conf, tp / kept, tp / n_gold if n_gold else 0.0))
    return points


def draw_pr_curve(curves: dict[str, tuple[list[tuple[float, bool]], int]], path: str | Path) -> Path:
    """One precision-recall line per named split, written as a PNG."""
    import matplotlib
    matplotlib.use("Agg")   # no display on servers and in CI
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 4), dpi=100)
    for name, (scored, n_gold) in curves.items():
        pts = pr_curve(scored, n_gold)
        ax.plot([r for _, _, r in pts], [p for _, p, _ in pts], label=name)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title("Seismo events on the project corpus, by --min-confidence")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    return out


def report(name: str, scored: list[tuple[float, bool]], n_gold: int) -> str:
    """The text block `seismo bench quality` prints for one split."""
    table, ece = reliability(scored)
    lines = [f"{name}: precision / recall by --min-confidence ({len(scored)} records, {n_gold} gold events)"]
    lines += [f"  >= {o.threshold:.1f}  kept {o.kept:5d}  P {o.precision:.3f}  R {o.recall:.3f}"
              for o in operating_points(scored, n_gold)]
    lines.append(f"{name}: reliability (confidence bin: records, mean confidence, share right); ECE {ece:.3f}")
    lines += [f"  {b.low:.1f}-{b.high:.1f}  {b.n:5d}  {b.mean_confidence:.3f}  {b.share_right:.3f}" for b in table]
    return "\n".join(lines)
