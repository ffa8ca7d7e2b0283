"""The export formats: one registry that `seismo export --format`, GET /api/export and the docs
all read.

The built-in formats are registered below through `register_format`, the same call an outside
format uses (as datasette registers its own renderers through its plugin hook):

    from seismo.serve.export_formats import ExportFormat, register_format
    register_format(ExportFormat("kml", "application/vnd.google-earth.kml+xml", "kml", to_kml))

A format must be registered before the CLI or the API is built (the command's choices and the
API's documented `format` values are read then): on import of the module that defines it.
The writers themselves live in exports.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from seismo.serve import exports

if TYPE_CHECKING:
    from seismo.records import Event


@dataclass(frozen=True)
class ExportFormat:
    name: str                   # the value of --format and of ?format=
    media_type: str             # the API response's Content-Type
    extension: str              # of the downloaded file, seismo-events.<extension>
    # (events, outlets) -> the file's bytes; outlets maps doc_id to the outlet name when
    # `needs_outlets`, else None.
    write: Callable[[list[Event], dict[str, str] | None], bytes]
    needs_outlets: bool = False
    # (events) -> how many events the format cannot hold (reported, never silently dropped).
    left_out: Callable[[list[Event]], int] | None = None
    left_out_note: str = ""     # what the CLI says after the count, e.g. "with no ACLED event type..."

    def count_left_out(self, events: list[Event]) -> int:
        return self.left_out(events) if self.left_out else 0


_FORMATS: dict[str, ExportFormat] = {}


def register_format(fmt: ExportFormat) -> None:
    """Add a format (a name already registered is replaced: a plugin may override one)."""
    _FORMATS[fmt.name] = fmt


def formats() -> dict[str, ExportFormat]:
    """name -> format, in registration order (the built-ins first)."""
    return dict(_FORMATS)


def names() -> tuple[str, ...]:
    return tuple(_FORMATS)


def get_format(name: str) -> ExportFormat:
    try:
        return _FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name!r}; choose one of {', '.join(_FORMATS)}") from None


def export(events: list[Event], name: str, outlets: dict[str, str] | None = None) -> tuple[bytes, str]:
    """(payload, media type) of the events in a registered format."""
    fmt = get_format(name)
    return fmt.write(events, outlets), fmt.media_type


def _json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _register_builtins() -> None:
    register_format(ExportFormat("acled-csv", "text/csv", "csv",
                                 lambda events, outlets: exports.acled_csv(events, outlets).encode("utf-8"),
                                 needs_outlets=True,
                                 left_out=lambda events: exports.acled_exportable(events)[1],
                                 left_out_note="with no ACLED event type left out of the ACLED format "
                                               "(the other formats keep them)"))
    register_format(ExportFormat("plover-json", "application/json", "json",
                                 lambda events, _: _json_bytes(exports.plover_json(events))))
    register_format(ExportFormat("geojson", "application/geo+json", "geojson",
                                 lambda events, _: _json_bytes(exports.geojson(events))))
    register_format(ExportFormat("parquet", "application/vnd.apache.parquet", "parquet", exports.parquet,
                                 needs_outlets=True))


_register_builtins()
