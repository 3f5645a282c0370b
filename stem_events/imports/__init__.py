"""Moderated import of organisations' iCal feeds, kept in sync: sources at
/manage/imports, `flask imports add|run|list`."""

from flask import Flask


def register(app: Flask) -> None:
    from . import models as _models  # noqa: F401  (register tables)
    from .cli import imports_cli
    from .manage_views import bp

    app.cli.add_command(imports_cli)
    app.register_blueprint(bp)
