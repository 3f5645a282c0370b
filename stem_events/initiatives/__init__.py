"""The initiatives registry: lasting STEM initiatives, moderated like events."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.initiatives import models as _models  # noqa: F401  (register tables)
    from stem_events.initiatives import search as _search  # noqa: F401  (keep search text current)
    from stem_events.initiatives.admin_views import bp as admin_bp
    from stem_events.initiatives.manage_views import bp as manage_bp
    from stem_events.initiatives.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(admin_bp)
