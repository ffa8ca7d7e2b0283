"""`seismo run` (the main job) and `seismo events` (query stored events)."""
from __future__ import annotations

import csv
import json
import sys

import click

from seismo.config import db_url
from seismo.serve.cli_filters import event_filter_options

db_option = click.option("--db", default=None, help="Database: DuckDB file path or postgresql:// URL "
                         "(default: $SEISMO_DB or var/seismo.duckdb).")
TABLE_COLUMNS = ("date", "type", "mode", "actor1", "actor2", "location", "dead", "factuality", "trigger")


def event_row(event) -> dict[str, str]:
    """One event flattened for tables and CSV."""
    a1, a2, loc = event.actor1, event.actor2, event.location
    return {
        "event_id": event.event_id, "doc_id": event.doc_id,
        "date": (event.date.value if event.date and event.date.value else "") or "",
        "type": event.type, "mode": event.mode or "",
        "actor1": (a1.name or a1.text) if a1 else "", "actor2": (a2.name or a2.text) if a2 else "",
        "location": ((loc.name or loc.text) + (f" ({loc.country})" if loc.country else "")) if loc else "",
        "country": (loc.country if loc else None) or "",
        "dead": "" if event.fatalities is None else str(event.fatalities),
        "factuality": event.factuality + (" (background)" if event.historical else ""),
        "trigger": event.evidence.trigger_text,
    }


def render_table(rows: list[dict[str, str]], columns=TABLE_COLUMNS, width: int = 28) -> str:
    """A plain fixed-width table (no dependency; output is also read by scripts and tests)."""
    if not rows:
        return "(no events)"
    cut = {c: max(len(c), *(min(len(r.get(c, "")), width) for r in rows)) for c in columns}
    fmt = "  ".join(f"{{:{cut[c]}.{cut[c]}}}" for c in columns)
    lines = [fmt.format(*(c.upper() for c in columns)), "  ".join("-" * cut[c] for c in columns)]
    lines += [fmt.format(*(r.get(c, "") for c in columns)) for r in rows]
    return "\n".join(lines)


RUN_TABLE_ROWS = 200      # the run's events shown in its summary table (all stay in the store)
RUN_MESSAGES = 50         # rejection lines shown (the rest: `seismo docs --status rejected`)


@click.command("run")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--force", is_flag=True, help="Re-extract every stored document, not only new ones.")
def run_command(paths: tuple[str, ...], db: str | None, force: bool) -> None:
    """Ingest PATHS, extract events, store them and print this run's events, newest first."""
    from seismo.process import ProcessOptions, ingest_and_extract
    from seismo.store import open_store
    options = ProcessOptions(force=force, progress=sys.stderr.isatty(),
                             on_ingested=lambda summary: click.echo(summary.format(), err=True))
    with open_store(db_url(db)) as store:
        result = ingest_and_extract(store, list(paths), options)
        summary, extracted = result.ingested, result.extracted
        failures = _extraction_failures(store, extracted.failed_ids)
        events = newest_first([e for e in map(store.get_event, extracted.event_ids) if e is not None])
        total = store.count_events()
    for message in (list(summary.messages) + failures)[:RUN_MESSAGES]:
        click.echo(f"  {message}", err=True)
    click.echo(f"{len(events)} events from {extracted.documents} newly extracted documents "
               f"({total} events in {store.url}; `seismo events` lists them)")
    if len(events) > RUN_TABLE_ROWS:
        click.echo(f"showing the newest {RUN_TABLE_ROWS}")
    click.echo(render_table([event_row(e) for e in events[:RUN_TABLE_ROWS]]))
    if not events and not getattr(summary, "ok", True):
        sys.exit(1)


def newest_first(events: list) -> list:
    """Events by date, newest first; undated ones last."""
    dated = sorted((e for e in events if e.date and e.date.value), key=lambda e: e.date.value, reverse=True)
    return dated + [e for e in events if not (e.date and e.date.value)]


def _extraction_failures(store, failed_ids: list[str]) -> list[str]:
    """"id: [code] message" for documents of this run whose extraction was rejected."""
    out = []
    for doc_id in failed_ids:
        found = store.rejections(doc_id)
        if found:
            out.append(f"{doc_id}: [{found[-1].code}] {found[-1].message}")
    return out


def _filter(**kwargs):
    from seismo.store.base import EventFilter
    return EventFilter(**{k: v for k, v in kwargs.items() if v is not None})


@click.command("events")
@db_option
@event_filter_options
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
def events_command(db, limit, fmt, **filters) -> None:
    """List stored events with filters, as a table, JSONL or CSV."""
    from seismo.serve.cli_filters import build_filter
    from seismo.store import open_store
    flt = build_filter(limit=limit, **filters)
    with open_store(db_url(db), read_only=True) as store:
        events = store.events(flt)
    if fmt == "jsonl":
        for e in events:
            click.echo(json.dumps(e.to_dict(), ensure_ascii=False))
    elif fmt == "csv":
        rows = [event_row(e) for e in events]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["event_id"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        click.echo(render_table([event_row(e) for e in events]))


@click.command("watch")
@click.argument("directory", required=False)
@click.option("--feeds", "feeds_file", type=click.Path(exists=True, dir_okay=False),
              help="A file listing feed paths or URLs, one per line.")
@db_option
@click.option("--interval", type=float, default=None, help="Seconds between polls (default 0.5, "
              "or $SEISMO_WATCH_INTERVAL).")
@click.option("--max-seconds", type=float, default=None, help="Stop after this long (default: run until Ctrl-C).")
def watch_command(directory, feeds_file, db, interval, max_seconds) -> None:
    """Process new files in DIRECTORY and new feed entries as they arrive (Ctrl-C stops)."""
    from seismo.store import open_store
    from seismo.watch import Watcher, env_interval, read_feed_list
    if not directory and not feeds_file:
        raise click.UsageError("give a DIRECTORY to watch, --feeds FILE, or both")
    feeds = read_feed_list(feeds_file) if feeds_file else None
    with open_store(db_url(db)) as store:
        watcher = Watcher(store, interval=interval or env_interval())
        try:
            stats = watcher.run(directory, feeds, max_seconds=max_seconds)
        except KeyboardInterrupt:
            stats = watcher.stats
    click.echo(stats.summary(), err=True)


def register(group: click.Group) -> None:
    group.add_command(run_command)
    group.add_command(events_command)
    group.add_command(watch_command)
