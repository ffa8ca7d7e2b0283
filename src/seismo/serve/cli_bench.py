"""`seismo bench quality|speed|geo`: the project's measurements, same code CI gates on."""
from __future__ import annotations

import json

import click



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
def quality(limit: int | None, baseline: bool, as_json: bool) -> None:
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
