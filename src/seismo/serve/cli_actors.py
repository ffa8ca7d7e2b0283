"""`seismo actors`: search the actor knowledge base."""
from __future__ import annotations

import json

import click

from seismo.serve.cli_run import render_table


@click.command("actors")
@click.argument("query", required=False, default="")
@click.option("--country", help="ISO3 code, e.g. COD.")
@click.option("--sector", help="Sector code: GOV, MIL, COP, REB, IGO, BUS, ...")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def actors_command(query, country, sector, limit, fmt) -> None:
    """Search the actor knowledge base (names and aliases; extend it with $SEISMO_ACTORS_DIR)."""
    from seismo.resolve.kb import get_kb
    entries = get_kb().search(query, limit=limit, country=country, sector=sector)
    if fmt == "jsonl":
        for e in entries:
            click.echo(json.dumps(e.to_dict(), ensure_ascii=False))
        return
    rows = [{"id": e.kb_id, "name": e.name, "country": e.country or "", "sector": e.sector or "",
             "aliases": ", ".join(e.aliases[:4])} for e in entries]
    click.echo(render_table(rows, ("id", "name", "country", "sector", "aliases"), width=40) if rows
               else "(no actors)")


def register(group: click.Group) -> None:
    group.add_command(actors_command)
