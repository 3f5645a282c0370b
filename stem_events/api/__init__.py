"""The public JSON API `/api/v1` (CONTRACT.md) with its OpenAPI document."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.api.views import bp
    from stem_events.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
