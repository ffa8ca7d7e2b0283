"""The actor knowledge base users extend: `seismo actors import FILE.csv` (docs/actors.md), and
the ACLED conventions every ACLED CSV row keeps (valid actor1/inter1, actor2/inter2 when present)."""
from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from seismo.resolve.conventions import acled_actor, is_valid_acled_actor
from seismo.records import ActorRef
from seismo.serve.cli import cli, register_all

register_all()

GOOD = ("name,aliases,kind,country,sector,inter,parent,active_from,active_to,source\n"
        "Zaire militia test,Zaïre test;ZM test,org,COD,REB,4,,2022,,UN Group of Experts 2024\n"
        "Kivu Commander Test,,person,COD,REB,,M23,,,press reports 2025\n")


@pytest.fixture()
def actors_dir(tmp_path, monkeypatch):
    from seismo.resolve.kb import get_kb
    monkeypatch.setenv("SEISMO_ACTORS_DIR", str(tmp_path / "kb"))
    get_kb.cache_clear()
    yield tmp_path / "kb"
    get_kb.cache_clear()


def test_import_writes_a_file_the_knowledge_base_loads(tmp_path, actors_dir):
    from seismo.resolve.kb import get_kb
    path = tmp_path / "mine.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["actors", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert (actors_dir / "mine.yaml").exists()
    entry = get_kb().lookup("ZM test")
    assert (entry.name, entry.country, entry.sector, entry.inter, entry.active) == \
        ("Zaire militia test", "COD", "REB", 4, (2022, None))
    commander = get_kb().lookup("Kivu Commander Test")
    assert commander.kind == "person" and commander.parent == "M23"
    # a person with a parent organisation is coded as it, the person as associated actor
    ref = ActorRef("Kivu Commander Test", commander.name, "COD", "REB", kb_id=commander.kb_id)
    assert acled_actor(ref, "COD", None, commander) == ("M23", 2, "Kivu Commander Test")


def test_import_reports_every_bad_row_and_writes_nothing(tmp_path, actors_dir):
    path = tmp_path / "bad.csv"
    path.write_text("name,country,sector,inter,source\nA,XXX,REB,2,x\nB,COD,ZZZ,9,\nA,COD,REB,,y\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["actors", "import", str(path), "--into", str(actors_dir)])
    assert result.exit_code == 1
    assert "[E108]" in result.output and "line 2: country 'XXX'" in result.output
    assert "line 3: sector 'ZZZ'" in result.output and "line 3: inter 9" in result.output
    assert "line 3: source is empty" in result.output and "line 4: name 'A' already on line 2" in result.output
    assert not actors_dir.exists()


def test_import_needs_a_name_column_and_a_target(tmp_path, monkeypatch):
    path = tmp_path / "x.csv"
    path.write_text("title,source\nA,b\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["actors", "import", str(path), "--check"])
    assert result.exit_code == 1 and "missing: name" in result.output and "unknown columns: title" in result.output
    path.write_text(GOOD, encoding="utf-8")
    assert "2 actor(s), all valid" in CliRunner().invoke(cli, ["actors", "import", str(path), "--check"]).output
    monkeypatch.delenv("SEISMO_ACTORS_DIR", raising=False)
    result = CliRunner().invoke(cli, ["actors", "import", str(path)])
    assert result.exit_code == 1 and "--into" in result.output


def test_search_still_takes_a_query():
    result = CliRunner().invoke(cli, ["actors", "M23"])
    assert result.exit_code == 0 and "March 23 Movement" in result.output


@pytest.mark.parametrize("ref, kind, expected", [
    (ActorRef("protesters", sector="CVL", country="NER"), "protest", ("Protesters (Niger)", 6)),
    (ActorRef("villagers", sector="CVL", country="COD"), "violence", ("Rioters (Democratic Republic of Congo)", 5)),
    (ActorRef("gunmen", sector="REB", country="BFA"), "violence", ("Unidentified Armed Group (Burkina Faso)", 3)),
    (ActorRef("the army", sector="MIL", country="MLI"), None, ("Military Forces of Mali", 1)),
    (ActorRef("tear gas and water cannon"), "violence", ("Unidentified Armed Group (Kenya)", 3)),
])
def test_acled_names_follow_the_convention(ref, kind, expected):
    name, inter, _ = acled_actor(ref, "KEN", kind)
    assert (name, inter) == expected and is_valid_acled_actor(name, inter)
    assert not is_valid_acled_actor("tear gas and water cannon", 7)


def test_every_acled_row_of_the_seeds_has_valid_actors(pipeline, seeds_dir):
    from seismo.ingest import clean_item
    from seismo.ingest.readers import read_paths
    from seismo.records import Document
    from seismo.serve.exports import acled_csv
    docs = [d for d in (clean_item(item) for item in read_paths([str(seeds_dir)]) if isinstance(item, Document))
            if isinstance(d, Document)]
    events = [e for _d, result in pipeline.extract(docs) if isinstance(result, list) for e in result]
    rows = list(csv.DictReader(io.StringIO(acled_csv(events))))
    assert rows
    for row in rows:
        assert is_valid_acled_actor(row["actor1"], int(row["inter1"])), row
        if row["actor2"]:
            assert is_valid_acled_actor(row["actor2"], int(row["inter2"])), row
