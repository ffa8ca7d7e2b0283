from click.testing import CliRunner

from seismo.serve.cli import _register_all, cli


def test_help_lists_commands():
    _register_all()
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Seismo" in result.output
