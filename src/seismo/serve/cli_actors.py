"""`seismo actors`: search the actor knowledge base; `seismo actors import FILE.csv` extends it."""
from __future__ import annotations

import json
import os

import click

from seismo.serve.cli_run import render_table


class _SearchByDefault(click.Group):
    """`seismo actors QUERY` searches (as before the group existed); `seismo actors import` imports."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["search"] + list(args)
        return super().parse_args(ctx, args)


@click.group("actors", cls=_SearchByDefault)
def actors_command() -> None:
    """Search the actor knowledge base (`seismo actors QUERY`) or add actors to it
    (`seismo actors import FILE.csv`; format in docs/actors.md)."""


@actors_command.command("search")
@click.argument("query", required=False, default="")
@click.option("--country", help="ISO3 code, e.g. COD.")
@click.option("--sector", help="Sector code: GOV, MIL, COP, REB, IGO, BUS, ...")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def search_command(query, country, sector, limit, fmt) -> None:
    """Search names and aliases (extend the base with $SEISMO_ACTORS_DIR)."""
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


@actors_command.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--into", "into", help="Directory to write the YAML file to (default: $SEISMO_ACTORS_DIR).")
@click.option("--check", is_flag=True, help="Validate only; write nothing.")
def import_command(path: str, into: str | None, check: bool) -> None:
    """Validate a CSV of actors and add it to the knowledge base (docs/actors.md)."""
    from seismo.errors import ConfigError
    from seismo.resolve.kb_import import read_actor_csv, write_actor_yaml
    entries = read_actor_csv(path)
    if check:
        click.echo(f"{path}: {len(entries)} actor(s), all valid")
        return
    into = into or os.environ.get("SEISMO_ACTORS_DIR")
    if not into:
        raise ConfigError("no directory to import into: pass --into DIR or set SEISMO_ACTORS_DIR "
                          "(the knowledge base loads user files from there)")
    out = write_actor_yaml(entries, into, os.path.splitext(os.path.basename(path))[0])
    click.echo(f"{len(entries)} actor(s) written to {out}")


def register(group: click.Group) -> None:
    group.add_command(actors_command)
