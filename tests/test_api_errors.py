"""The API's errors are the classes of seismo.errors, mapped to HTTP statuses by one table."""
import ast
import re
from pathlib import Path

import seismo.errors as errors
from seismo.serve.api_errors import HTTP_STATUS, status_of

SERVE = Path(__file__).resolve().parents[1] / "src" / "seismo" / "serve"


def test_every_request_error_answers_the_status_its_code_names():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.RequestError)
               and c is not errors.RequestError]
    assert classes
    for cls in classes:
        assert cls in HTTP_STATUS, f"{cls.__name__} missing from HTTP_STATUS"
        assert cls.code == f"HTTP{HTTP_STATUS[cls]}"


def test_a_stage_error_answers_as_its_family():
    assert status_of(errors.NoArticle("x")) == 422
    assert status_of(errors.TimeBudgetExceeded("x")) == 422
    assert status_of(errors.ConflictingId("x")) == 409
    assert status_of(errors.DatabaseBusy("x")) == 503
    assert status_of(errors.MigrationError("x")) == 400


def test_a_rejection_code_finds_its_class():
    assert errors.error_class("E106") is errors.NoArticle
    assert errors.error_class("HTTP404") is errors.NotFound
    assert errors.error_class("E999") is errors.SeismoError


def test_serve_raises_classes_not_literal_codes_and_looks_up_no_module_by_name():
    literal_code = re.compile(r"^(E|HTTP)\d{3}$")
    found = []
    for path in SERVE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and literal_code.match(node.value):
                found.append(f"{path.name}:{node.lineno} {node.value}")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if "importlib" in names and "resources" not in [a.name for a in node.names]:
                    found.append(f"{path.name}:{node.lineno} importlib")
            if isinstance(node, ast.Attribute) and node.attr == "import_module":
                found.append(f"{path.name}:{node.lineno} import_module")
    assert not found, found
