"""Organisers' management of events, sessions and series (/manage), the audit log and the
image store."""

from flask import Flask


def register(app: Flask) -> None:
    from .views import bp, media

    app.register_blueprint(bp)
    app.register_blueprint(media)
