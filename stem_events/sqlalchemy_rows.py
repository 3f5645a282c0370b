"""Load SQLAlchemy's result rows from its Python code instead of its compiled module.

SQLAlchemy 2.1.9's compiled `sqlalchemy.engine._result_cy` corrupts memory on SQLite: the demo
data built twice in one process ended in a segmentation fault inside the garbage collector,
every time, and passed every time with the module's Python source (the same code, without
Cython's unchecked indexing). Only that one module is swapped; the other compiled modules
stay. This must run before anything imports `sqlalchemy.engine`: `stem_events/__init__.py`
imports it first, and pytest loads it as a plugin (pyproject `addopts`). Remove it when a
SQLAlchemy release fixes the crash (the test in tests/test_app.py then shows it is gone).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys

MODULE = "sqlalchemy.engine._result_cy"


class PythonResultRows(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != MODULE or not path:
            return None
        for folder in path:
            source = os.path.join(folder, "_result_cy.py")
            if os.path.exists(source):
                return importlib.util.spec_from_file_location(name, source)
        return None


if MODULE not in sys.modules and not any(isinstance(f, PythonResultRows) for f in sys.meta_path):
    sys.meta_path.insert(0, PythonResultRows())
