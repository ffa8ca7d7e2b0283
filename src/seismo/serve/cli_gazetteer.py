"""`seismo gazetteer import FILE...` and `seismo gazetteer status`: the imported GeoNames store
(seismo.resolve.geonames_store)."""
from __future__ import annotations

import json
from pathlib import Path

import click


@click.group("gazetteer")
def gazetteer() -> None:
    """Import GeoNames dump files into the village-level gazetteer, or show what is loaded."""


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "target", type=click.Path(dir_okay=False), default=None,
              help="Store file (default: $SEISMO_GAZETTEER, else $SEISMO_DATA_DIR/geonames.sqlite).")
@click.option("--force", is_flag=True, help="Re-read files already imported unchanged.")
def import_command(files: tuple[str, ...], target: str | None, force: bool) -> None:
    """Stream GeoNames files (XX.txt, XX.zip, allCountries.zip, admin1CodesASCII.txt,
    admin2Codes.txt, alternateNamesV2.zip) into the store; re-importing is idempotent."""
    from seismo.resolve.geonames_store import import_files, store_path
    path = Path(target) if target else store_path()

    def progress(name: str, rows: int) -> None:
        click.echo(f"  {name}: {rows:,} rows", err=True)

    click.echo(f"importing into {path}", err=True)
    for r in import_files([Path(f) for f in files], path, force=force, progress=progress):
        state = "already imported, skipped" if r["skipped"] else f"{r['seconds']:.1f} s"
        click.echo(f"{r['file']}\t{r['kind']}\t{r['rows']:,} rows\t{state}")


@gazetteer.command("status")
@click.option("--store", "target", type=click.Path(dir_okay=False), default=None,
              help="Store file (default: $SEISMO_GAZETTEER, else $SEISMO_DATA_DIR/geonames.sqlite).")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status_command(target: str | None, as_json: bool) -> None:
    """Which GeoNames files are imported, how many places and names, which countries."""
    from seismo.resolve.geonames_store import status
    st = status(Path(target) if target else None)
    if as_json:
        click.echo(json.dumps(st, indent=2))
        return
    if not st["present"]:
        click.echo(f"no GeoNames import at {st['path']}: using the shipped gazetteer only")
        return
    click.echo(f"{st['path']} ({st['bytes'] / 1e6:.1f} MB): {st['places']:,} places, "
               f"{st['names']:,} names, {st['admin_codes']:,} division codes")
    click.echo("countries: " + (" ".join(st["countries"]) or "-"))
    click.echo("feature classes: " + " ".join(f"{k}={v:,}" for k, v in st["feature_classes"].items()))
    for f in st["files"]:
        click.echo(f"  {f['file']}\t{f['kind']}\t{f['rows']:,} rows\t{f['imported_at']}")


def register(group: click.Group) -> None:
    group.add_command(gazetteer)
