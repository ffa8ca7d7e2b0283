"""`seismo serve` (API + web page) and `seismo export` (the field's formats)."""
from __future__ import annotations

import sys

import click

from seismo.config import db_url
from seismo.serve.cli_run import db_option
from seismo.serve.exports import FORMATS


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@db_option
def serve_command(host, port, db) -> None:
    """Serve the HTTP API under /api/ and the web page at / (OpenAPI schema at /openapi.json)."""
    import uvicorn

    from seismo.serve.api import create_app
    uvicorn.run(create_app(db_url(db)), host=host, port=port, log_level="warning")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
@db_option
@click.option("--type", "type_")
@click.option("--country")
@click.option("--actor")
@click.option("--mineral")
@click.option("--since", "date_from")
@click.option("--until", "date_to")
@click.option("--limit", type=int, default=100_000, show_default=True)
def export_command(fmt, output, db, type_, country, actor, mineral, date_from, date_to, limit) -> None:
    """Export stored events as ACLED-style CSV, PLOVER JSON, GeoJSON or Parquet (same filters as events)."""
    from seismo.serve.exports import export
    from seismo.store import EventFilter, open_store
    flt = EventFilter(type=type_.upper() if type_ else None, country=country, actor=actor, mineral=mineral,
                      date_from=date_from, date_to=date_to, limit=limit)
    with open_store(db_url(db), read_only=True) as store:
        payload, _ = export(store.events(flt), fmt)
    if output:
        with open(output, "wb") as f:
            f.write(payload)
    else:
        sys.stdout.buffer.write(payload)


def register(group: click.Group) -> None:
    group.add_command(serve_command)
    group.add_command(export_command)
