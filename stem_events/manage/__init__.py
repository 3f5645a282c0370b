"""Organisers' management of events, sessions and series (/manage), the audit log and the
image store."""

from flask import Flask


def register(app: Flask) -> None:
    from .forms import ACCESSIBILITY
    from .views import bp, media

    app.register_blueprint(bp)
    app.register_blueprint(media)

    @app.template_filter("accessibility_label")
    def accessibility_label(code: str) -> str:
        return str(ACCESSIBILITY.get(code, code))
