"""Audiences (doelgroepen): whom an event or initiative is for, beside its age range."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.audiences.admin_views import bp

    app.register_blueprint(bp)
