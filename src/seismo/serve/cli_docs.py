"""`seismo ingest | docs | show | stats`: documents in and out of the store."""
from __future__ import annotations

import sys

import click

from seismo.config import db_url
from seismo.errors import SeismoError
from seismo.serve.cli_run import db_option, render_table


def open_db(db: str | None, read_only: bool = False):
    """The store, with a busy or misconfigured database reported as a one-line error (exit 1)."""
    from seismo.store import open_store
    try:
        return open_store(db_url(db), read_only=read_only)
    except SeismoError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--extract/--no-extract", default=False, help="Also extract events from what went in.")
@click.option("--engine", type=click.Choice(["local", "dask", "ray"]), default="local", show_default=True,
              help="Where extraction runs (with --extract); 'ray' only says why Dask is used instead.")
@click.option("--workers", type=int, default=1, show_default=True, help="Worker processes for --engine dask.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("--retry-failed", is_flag=True, help="With --extract: try again the documents whose extraction "
              "failed before (time budget E301, parser errors); by default they are not retried.")
def ingest_command(paths, db, extract, engine, workers, progress, retry_failed) -> None:
    """Read PATHS (files, directories, JSONL, feeds; '-' for stdin) into the database.

    Exit status is 0 when at least one document went in or was already stored, 1 otherwise.
    """
    from seismo.engine import check_engine
    from seismo.process import ProcessOptions, ingest_and_extract
    check_engine(engine)    # a bad choice fails before anything is read
    options = ProcessOptions(extract=extract, retry_failed=retry_failed, engine=engine, workers=workers,
                             progress=sys.stderr.isatty() if progress is None else progress, one_run=True,
                             on_ingested=_echo_ingested)
    with open_db(db) as store:
        result = ingest_and_extract(store, list(paths), options)
    summary, extracted = result.ingested, result.extracted
    if extracted is not None:
        click.echo(f"extracted {extracted.events} events from {extracted.documents} documents "
                   f"({extracted.failed} failed)")
    if not summary.ok:
        click.echo("nothing could be ingested: " + ("; ".join(summary.messages[:3]) or "no input"), err=True)
        sys.exit(1)


def _echo_ingested(summary) -> None:
    for message in summary.messages[:50]:
        click.echo(f"  {message}", err=True)
    click.echo(summary.format())


@click.command("docs")
@db_option
@click.option("--query", "-q", help="Search title, text and id (case-insensitive).")
@click.option("--status", type=click.Choice(["ok", "not_processed", "duplicate", "rejected"]))
@click.option("--limit", type=int, default=50, show_default=True)
def docs_command(db, query, status, limit) -> None:
    """List or search stored documents; `--status rejected` lists rejected inputs with their codes."""
    with open_db(db, read_only=True) as store:
        docs = store.documents(query=query, status=status, limit=limit)
        rejected = store.rejections(limit=limit) if status == "rejected" else []
    if rejected:   # rejected inputs are kept in the rejections table, with no document row
        rows = [{"id": r.doc_id, "code": r.code, "stage": r.stage, "message": r.message, "source": r.source or ""}
                for r in rejected if not query or query.lower() in f"{r.doc_id} {r.message}".lower()]
        click.echo(render_table(rows, ("id", "code", "stage", "message", "source"), width=60)
                   if rows else "(no rejections)")
        return
    rows = [{"id": d.id, "status": d.status, "published": d.published or "", "language": d.language or "",
             "title": d.title or d.clean_text[:60].replace("\n", " "), "source": d.source} for d in docs]
    click.echo(render_table(rows, ("id", "status", "published", "language", "title", "source"), width=40)
               if rows else "(no documents)")


@click.command("show")
@click.argument("item_id")
@db_option
def show_command(item_id, db) -> None:
    """Show a document (clean text, metadata, rejections) or an event (evidence highlighted)."""
    with open_db(db, read_only=True) as store:
        doc = store.get_document(item_id)
        rejections = store.rejections(item_id)
        event = None if doc else store.get_event(item_id)
    if doc:
        _print_document(doc, rejections)
    elif event:
        click.echo(format_event(event))
    elif rejections:
        for rej in rejections:
            click.echo(f"rejected at {rej.stage}: [{rej.code}] {rej.message} ({rej.source})")
    else:
        raise click.ClickException(f"no document or event with id {item_id!r}")


def _print_document(doc, rejections) -> None:
    for key in ("id", "source", "format", "url", "title", "published", "published_from", "language",
                "status", "status_reason", "duplicate_of", "outlet", "content_hash"):
        value = getattr(doc, key)
        if value:
            click.echo(f"{key:15s} {value}")
    for rej in rejections:
        click.echo(f"{'rejection':15s} [{rej.code}] {rej.stage}: {rej.message}")
    click.echo("")
    click.echo(doc.clean_text)


def format_event(event) -> str:
    """The evidence sentence with the trigger in [brackets] and the arguments listed under it."""
    ev = event.evidence
    rel = ev.trigger_start - ev.start
    sentence = ev.sentence
    if 0 <= rel <= len(sentence) and sentence[rel:rel + len(ev.trigger_text)] == ev.trigger_text:
        sentence = f"{sentence[:rel]}[{ev.trigger_text}]{sentence[rel + len(ev.trigger_text):]}"
    lines = [f"{event.type} ({event.mode or '-'})  {event.factuality}"
             + ("  background" if event.historical else "") + f"  doc {event.doc_id}  offsets {ev.start}-{ev.end}",
             "", "  " + click.style(sentence, bold=True), ""]
    for label, value in (("actor1", event.actor1), ("actor2", event.actor2)):
        if value:
            lines.append(f"  {label:10s} {value.text} -> {value.name or '?'} ({value.country or '?'}, {value.sector or '?'})")
    if event.location:
        loc = event.location
        lines.append(f"  {'location':10s} {loc.text} -> {loc.name} ({loc.country}, {loc.lat}, {loc.lon}; {loc.precision})")
    if event.date:
        lines.append(f"  {'date':10s} {event.date.text} -> {event.date.value} ({event.date.precision})")
    if event.fatalities is not None:
        lines.append(f"  {'dead':10s} {event.fatalities}")
    if event.minerals:
        lines.append(f"  {'minerals':10s} {', '.join(m.name for m in event.minerals)}")
    lines += [f"  {'from':10s} " + ", ".join(f"{k}: {v}" for k, v in ev.fields.items())] if ev.fields else []
    return "\n".join(lines)


@click.command("stats")
@db_option
def stats_command(db) -> None:
    """Counts: documents by status, rejections by reason code, events by type, resolver failures."""
    with open_db(db, read_only=True) as store:
        stats = store.stats()
        failures = store.resolver_failures(RECENT_RUNS)
    for title, counts in (("documents", stats.documents_by_status), ("rejections", stats.rejections_by_code),
                          ("events", stats.events_by_type)):
        click.echo(f"{title}: {sum(counts.values())}")
        for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            click.echo(f"  {key:15s} {n}")
    click.echo(f"runs: {stats.runs}")
    click.echo(f"resolver failures (last {RECENT_RUNS} runs): {sum(failures.values())}")
    for name, n in sorted(failures.items(), key=lambda kv: -kv[1]):
        click.echo(f"  {name:15s} {n}")   # each logged with its traceback as E302 when it happened


# Runs whose resolver failures `seismo stats` sums: recent enough to be about this code.
RECENT_RUNS = 10


def register(group: click.Group) -> None:
    for command in (ingest_command, docs_command, show_command, stats_command):
        group.add_command(command)
