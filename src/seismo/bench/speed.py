"""Speed benchmark: the full Seismo pipeline against bare spaCy on the same real news texts.

Texts: the article texts of ../shared/bench/geoparsing/lgl.xml and GWN.xml (real local and
world news). Both runs happen in the same process, interleaved in rounds so that machine noise
hits both sides alike; the figure that matters is the throughput ratio (Seismo / bare spaCy).
Peak memory is the process's maximum resident set size.
"""
from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from pathlib import Path

from seismo.bench import peak_rss_mb
from seismo.records import Document, OffsetMap

DEFAULT_BENCH = Path(__file__).resolve().parents[3].parent / "shared" / "bench"


@dataclass(slots=True)
class SpeedResult:
    docs: int
    words: int
    spacy_seconds: float
    seismo_seconds: float
    spacy_docs_per_s: float
    seismo_docs_per_s: float
    spacy_words_per_s: float
    seismo_words_per_s: float
    ratio: float            # seismo throughput / bare spaCy throughput (1.0 = no overhead)
    events: int
    peak_rss_mb: float
    # The same rounds in CPU seconds of this process: waiting for a core shared with other jobs
    # does not count, so this ratio moves less than the wall-clock one on a busy machine.
    spacy_cpu_seconds: float = 0.0
    seismo_cpu_seconds: float = 0.0
    cpu_ratio: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def news_texts(bench_dir: Path = DEFAULT_BENCH, limit: int | None = None) -> list[str]:
    """Article texts from the geoparsing corpora (LGL then GeoWebNews)."""
    texts: list[str] = []
    for name in ("lgl.xml", "GWN.xml"):
        path = bench_dir / "geoparsing" / name
        if not path.exists():
            continue
        for article in ET.parse(path).getroot().iter("article"):
            text = (article.findtext("text") or "").strip()
            if text:
                texts.append(text)
    return texts[:limit] if limit else texts


def _documents(texts: list[str]) -> list[Document]:
    docs = []
    for i, text in enumerate(texts):
        doc = Document(id=f"news-{i}", source="bench", raw=text, clean_text=text,
                       offsets=OffsetMap.identity(len(text)), language="en")
        docs.append(doc)
    return docs


def _time_bare(nlp, texts: list[str], batch_size: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of nlp.pipe over the texts."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def _time_seismo(pipeline, texts: list[str], batch_size: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, events) of the pipeline over the texts."""
    start, cpu = time.perf_counter(), time.process_time()
    n_events = 0
    for _, events in pipeline.extract(_documents(texts), batch_size=batch_size):
        n_events += len(events) if isinstance(events, list) else 0
    return time.perf_counter() - start, time.process_time() - cpu, n_events


def run_speed(limit: int | None = 300, rounds: int = 3, batch_size: int = 32,
              bench_dir: Path = DEFAULT_BENCH) -> SpeedResult:
    """Time bare spaCy and the full pipeline over the same texts, `rounds` times.

    Within a round the two sides alternate batch by batch (bare first on even batches, Seismo
    first on odd ones), so a slow phase of a shared machine (another job, a throttled core)
    falls on both sides instead of on one whole pass; seen here, two whole passes of bare spaCy
    one after the other differed by 20 %. A side's time is its best round: the least noisy
    estimate of cost.
    """
    from seismo.nlp import bare_nlp
    from seismo.pipeline import Pipeline
    texts = news_texts(bench_dir, limit)
    if not texts:
        raise FileNotFoundError(f"no benchmark texts under {bench_dir}/geoparsing")
    bare = bare_nlp()
    pipeline = Pipeline()
    words = sum(len(t.split()) for t in texts)
    # Warm-up on a few texts so lazy loading (gazetteer, KB) is not counted against either side.
    _time_bare(bare, texts[:5], batch_size)
    _time_seismo(pipeline, texts[:5], batch_size)
    bare_times, seismo_times, n_events = [], [], 0
    for _ in range(rounds):
        bare_round, seismo_round, n_events = _interleaved_round(bare, pipeline, texts, batch_size)
        bare_times.append(bare_round)
        seismo_times.append(seismo_round)
    t_bare, t_seismo = min(t[0] for t in bare_times), min(t[0] for t in seismo_times)
    cpu_bare, cpu_seismo = min(t[1] for t in bare_times), min(t[1] for t in seismo_times)
    peak = peak_rss_mb()
    return SpeedResult(
        docs=len(texts), words=words, spacy_seconds=round(t_bare, 3), seismo_seconds=round(t_seismo, 3),
        spacy_docs_per_s=round(len(texts) / t_bare, 2), seismo_docs_per_s=round(len(texts) / t_seismo, 2),
        spacy_words_per_s=round(words / t_bare), seismo_words_per_s=round(words / t_seismo),
        ratio=round(t_bare / t_seismo, 3), events=n_events, peak_rss_mb=round(peak, 1),
        spacy_cpu_seconds=round(cpu_bare, 3), seismo_cpu_seconds=round(cpu_seismo, 3),
        cpu_ratio=round(cpu_bare / cpu_seismo, 3))


def _interleaved_round(bare, pipeline, texts: list[str], batch_size: int):
    """((wall, CPU) of bare spaCy, (wall, CPU) of Seismo, events) over all texts, batch by batch."""
    bare_total, seismo_total, n_events = [0.0, 0.0], [0.0, 0.0], 0
    for k, start in enumerate(range(0, len(texts), batch_size)):
        batch = texts[start:start + batch_size]
        for side in ((0, 1) if k % 2 == 0 else (1, 0)):
            if side == 0:
                seconds = _time_bare(bare, batch, batch_size)
                bare_total = [a + b for a, b in zip(bare_total, seconds)]
            else:
                *seconds, events = _time_seismo(pipeline, batch, batch_size)
                seismo_total = [a + b for a, b in zip(seismo_total, seconds)]
                n_events += events
    return tuple(bare_total), tuple(seismo_total), n_events


def format_result(r: SpeedResult) -> str:
    return (f"texts {r.docs}  words {r.words}  events {r.events}\n"
            f"bare spaCy  {r.spacy_docs_per_s:8.2f} docs/s  {r.spacy_words_per_s:8.0f} words/s"
            f"  ({r.spacy_seconds:.2f} s)\n"
            f"seismo      {r.seismo_docs_per_s:8.2f} docs/s  {r.seismo_words_per_s:8.0f} words/s"
            f"  ({r.seismo_seconds:.2f} s)\n"
            f"ratio {r.ratio:.3f} (seismo / bare spaCy throughput)   peak memory {r.peak_rss_mb:.0f} MB\n"
            f"in CPU seconds: bare {r.spacy_cpu_seconds:.2f}  seismo {r.seismo_cpu_seconds:.2f}  "
            f"ratio {r.cpu_ratio:.3f}")


if __name__ == "__main__":
    res = run_speed(limit=int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    print(format_result(res))
