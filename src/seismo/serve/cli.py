"""`seismo` command line: a thin shell over library calls.

Each command group lives in its own module and registers itself here (the built-in commands
use the same `register(cli)` hook an outside plugin would: `register_all(extra=[module])`).
Logging is configured only here.
"""
from __future__ import annotations

import logging
import sys

import click

from seismo import __version__
from seismo.config import redirect_caches, tune_gc
from seismo.serve import (cli_actors, cli_bench, cli_docs, cli_events, cli_gazetteer, cli_places, cli_run,
                          cli_serve)

# Modules that contribute commands; each exposes `register(group)`.
COMMAND_MODULES = [
    cli_docs,       # ingest, docs, show, stats
    cli_run,        # run (the main job), events, watch
    cli_events,     # extract
    cli_places,     # places, bench-geo helpers
    cli_gazetteer,  # gazetteer import|status
    cli_actors,     # actors
    cli_bench,      # bench quality|speed|geo
    cli_serve,      # serve, export, alerts, incidents
]


class SeismoGroup(click.Group):
    """Any Seismo error a command lets through ends as one line "Error: [E...] message" on
    stderr with exit status 1, never a traceback (-vv logs the traceback)."""

    def invoke(self, ctx):
        from seismo.errors import SeismoError
        try:
            return super().invoke(ctx)
        except SeismoError as exc:
            logging.getLogger("seismo.cli").debug("command failed", exc_info=True)
            raise click.ClickException(str(exc)) from exc


@click.group(cls=SeismoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seismo")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Seismo: structured, geocoded, evidence-backed conflict and minerals events from news.

    The database is a DuckDB file by default (var/seismo.duckdb); set it with --db on each
    command or the SEISMO_DB environment variable.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def register_all(extra=()) -> None:
    """Add the commands of COMMAND_MODULES, then of `extra` modules, to `cli` (idempotent)."""
    for module in [*COMMAND_MODULES, *extra]:
        module.register(cli)


def main(argv: list[str] | None = None) -> int:
    tune_gc()
    redirect_caches()
    register_all()
    return cli.main(args=argv, prog_name="seismo", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main())
