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


# Functions templates may call: formatting only, none reads the database (a page's data is
# gathered by its view, through `hooks.gather` where a higher domain contributes).
PURE_TEMPLATE_GLOBALS = {"url_for", "session_range", "iso_local", "age_label", "price_label",
                         "education_levels_label", "uitdatabank_enabled", "admin_nav",
                         "_", "gettext", "ngettext",  # i18n's messages
                         "kept",  # i18n's parts of pages: messages and fixed links
                         # the filter form from the choices the view read (filter_form.form)
                         "agenda_filter_form"}


def test_templates_call_no_function_that_queries(app):
    """No template global of ours runs a query while the page renders (the network moment,
    the State-of-the-STEM choice link, the import source, the subscribe dialog's figures and
    the registration block are handed to the template by the view)."""
    ours = {name for name, value in app.jinja_env.globals.items()
            if callable(value) and getattr(value, "__module__", "").startswith("stem_events")}
    assert ours <= PURE_TEMPLATE_GLOBALS


def test_session_listeners_are_installed_from_one_table():
    """No module registers a SQLAlchemy session listener at import time; they are all in
    `session_listeners.LISTENERS`, installed once by create_app."""
    scattered = [f"{path.relative_to(PACKAGE.parent)}" for path in PACKAGE.rglob("*.py")
                 if path.name != "session_listeners.py"
                 and ("listens_for(Session" in path.read_text()
                      or "listen(Session" in path.read_text())]
    assert scattered == []


def test_signals_are_connected_only_in_reactions():
    """Cross-domain reactions are listed in one place: no package keeps a hand-rolled registry
    (a module-level list that other packages append callables to), and only
    `reactions.py` connects receivers to our signals."""
    registries, connects = [], []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        name = path.relative_to(PACKAGE.parent)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("register_") and any(
                    isinstance(call, ast.Attribute) and call.attr == "append"
                    for call in ast.walk(node)):
                registries.append(f"{name}:{node.lineno} {node.name}")
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(
                    node.value, ast.List) and not node.value.elts:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                registries += [f"{name}:{node.lineno} {t.id}" for t in targets
                               if isinstance(t, ast.Name) and t.id.isupper()]
        if path.name != "reactions.py":
            connects += [f"{name}:{node.lineno}" for node in ast.walk(tree)
                         if isinstance(node, ast.Attribute) and node.attr == "connect"
                         and isinstance(node.value, ast.Attribute)
                         and node.value.attr.islower()]
    assert registries == []
    assert connects == []


def test_every_template_folder_is_named_after_a_package():
    """Templates mirror the packages (`templates/<package>/…`): no folder of its own such as
    the former `templates/manage/` (events) or `templates/admin/` (web)."""
    templates = PACKAGE.parent / "templates"
    shared = {"macros", "errors", "mail", "pages", "embed", "organisations"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    strays = sorted(folder.name for folder in templates.iterdir()
                    if folder.is_dir() and folder.name not in packages | shared)
    assert strays == []


def test_code_does_not_refer_to_issue_numbers():
    """Docstrings and comments say why, not which ticket: an issue number means nothing to
    the next reader (the git log keeps that history)."""
    import re

    mentions = [f"{path.relative_to(PACKAGE.parent)}:{number}"
                for path in PACKAGE.rglob("*.py")
                for number, line in enumerate(path.read_text().splitlines(), 1)
                if re.search(r"\b[Ii]ssue #?\d+", line)]
    assert mentions == []
