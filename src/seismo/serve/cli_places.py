"""`seismo places PATH...`: toponyms found in text files; `geo_command`: the geoparsing benchmarks.

`geo_command` is a click command named "geo" that `seismo bench` attaches (`seismo bench geo`);
"""
from __future__ import annotations

import json
from typing import Iterator

import click


def _read_texts(paths: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(doc_id, text) per document read by the ingest stage (its rejections are skipped)."""
    from seismo.ingest import read_paths
    for doc in read_paths(list(paths)):
        if getattr(doc, "id", None) is not None:
            yield doc.id, doc.clean_text or doc.raw


@click.command("places")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True)
def places(paths: tuple[str, ...], fmt: str) -> None:
    """Print the toponyms of each document, one per line, resolved to gazetteer records."""
    from seismo.nlp import get_nlp
    from seismo.resolve.geoparse import Geoparser
    nlp, gp = get_nlp(), Geoparser()
    items = list(_read_texts(paths))
    for (doc_id, _), sdoc in zip(items, nlp.pipe((t for _, t in items), batch_size=16)):
        for t in gp.parse(sdoc):
            row = {"doc_id": doc_id, **t.to_dict()}
            if fmt == "jsonl":
                click.echo(json.dumps(row, ensure_ascii=False))
            else:
                coords = f"{row['lat']:.3f},{row['lon']:.3f}" if row["lat"] is not None else "-"
                click.echo(f"{doc_id}\t{row['start']}-{row['end']}\t{row['text']}\t{row['kind']}\t"
                           f"{row['name'] or '-'}\t{row['country'] or '-'}\t{row['feature'] or '-'}\t{coords}")


@click.command("geo")
@click.option("--limit", type=int, default=None, help="Only the first N documents/items per set.")
@click.option("--corpus", "corpora", multiple=True, type=click.Choice(["gwn", "lgl", "evloc"]),
              help="Which sets (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print the full results as JSON.")
def geo_command(limit: int | None, corpora: tuple[str, ...], as_json: bool) -> None:
    """Score toponym recognition and resolution (GeoWebNews, LGL) and event location."""
    from seismo.bench import event_location, geo
    corpora = corpora or ("gwn", "lgl", "evloc")
    results = {}
    sets = tuple(c for c in corpora if c in ("gwn", "lgl"))
    if sets:
        results["geoparsing"] = geo.run(limit=limit, corpora=sets)
    if "evloc" in corpora:
        results["event_location"] = event_location.run(limit=limit)
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    if "geoparsing" in results:
        click.echo(geo.format_result(results["geoparsing"]))
    if "event_location" in results:
        click.echo(event_location.format_result(results["event_location"]))


def register(group: click.Group) -> None:
    group.add_command(places)
