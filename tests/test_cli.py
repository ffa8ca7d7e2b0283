from click.testing import CliRunner

from seismo.serve.cli import cli, register_all


def test_help_lists_commands():
    register_all()
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Seismo" in result.output


def test_seismo_errors_end_as_one_line_not_a_traceback(tmp_path, monkeypatch):
    register_all()
    db = str(tmp_path / "c.duckdb")
    (tmp_path / "a.txt").write_text("Rebels attacked the town of Walikale on Sunday.\n")
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--extract", "--engine", "ray", str(tmp_path / "a.txt")])
    assert result.exit_code == 1 and "[E500]" in result.output and "Dask" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "c.duckdb").exists()   # nothing done
    monkeypatch.setenv("SEISMO_DOC_BUDGET_S", "soon")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "a.txt")])
    assert result.exit_code == 1 and "[E500] SEISMO_DOC_BUDGET_S" in result.output
