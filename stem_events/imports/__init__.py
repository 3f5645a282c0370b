"""Moderated import of organisations' iCal feeds, kept in sync: sources at
/manage/imports, coordinators' pages at /admin/imports, `flask imports add|run|list`."""

from flask import Flask


def register(app: Flask) -> None:
    from . import models as _models  # noqa: F401  (register tables)
    from . import uitdatabank as _uitdatabank  # noqa: F401  (`flask uitdatabank import`)
    from .admin_views import bp as admin_bp
    from .cli import imports_cli
    from .manage_views import bp

    app.cli.add_command(imports_cli)
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    from .uitdatabank_admin_views import bp as uitdatabank_admin_bp

    app.register_blueprint(uitdatabank_admin_bp)
