"""Coordinators' review of events under /admin: the queue and the decision."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.moderation.admin_views import bp

    app.register_blueprint(bp)
