"""Quality benchmark: run the pipeline over a gold file and score it with the shared scorer.

Gold files (../shared/bench/): seeds_gold.jsonl (4 full articles) and
plover_gsr/plover_gsr_gold.jsonl (322 single sentences). The scorer is ../shared/bench/score.py,
imported by path so the project and the benchmark never disagree on matching rules.

Hold-out guard for the GSR and the held-out news set: development looks only at items whose id
hash is even (`gsr_half(id) == 0`); the odd half is reported, never inspected.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from seismo.records import Document, OffsetMap

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
BENCH = SHARED / "bench"
SEEDS_GOLD = BENCH / "seeds_gold.jsonl"
GSR_GOLD = BENCH / "plover_gsr" / "plover_gsr_gold.jsonl"
# Real GeoWebNews/LGL articles annotated blind (tests/data/heldout_news/README.md): never tuned on.
HELDOUT_NEWS_GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "heldout_news" / "gold.jsonl"


def load_scorer(path: Path | None = None):
    """The shared scorer module (standard library only), loaded from its file."""
    path = path or BENCH / "score.py"
    spec = importlib.util.spec_from_file_location("seismo_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gsr_half(item_id: str) -> int:
    """0 for the development half, 1 for the held-out half."""
    return int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % 2


def read_gold(gold_path: str | Path, limit: int | None = None, half: int | None = None) -> list[dict]:
    with open(gold_path, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    if half is not None:
        items = [g for g in items if gsr_half(str(g["id"])) == half]
    if any("text" not in g for g in items):
        _attach_corpus_texts(items)
    return items[:limit] if limit else items


def _attach_corpus_texts(items: list[dict]) -> None:
    """Gold that references articles of the shared geoparsing corpora (their licence keeps the
    text out of this repository) gets each article's text from the corpus file."""
    from seismo.bench.geo import load_gwn, load_lgl
    texts: dict[str, dict[str, str]] = {}
    for g in items:
        if "text" in g:
            continue
        corpus = g["corpus"]
        if corpus not in texts:
            texts[corpus] = {d.id: d.text for d in {"gwn": load_gwn, "lgl": load_lgl}[corpus]()}
        g["text"] = texts[corpus][str(g["article"])]


def gold_sets() -> dict[str, tuple[Path, int | None]]:
    """The gold sets `seismo bench quality` scores: name -> (file, GSR half or None)."""
    return {"seeds": (SEEDS_GOLD, None), "plover_gsr": (GSR_GOLD, None),
            "plover_gsr (held-out half)": (GSR_GOLD, 1), "held-out news": (HELDOUT_NEWS_GOLD, None),
            "held-out news (test half)": (HELDOUT_NEWS_GOLD, 1)}


def gold_documents(items: list[dict]) -> list[Document]:
    """Documents as the pipeline sees them: the gold text is the *raw* document, cleaned by the
    cleaning stage when it exists (so boilerplate and teaser tails are removed exactly as in
    production, and evidence offsets map back to the gold text through Document.offsets)."""
    clean = _clean_document()
    docs = []
    for g in items:
        text = g["text"]
        doc = Document(id=str(g["id"]), source=str(g.get("file") or g["id"]), raw=text,
                       format="txt", published=g.get("reference_date"))
        cleaned = _cleaned(clean, doc) if clean is not None else None
        if cleaned is None:   # no cleaning stage (yet), or it could not handle this text
            doc.clean_text, doc.offsets = text, OffsetMap.identity(len(text))
            cleaned = doc
        if g.get("reference_date"):
            cleaned.published = g["reference_date"]
        docs.append(cleaned)
    return docs


def _cleaned(clean, doc: Document) -> Document | None:
    result = clean(doc)
    if isinstance(result, tuple):   # (Document, Rejection|None) style APIs
        result = result[0]
    if not isinstance(result, Document) or not result.clean_text:
        return None
    return result


def _clean_document():
    try:
        from seismo.clean import clean_document
    except ImportError:
        return None
    return clean_document


def predict(docs: list[Document], out_path: str | Path, pipeline=None) -> int:
    from seismo.pipeline import Pipeline
    pipeline = pipeline or Pipeline()
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for _doc, result in pipeline.extract(docs):
            if isinstance(result, list):
                for ev in result:
                    out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
                    n += 1
    return n


SYSTEMS = ("seismo", "keyword")   # keyword: the dictionary baseline in seismo.bench.baseline


def run_quality(gold_path: str | Path, limit: int | None = None, out_path: str | Path | None = None,
                half: int | None = None, pipeline=None, show_errors: int = 0, system: str = "seismo") -> dict:
    """Run a system (the pipeline, or the keyword baseline) over a gold file; the shared scorer's result."""
    items = read_gold(gold_path, limit, half)
    scorer = load_scorer()
    if out_path is None:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        tmp.close()
        out_path = tmp.name
    if system == "keyword":
        from seismo.bench.baseline import predict_keywords
        predict_keywords(gold_documents(items), out_path)
    else:
        predict(gold_documents(items), out_path, pipeline)
    return scorer.score(items, scorer.read_jsonl(str(out_path)), show_errors)


def summary(name: str, res: dict) -> str:
    e, s, attrs = res["events"], res["strict"], res["attributes"]
    parts = [f"{name:22s} events P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f}",
             f"strict F1 {s['f1']:.3f}"]
    parts += [f"{k} {v['accuracy']:.2f}" for k, v in attrs.items()]
    return "  ".join(parts)


def main(argv: list[str] | None = None) -> int:
    from seismo.pipeline import Pipeline
    pipeline = Pipeline()
    print(summary("seeds", run_quality(SEEDS_GOLD, pipeline=pipeline)))
    print(summary("plover_gsr (all)", run_quality(GSR_GOLD, pipeline=pipeline)))
    print(summary("plover_gsr (dev even)", run_quality(GSR_GOLD, half=0, pipeline=pipeline)))
    print(summary("plover_gsr (held-out)", run_quality(GSR_GOLD, half=1, pipeline=pipeline)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


CASE_GOLD = BENCH / "case2021" / "dev.jsonl"


def run_case(pipeline=None, gold_path: Path = CASE_GOLD) -> dict:
    """ACLED sub-event typing on the CASE 2021 snippets, scored by the task's own score.py
    (run as a script on a file of our events: its figures, its rules)."""
    import subprocess
    items = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        out_path = tmp.name
    predict(gold_documents(items), out_path, pipeline)
    proc = subprocess.run([sys.executable, str(gold_path.parent / "score.py"), str(gold_path), out_path,
                           "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)
