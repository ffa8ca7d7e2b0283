"""`seismo` command line: a thin shell over library calls.

Each command group lives in its own module and registers itself here (the built-in commands
use the same `register(cli)` hook an outside plugin would). Logging is configured only here.
"""
from __future__ import annotations

import importlib
import logging
import sys

import click

from seismo import __version__
from seismo.config import redirect_caches, tune_gc

# Modules that contribute commands; each exposes `register(group)`.
COMMAND_MODULES = [
    "seismo.serve.cli_docs",     # ingest, docs, show, stats
    "seismo.serve.cli_run",      # run (the main job), events
    "seismo.serve.cli_events",   # extract
    "seismo.serve.cli_places",   # places, bench-geo helpers
    "seismo.serve.cli_gazetteer",  # gazetteer import|status
    "seismo.serve.cli_actors",   # actors
    "seismo.serve.cli_bench",    # bench quality|speed|geo
    "seismo.serve.cli_serve",    # serve, export, alerts, incidents, risk
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


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue   # a command group not built yet
            raise
        module.register(cli)


def main(argv: list[str] | None = None) -> int:
    tune_gc()
    redirect_caches()
    _register_all()
    return cli.main(args=argv, prog_name="seismo", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main())
