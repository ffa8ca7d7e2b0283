"""Event commands: `seismo extract` (and, added by the lead, `run` and `events`).

`seismo extract PATH... --format jsonl` streams one JSON event per line (Event.to_dict()) without
touching the database.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator

import click

from seismo.records import Document, OffsetMap


def register(group: click.Group) -> None:
    group.add_command(_extract_command())


def _extract_command() -> click.Command:
    @click.command("extract")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
    @click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
                  help="Output format (one JSON event per line).")
    def extract(paths: tuple[str, ...], fmt: str) -> None:
        """Extract events from files or directories and print them (no database)."""
        from seismo.pipeline import Pipeline
        pipeline = Pipeline()
        out = sys.stdout
        for doc, result in pipeline.extract(_documents(paths)):
            if not isinstance(result, list):
                click.echo(f"{doc.id}: [{result.code}] {result.message}", err=True)
                continue
            for ev in result:
                out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
        out.flush()

    return extract


def _documents(paths: tuple[str, ...]) -> Iterator[Document]:
    """Documents through the ingest and clean stages when they exist, else plain .txt reading."""
    try:
        from seismo.config import doc_budget_seconds
        from seismo.ingest import clean_item, read_paths
    except ImportError:
        yield from _plain_documents(paths)
        return
    budget = doc_budget_seconds()
    for item in read_paths(list(paths)):
        if isinstance(item, Document):
            item = clean_item(item, budget)
        if isinstance(item, Document):
            yield item
        else:   # a Rejection from ingestion or cleaning
            click.echo(f"{item.doc_id}: [{item.code}] {item.message}", err=True)


def _plain_documents(paths: tuple[str, ...]) -> Iterator[Document]:
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*.txt")) if path.is_dir() else [path]
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace")
            yield Document(id=f.stem, source=str(f), raw=text, clean_text=text,
                           offsets=OffsetMap.identity(len(text)))
