"""Coordinators' pages under /admin: the review queue, organisations, audit log, holidays."""

from flask import Flask


def register(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
