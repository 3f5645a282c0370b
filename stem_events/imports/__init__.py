"""Moderated import of organisations' iCal feeds, kept in sync: sources at
/manage/imports, coordinators' pages at /admin/imports, `flask imports add|run|list`."""

from flask import Flask


def register(app: Flask) -> None:
    from . import models as _models  # noqa: F401  (register tables)
    from .admin_views import bp as admin_bp
    from .cli import imports_cli
    from .manage_views import bp

    app.cli.add_command(imports_cli)
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)

    @app.template_global()
    def import_source_of(event_id: int | None):
        """The source an event was imported from (None for typed events)."""
        from .sources import source_of

        return source_of(event_id) if event_id else None
