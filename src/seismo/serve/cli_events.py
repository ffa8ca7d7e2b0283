"""Event commands: `seismo extract` (`run` and `events` are in cli_run).

`seismo extract PATH... --format jsonl` streams one JSON event per line (Event.to_dict()) without
touching the database.
"""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Iterator

import click

from seismo.serve.cli_filters import min_confidence_option

if TYPE_CHECKING:   # annotations only; _documents imports it when a command runs
    from seismo.records import Document


def register(group: click.Group) -> None:
    group.add_command(_extract_command())


def _extract_command() -> click.Command:
    @click.command("extract")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
    @click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
                  help="Output format (one JSON event per line).")
    @min_confidence_option()
    def extract(paths: tuple[str, ...], fmt: str, min_confidence: float | None) -> None:
        """Extract events from files or directories and print them (no database)."""
        from seismo.pipeline import Pipeline
        pipeline = Pipeline()
        out = sys.stdout
        for doc, result in pipeline.extract(_documents(paths)):
            if not isinstance(result, list):
                click.echo(f"{doc.id}: [{result.code}] {result.message}", err=True)
                continue
            for ev in result:
                if min_confidence is not None and ev.confidence < min_confidence:
                    continue
                out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
        out.flush()

    return extract


def _documents(paths: tuple[str, ...]) -> Iterator[Document]:
    """Documents through the ingest readers and the cleaner (time-budgeted); rejections go to
    stderr with their codes and the rest of the input goes on."""
    from seismo.config import doc_budget_seconds
    from seismo.ingest import clean_item, read_paths
    from seismo.records import Document
    budget = doc_budget_seconds()
    for item in read_paths(list(paths)):
        if isinstance(item, Document):
            item = clean_item(item, budget)
        if isinstance(item, Document):
            yield item
        else:   # a Rejection from ingestion or cleaning
            click.echo(f"{item.doc_id}: [{item.code}] {item.message}", err=True)
