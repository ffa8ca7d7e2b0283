"""`seismo serve` (API + dashboard), `seismo export` (the field's formats), `seismo alerts`, `seismo incidents`."""
from __future__ import annotations

import contextlib
import json
import sys

import click

from seismo.config import db_url
from seismo.errors import SeismoError
from seismo.serve.cli_filters import build_filter, event_filter_options
from seismo.serve.cli_run import db_option
from seismo.serve import export_formats


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@db_option
@click.option("-v", "--verbose", "access_log", is_flag=True,
              help="Log every request (access log) on stderr; `seismo -v serve` does too.")
def serve_command(host, port, db, access_log) -> None:
    """Serve the HTTP API under /api/ and the web dashboard at / (OpenAPI schema at /openapi.json)."""
    import logging

    import uvicorn

    from seismo.serve.api import create_app
    access_log = access_log or logging.getLogger().getEffectiveLevel() <= logging.INFO
    app = create_app(db_url(db))
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"Seismo dashboard at http://{shown_host}:{port}/ (API under /api/, database "
               f"{db_url(db)}); Ctrl-C stops", err=False)
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="info" if access_log else "warning",
                access_log=access_log, log_config=_stderr_log_config())


def _stderr_log_config() -> dict:
    """uvicorn's logging with the access log on stderr too (stdout keeps only the banner)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG
    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


@contextlib.contextmanager
def _store(db: str | None, read_only: bool = False):
    """The store, with storage errors (e.g. E401 database busy) shown as one clean CLI error."""
    from seismo.store import open_store
    try:
        with open_store(db_url(db), read_only=read_only) as store:
            yield store
    except SeismoError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(export_formats.names()), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
@db_option
@event_filter_options
@click.option("--limit", type=int, default=1_000_000, show_default=True, help="At most this many events.")
def export_command(fmt, output, db, limit, **filters) -> None:
    """Export stored events as ACLED-style CSV, PLOVER JSON, GeoJSON or Parquet (same filters as the API)."""
    from seismo.serve.exports import outlets_of
    export_format = export_formats.get_format(fmt)
    flt = build_filter(limit=limit, **filters)
    with _store(db, read_only=True) as store:
        events = store.events(flt)
        payload = export_format.write(events, outlets_of(store, events) if export_format.needs_outlets else None)
    left_out = export_format.count_left_out(events)
    if left_out:
        click.echo(f"{left_out} events {export_format.left_out_note}", err=True)
    if output:
        with open(output, "wb") as f:
            f.write(payload)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(payload)


@click.command("incidents")
@db_option
@click.option("--type", "type_", help="PLOVER type.")
@click.option("--country", help="ISO3.")
@click.option("--min-sources", type=int, default=1, show_default=True, help="At least this many independent sources.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--refresh", is_flag=True, help="Recluster the stored events first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def incidents_command(db, type_, country, min_sources, limit, refresh, as_json) -> None:
    """Events clustered into incidents across sources: reports, independent sources, consensus."""
    from seismo.analyze import persist
    with _store(db) as store:
        if refresh:
            click.echo(f"{persist.refresh_incidents(store)} incidents changed", err=True)
        flt = persist.IncidentFilter(type=type_.upper() if type_ else None, country=country.upper() if country else None,
                                     min_sources=min_sources, limit=limit)
        items = persist.list_incidents(store, flt)
    for inc in items:
        if as_json:
            click.echo(json.dumps(inc.to_dict(), ensure_ascii=False, default=str))
            continue
        dead = "" if inc.fatalities is None else f" dead={inc.fatalities}"
        disagree = f" disagree={','.join(sorted(inc.disagreements))}" if inc.disagreements else ""
        click.echo(f"{inc.incident_id}\t{inc.date or '-'}\t{inc.type}\t{inc.location or '-'} {inc.country or ''}\t"
                   f"reports={inc.n_reports} sources={inc.n_independent_sources} conf={inc.confidence:.2f}"
                   f"{dead}{disagree}")
    if not items and not as_json:
        click.echo("no incidents (run `seismo incidents --refresh` after ingesting)", err=True)


@click.command("alerts")
@db_option
@click.option("--open", "only_open", is_flag=True, help="Only alerts not yet acknowledged.")
@click.option("--rule", help="Only this rule id.")
@click.option("--ack", "ack_id", help="Acknowledge this alert id and exit.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def alerts_command(db, only_open, rule, ack_id, limit, as_json) -> None:
    """The alert log: rule, incidents and evidence sentences of each alert (newest first)."""
    from seismo.analyze import persist
    with _store(db) as store:
        if ack_id:
            if not persist.acknowledge_alert(store, ack_id):
                raise click.ClickException(f"no alert {ack_id!r}")
            click.echo(f"acknowledged {ack_id}")
            return
        items = persist.list_alerts(store, rule=rule, acknowledged=False if only_open else None, limit=limit)
    for a in items:
        if as_json:
            click.echo(json.dumps(a.to_dict(), ensure_ascii=False, default=str))
            continue
        state = "ack" if a.acknowledged else "OPEN"
        click.echo(f"{a.created_at[:16]}  [{a.severity}] {state}  {a.alert_id}  {a.message}")
        for sentence in a.evidence[:3]:
            click.echo(f"    “{sentence}”")
    if not items and not as_json:
        click.echo("no alerts", err=True)


def register(group: click.Group) -> None:
    for command in (serve_command, export_command, incidents_command, alerts_command):
        group.add_command(command)
