"""`seismo bench quality|speed|geo`: the project's measurements, same code CI gates on."""
from __future__ import annotations

import json

import click

from seismo.serve.cli_places import geo_command


def _format_scores(name: str, res: dict) -> str:
    e, s = res["events"], res["strict"]
    lines = [f"== {name}: {res['documents']} documents",
             f"events  P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}"
             f"  (tp {e['tp']} fp {e['fp']} fn {e['fn']})",
             f"strict  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"]
    lines += [f"  {k:15s} {v['accuracy']:.3f}  (n={v['n']})" for k, v in res["attributes"].items()]
    return "\n".join(lines)


@click.group("bench")
def bench() -> None:
    """Measure quality (shared scorer) and speed (against bare spaCy)."""


@bench.command("quality")
@click.option("--limit", type=int, default=None, help="Score only the first N gold documents per set.")
@click.option("--baseline", is_flag=True, help="Also score the keyword baseline (seismo.bench.baseline).")
@click.option("--json", "as_json", is_flag=True, help="Print the scorer's full result as JSON.")
@click.option("--plot", "plot_path", default="var/bench/pr-curve.png", show_default=True,
              help="Where to draw the precision-recall curve of the corpus splits (PNG).")
def quality(limit: int | None, baseline: bool, as_json: bool, plot_path: str) -> None:
    """Score the pipeline on seeds_gold.jsonl and the PLOVER GSR sentences with ../shared/bench/score.py.

    The GSR is also scored on its held-out half (never inspected during development)."""
    from seismo.bench.quality import gold_sets, run_quality
    systems = ("seismo", "keyword") if baseline else ("seismo",)
    results = {f"{name}{'' if system == 'seismo' else ' [keyword baseline]'}":
               run_quality(path, limit=limit, half=half, system=system)
               for name, (path, half) in gold_sets().items() for system in systems}
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    for name, res in results.items():
        click.echo(_format_scores(name, res))
    _extra_sets(limit, plot_path)


def _extra_sets(limit: int | None, plot_path: str) -> None:
    """CASE 2021 ACLED sub-types (its own scorer) and the project corpus's dev and test splits."""
    from seismo.bench.own import run_own, summary
    from seismo.bench.quality import run_case
    from seismo.pipeline import Pipeline
    pipeline = Pipeline()
    if limit is None:
        c = run_case(pipeline)
        click.echo(f"== CASE 2021 dev: weighted F1 {c['weighted_f1']:.3f}  macro F1 {c['macro_f1']:.3f}  "
                   f"accuracy {c['accuracy']:.3f}  non-ACLED snippets given an ACLED event "
                   f"{c['non_acled_with_acled_event']:.3f}")
    from seismo.bench.calibration import draw_pr_curve, report
    curves = {}
    for split in ("dev", "test"):
        res = run_own(split, pipeline)
        click.echo(summary(f"== corpus {split}", res))
        curves[split] = (res["confidence"]["scored"], res["confidence"]["gold"])
        click.echo(report(f"corpus {split}", *curves[split]))
    click.echo(f"precision-recall curve: {draw_pr_curve(curves, plot_path)}")


@bench.command("speed")
@click.option("--limit", type=int, default=300, show_default=True, help="Number of news texts.")
@click.option("--rounds", type=int, default=3, show_default=True, help="Interleaved timing rounds.")
@click.option("--pairs", type=int, default=3, show_default=True,
              help="Paired whole-process runs (seismo extract against a bare spaCy script); 0 skips them.")
@click.option("--process-limit", type=int, default=150, show_default=True,
              help="News texts in the whole-process batch.")
@click.option("--json", "as_json", is_flag=True)
def speed(limit: int, rounds: int, pairs: int, process_limit: int, as_json: bool) -> None:
    """Time the full pipeline against bare spaCy (nlp.pipe) on the same real news texts: in this
    process, then as whole processes (a batch of articles and one short article)."""
    from seismo.bench.speed import format_result, run_speed
    result = run_speed(limit=limit, rounds=rounds).to_dict()
    if pairs > 0:
        from seismo.bench.process import run_whole_process
        result["whole_process"] = run_whole_process(limit=process_limit, pairs=pairs)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    from seismo.bench.process import format_whole_process
    from seismo.bench.speed import SpeedResult
    in_process = SpeedResult(**{k: v for k, v in result.items() if k != "whole_process"})
    click.echo(format_result(in_process))
    if "whole_process" in result:
        click.echo(format_whole_process(result["whole_process"]))


@click.command("train")
@click.option("--out", default=None, help="Model directory (default: the shipped model's).")
@click.option("--limit", type=int, default=None, help="Train on the first N corpus documents (smoke test).")
@click.option("--seed", type=int, default=13, show_default=True)
def train(out: str | None, limit: int | None, seed: int) -> None:
    """Rebuild the learned event reader from corpus/events/ (see docs/annotation.md)."""
    from seismo.train.model import main
    args = (["--out", out] if out else []) + (["--limit", str(limit)] if limit else []) + ["--seed", str(seed)]
    raise SystemExit(main(args))


def register(group: click.Group) -> None:
    group.add_command(train)
    bench.add_command(geo_command, "geo")
    group.add_command(bench)
