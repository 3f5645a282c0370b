"""Coordinators' pages under /admin: the review queue, organisations, audit log, holidays."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.moderation.admin_views import bp

    app.register_blueprint(bp)
