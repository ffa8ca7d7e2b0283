"""Documentation tests: a setting, error code or command that is not documented fails here."""
import re
from pathlib import Path

from click.testing import CliRunner

import seismo.errors as errors
from seismo.serve.cli import cli, register_all

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "seismo"


def test_every_environment_setting_is_documented():
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r"[\"'](SEISMO_[A-Z_]+)[\"']", path.read_text(encoding="utf-8")))
    for path in (ROOT / "tests").rglob("*.py"):
        used |= set(re.findall(r"environ\.get\([\"'](SEISMO_[A-Z_]+)", path.read_text(encoding="utf-8")))
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(s for s in used if f"`{s}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"


def test_every_error_code_is_documented():
    documented = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    codes = {cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.SeismoError)}
    assert not [c for c in codes if f"| {c} |" not in documented]


def test_every_command_has_help_and_is_in_the_cli_docs():
    register_all()
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    runner = CliRunner()
    for name, command in cli.commands.items():
        assert command.help, f"command {name} has no help text"
        assert f"`seismo {name}" in documented, f"command {name} missing from docs/cli.md"
        assert runner.invoke(cli, [name, "--help"]).exit_code == 0


def test_the_extraction_steps_table_matches_the_declared_steps():
    from seismo.extract.coder_steps import STEPS
    documented = (ROOT / "docs" / "extraction.md").read_text(encoding="utf-8")
    for step in STEPS:
        row = f"| `{step.name}` | " + ", ".join(f"`{n}`" for n in step.needs) + " | " \
            + (", ".join(f"`{n}`" for n in step.sets) or "—") + " |"
        assert row in documented, f"docs/extraction.md: the row of step {step.name} is out of date"
