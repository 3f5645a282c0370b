"""Publishing our events in UiTdatabank (publiq) and keeping them in step: the client
(`client.py`), the mapping to their event JSON (`mapping.py`), the sync queue written with
each change (`queue.py`) and its sender (`export.py`); `flask uitdatabank export|sync|status`
(`import` is added by `stem_events/imports/uitdatabank.py`)."""

from flask import Flask


def register(app: Flask) -> None:
    from . import models as _models  # noqa: F401  (register tables)
    from . import queue as _queue  # noqa: F401  (the listener that writes jobs)
    from .admin_views import bp as admin_bp
    from .cli import uitdatabank_cli
    from .manage_views import bp as manage_bp

    app.cli.add_command(uitdatabank_cli)
    app.register_blueprint(manage_bp)
    app.register_blueprint(admin_bp)

    @app.template_global()
    def uitdatabank_enabled() -> bool:
        return _queue.enabled()
