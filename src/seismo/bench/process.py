"""Whole-process speed: `seismo extract` as a user runs it against a bare spaCy script.

Both sides are fresh processes over the same news texts written to a temporary folder (model
load, imports and exit included); runs alternate, bare then Seismo, so machine noise hits both
alike, and each side's median CPU seconds (user + system, from the child's own rusage) is kept.
Two figures: a batch of articles (throughput ratio, bare CPU / Seismo CPU: 1.0 = no overhead),
and one short article (cost ratio, Seismo CPU / bare CPU: startup dominates).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from seismo.bench.speed import DEFAULT_BENCH, news_texts
from seismo.nlp import MODEL

# The baseline: what a user of bare spaCy runs on the same files (model load included).
BARE_SCRIPT = ("import sys, pathlib, spacy\n"
               f"nlp = spacy.load({MODEL!r})\n"
               "texts = [p.read_text(encoding='utf-8') for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]\n"
               "for _ in nlp.pipe(texts, batch_size=32):\n"
               "    pass\n")


def _run(cmd: list[str]) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS MB) of one child process run to completion."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd[:4])} exited {proc.returncode}: {err[-500:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def _paired(folder: Path, target: str, pairs: int) -> dict:
    bare_cmd = [sys.executable, "-c", BARE_SCRIPT, str(folder)]
    seismo_cmd = [sys.executable, "-m", "seismo", "extract", target]
    bare, seismo = [], []
    for _ in range(pairs):
        bare.append(_run(bare_cmd))
        seismo.append(_run(seismo_cmd))

    def med(runs, i):
        return round(statistics.median(r[i] for r in runs), 3)
    return {"bare_cpu_s": med(bare, 0), "seismo_cpu_s": med(seismo, 0),
            "bare_wall_s": med(bare, 1), "seismo_wall_s": med(seismo, 1),
            "seismo_peak_rss_mb": round(max(r[2] for r in seismo), 1)}


def run_whole_process(limit: int = 150, pairs: int = 3, bench_dir: Path = DEFAULT_BENCH) -> dict:
    """Paired whole-process runs on `limit` articles and on one short article."""
    texts = news_texts(bench_dir, limit)
    if not texts:
        raise FileNotFoundError(f"no benchmark texts under {bench_dir}/geoparsing")
    short = sorted(texts, key=len)[len(texts) // 4]    # a short news article, not a stub
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="seismo-speed-") as tmp:
        batch_dir, short_dir = Path(tmp, "batch"), Path(tmp, "short")
        for folder, items in ((batch_dir, texts), (short_dir, [short])):
            folder.mkdir()
            for i, text in enumerate(items):
                (folder / f"news-{i:04d}.txt").write_text(text, encoding="utf-8")
        batch = _paired(batch_dir, str(batch_dir), pairs)
        one = _paired(short_dir, str(short_dir / "news-0000.txt"), pairs)
    batch["throughput_ratio"] = round(batch["bare_cpu_s"] / batch["seismo_cpu_s"], 3)
    one["cost_ratio"] = round(one["seismo_cpu_s"] / one["bare_cpu_s"], 3)
    return {"docs": len(texts), "pairs": pairs, "load_before": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2), "batch": batch, "short_article": one,
            "short_article_chars": len(short)}


def format_whole_process(r: dict) -> str:
    b, s = r["batch"], r["short_article"]
    return (f"whole process, median of {r['pairs']} paired runs (load {r['load_before']} -> {r['load_after']}):\n"
            f"  {r['docs']} articles  bare spaCy {b['bare_cpu_s']:.2f} CPU s  seismo extract {b['seismo_cpu_s']:.2f}"
            f" CPU s  throughput ratio {b['throughput_ratio']:.3f}  peak {b['seismo_peak_rss_mb']:.0f} MB\n"
            f"  one short article ({r['short_article_chars']} chars)  bare {s['bare_cpu_s']:.2f} CPU s  "
            f"seismo {s['seismo_cpu_s']:.2f} CPU s  cost ratio {s['cost_ratio']:.2f}x")
