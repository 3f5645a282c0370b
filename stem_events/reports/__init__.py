"""The monitoring report for coordinators."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.reports.admin_views import bp

    app.register_blueprint(bp)
