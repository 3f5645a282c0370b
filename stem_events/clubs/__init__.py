"""Teacher STEM-clubs: local, cross-school meeting places of teachers."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.clubs import models as _models  # noqa: F401  (register the tables)
    from stem_events.clubs.admin_views import bp as admin_bp
    from stem_events.clubs.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
