"""The monitoring report for coordinators."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.reports.admin_views import bp
    from stem_events.reports.views import bp as public_bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
