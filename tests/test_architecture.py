"""The shape of the code: import rules that `make lint` (import-linter) does not cover."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "stem_events"


def _imported_names():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.level or (
                    node.module or "").startswith("stem_events")):
                for alias in node.names:
                    yield path.relative_to(PACKAGE.parent), node.lineno, alias.name


def test_no_private_name_is_imported_from_another_module():
    """A `_helper` is private to its module: another module that needs it gets a public name."""
    private = [f"{path}:{line} imports {name}" for path, line, name in _imported_names()
               if name.startswith("_") and not name.startswith("__")]
    assert private == []
