"""`seismo bench quality|speed|geo`: the project's measurements, same code CI gates on."""
from __future__ import annotations

import json

import click


GOLD_SETS = {"seeds": "seeds_gold.jsonl", "plover_gsr": "plover_gsr/plover_gsr_gold.jsonl"}


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
@click.option("--json", "as_json", is_flag=True, help="Print the scorer's full result as JSON.")
def quality(limit: int | None, as_json: bool) -> None:
    """Score the pipeline on seeds_gold.jsonl and the PLOVER GSR sentences with ../shared/bench/score.py."""
    from seismo.bench.quality import run_quality
    from seismo.bench.speed import DEFAULT_BENCH
    results = {name: run_quality(DEFAULT_BENCH / rel, limit=limit) for name, rel in GOLD_SETS.items()}
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    for name, res in results.items():
        click.echo(_format_scores(name, res))


@bench.command("speed")
@click.option("--limit", type=int, default=300, show_default=True, help="Number of news texts.")
@click.option("--rounds", type=int, default=3, show_default=True, help="Interleaved timing rounds.")
@click.option("--json", "as_json", is_flag=True)
def speed(limit: int, rounds: int, as_json: bool) -> None:
    """Time the full pipeline against bare spaCy (nlp.pipe) on the same real news texts."""
    from seismo.bench.speed import format_result, run_speed
    result = run_speed(limit=limit, rounds=rounds)
    click.echo(json.dumps(result.to_dict(), indent=2) if as_json else format_result(result))


def register(group: click.Group) -> None:
    try:
        from seismo.serve.cli_places import geo_command
        bench.add_command(geo_command, "geo")
    except ImportError:
        pass
    group.add_command(bench)
