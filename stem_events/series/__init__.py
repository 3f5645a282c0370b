"""Series: the dates of a series around the school holidays (`schedule.py`) and the
organisers' pages of an event's sessions (add, move, cancel, restore)."""

from flask import Flask


def register(app: Flask) -> None:
    from .manage_views import bp

    app.register_blueprint(bp)
