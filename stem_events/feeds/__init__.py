"""iCalendar feeds: `/agenda.ics`, `/events/<id>.ics`, `/feeds/<token>.ics` (CONTRACT.md)."""

from flask import Flask


def register(app: Flask) -> None:
    from . import models as _models  # noqa: F401  (register tables)
    from .cli import feeds_cli
    from .views import bp

    app.config.setdefault("FEED_REFRESH_SECONDS", 3 * 3600)
    app.register_blueprint(bp)
    app.cli.add_command(feeds_cli)
