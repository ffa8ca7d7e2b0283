"""Every registered export format is documented, offered by `seismo export` and by the API."""
from pathlib import Path

import click

from seismo.serve.export_formats import ExportFormat, formats, get_format, register_format

DOCS = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_every_format_is_documented():
    documented = DOCS.read_text(encoding="utf-8")
    for name, fmt in formats().items():
        assert f"| `{name}` | `{fmt.media_type}` | `.{fmt.extension}` |" in documented, name


def test_every_format_is_offered_by_the_cli():
    from seismo.serve.cli_serve import export_command
    [option] = [p for p in export_command.params if p.name == "fmt"]
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(formats())


def test_every_format_is_offered_by_the_api(tmp_path):
    from seismo.serve.api import create_app
    schema = create_app(str(tmp_path / "x.duckdb"), "k").openapi()
    [param] = [p for p in schema["paths"]["/api/export"]["get"]["parameters"] if p["name"] == "format"]
    assert param["schema"]["enum"] == list(formats())
    content = schema["paths"]["/api/export"]["get"]["responses"]["200"]["content"]
    assert set(content) == {f.media_type for f in formats().values()}


def test_an_outside_format_registers_through_the_same_hook():
    before = formats()
    try:
        register_format(ExportFormat("ids", "text/plain", "txt", lambda events, _: b"\n".join(
            e.event_id.encode() for e in events)))
        assert get_format("ids").write([], None) == b""
        assert list(formats())[:len(before)] == list(before)
    finally:
        from seismo.serve import export_formats
        export_formats._FORMATS.pop("ids", None)
